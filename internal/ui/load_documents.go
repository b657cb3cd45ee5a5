package ui

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/anditms/tms/internal/documents"
	"github.com/anditms/tms/internal/tms"
)

// docsSection is a load's paperwork: every series with its versions, and the upload form.
type docsSection struct {
	Series  []docSeries
	Upload  []Control // type, stop, file; nil when the user may not upload
	Action  string
	Problem *actionProblem
}

// docSeries is one document and its earlier versions (same load, stop and type).
type docSeries struct {
	Latest tms.Document
	Older  []tms.Document
	Stop   string
}

// IsImage reports whether the latest version shows as an image in the page.
func (s docSeries) IsImage() bool {
	return documents.Previewable(s.Latest) && strings.HasPrefix(s.Latest.ContentType, "image/")
}

// IsPDF reports whether the latest version previews in a frame.
func (s docSeries) IsPDF() bool { return s.Latest.ContentType == "application/pdf" }

// officeDocTypes are what office staff attach to a load.
var officeDocTypes = []tms.DocumentType{tms.DocPOD, tms.DocBOL, tms.DocRateConfirmation, tms.DocLumperReceipt,
	tms.DocScaleTicket, tms.DocDeliveryReceipt, tms.DocInvoice, tms.DocOther}

// driverDocTypes are what a driver photographs at the dock (documents.Service enforces it).
var driverDocTypes = []tms.DocumentType{tms.DocPOD, tms.DocBOL, tms.DocLumperReceipt, tms.DocScaleTicket}

// acceptDocs is the file chooser's filter: photos and PDFs.
const acceptDocs = "image/*,application/pdf"

func (u *UI) docsSection(r *http.Request, v loadView, p *actionProblem) (*docsSection, error) {
	if u.documents == nil {
		return nil, nil
	}
	series, err := u.docSeries(r.Context(), v)
	if err != nil {
		return nil, err
	}
	d := &docsSection{Series: series, Action: "/loads/" + strconv.FormatInt(v.ID, 10) + "/documents"}
	if p != nil && p.Action == "upload" {
		d.Problem = p
	}
	if permsOf(r).Upload {
		d.Upload = uploadControls("d-", v, officeDocTypes, d.Problem, isPhone(r))
	}
	return d, nil
}

// docSeries groups the load's documents (newest first) by series.
func (u *UI) docSeries(ctx context.Context, v loadView) ([]docSeries, error) {
	docs, err := u.documents.List(ctx, tms.Owner{Kind: tms.OwnerLoad, ID: v.ID}, false)
	if err != nil {
		return nil, err
	}
	var out []docSeries
	at := map[string]int{}
	for _, d := range docs {
		if i, ok := at[d.Series()]; ok {
			out[i].Older = append(out[i].Older, d)
			continue
		}
		at[d.Series()] = len(out)
		s := docSeries{Latest: d}
		if d.StopID != nil {
			if i := v.StopIndex(*d.StopID); i >= 0 {
				s.Stop = "Stop " + strconv.Itoa(v.Stops[i].Seq) + ", " + v.Stops[i].Facility.Name
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// uploadControls are the upload form's inputs. On a phone the file input opens the camera.
func uploadControls(prefix string, v loadView, types []tms.DocumentType, p *actionProblem, phone bool) []Control {
	f := newForm(nil)
	if p != nil {
		f = p.Form
	}
	if f.Get("type") == "" {
		f.Values.Set("type", string(tms.DocPOD))
	}
	stops := make([]option, len(v.Stops))
	for i, s := range v.Stops {
		stops[i] = idOption(s.ID, "Stop "+strconv.Itoa(s.Seq)+" — "+label(s.Kind)+", "+s.Facility.Name)
	}
	file := control(prefix, "file", "File", "file").required().hint("A photo or a PDF").from(f)
	file.Accept = acceptDocs
	if phone {
		file.Capture = "environment"
	}
	return []Control{
		control(prefix, "type", "Document", "").choose("", stringOptions(types)).required().from(f),
		control(prefix, "stop_id", "Stop", "").choose("The whole load", stops).from(f),
		file,
	}
}

// isPhone guesses from the User-Agent whether the file input should open the camera.
func isPhone(r *http.Request) bool {
	ua := r.UserAgent()
	return strings.Contains(ua, "Mobi") || strings.Contains(ua, "Android")
}

// uploadLoadDocument files a document on a load from the load page.
func (u *UI) uploadLoadDocument(w http.ResponseWriter, r *http.Request) error {
	return u.loadAction(w, r, "upload", func(id int64, f Form) (string, error) {
		return u.upload(r, id, f)
	})
}

// generateBOL prints the load's bill of lading as its next bol document; refusals show in
// the documents section, as an upload's do.
func (u *UI) generateBOL(w http.ResponseWriter, r *http.Request) error {
	return u.loadAction(w, r, "upload", func(id int64, _ Form) (string, error) {
		if u.documents == nil {
			return "", tms.Errorf(tms.CodeNotFound, "documents are not kept on this server")
		}
		d, err := u.documents.GenerateBOL(r.Context(), id)
		return "Generated the bill of lading, version " + strconv.Itoa(d.Version) + ".", err
	})
}

// upload stores the posted file as a document of load id, as the signed-in user.
func (u *UI) upload(r *http.Request, id int64, f Form) (string, error) {
	if u.documents == nil {
		return "", tms.Errorf(tms.CodeNotFound, "documents are not kept on this server")
	}
	v := tms.Validation{}
	o := tms.Owner{Kind: tms.OwnerLoad, ID: id}
	if stop := formID(f, "stop_id", false, v); stop != nil {
		o.StopID = *stop
	}
	file, header, err := r.FormFile("file")
	v.Check(err == nil, "file", "choose a photo or a PDF")
	if err := v.Err(); err != nil {
		return "", err
	}
	defer file.Close()
	typ := tms.DocumentType(f.Get("type"))
	d, err := u.documents.Upload(r.Context(), o, typ, header.Filename, file)
	return "Uploaded " + label(d.Type) + " " + d.Filename + ".", err
}
