package api

import (
	"io"
	"net/http"
	"slices"

	"github.com/anditms/tms/internal/authz"
	"github.com/anditms/tms/internal/edi"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

// ediRoutes: trading partners, the file log (upload, raw download, retry, the partner's
// outbox pickup), the tender inbox and 210s for invoices.
func (a *API) ediRoutes() []Route {
	s := a.Store
	fileQuery := append([]string{"partner_id", "direction", "status", "transaction"}, pageParams...)
	return slices.Concat(
		resource[tms.TradingPartner]{"/api/v1/edi/partners", "edi", s.CreateTradingPartner, s.TradingPartner, s.ListTradingPartners, s.UpdateTradingPartner,
			func(v *tms.TradingPartner) *tms.Meta { return &v.Meta }, authz.Dispatch}.routes(),
		[]Route{
			{"POST /api/v1/edi/partners/{id}/outbox", authz.Dispatch, a.pickupOutbox, Doc{Summary: "Take the partner's pending outbound files; they are marked sent", Tag: "edi", Out: []pickedFile{}}},
			{"GET /api/v1/edi/files", authz.OfficeRead, a.listEDIFiles, Doc{Summary: "The EDI file log, newest first", Tag: "edi", Out: tms.Page[tms.EDIFile]{}, Query: fileQuery}},
			{"POST /api/v1/edi/files", authz.Dispatch, a.uploadEDIFile, Doc{Summary: "Upload an inbound X12 file: logged, read, tenders filed, 997 queued", Tag: "edi", Out: tms.EDIFile{}, Status: 201, Upload: "multipart/form-data"}},
			{"GET /api/v1/edi/files/{id}", authz.OfficeRead, a.getEDIFile, Doc{Summary: "One file log entry", Tag: "edi", Out: tms.EDIFile{}}},
			{"GET /api/v1/edi/files/{id}/payload", authz.OfficeRead, a.ediPayload, Doc{Summary: "The file's raw bytes as received or sent", Tag: "edi", Produces: "application/edi-x12"}},
			{"POST /api/v1/edi/files/{id}/retry", authz.Dispatch, a.retryEDIFile, Doc{Summary: "Read a failed inbound file again, or requeue a failed or rejected outbound one", Tag: "edi", Out: tms.EDIFile{}}},
			{"GET /api/v1/edi/tenders", authz.OfficeRead, a.listTenders, Doc{Summary: "The tender inbox, newest first", Tag: "edi", Out: tms.Page[tms.EDITender]{}, Query: append([]string{"partner_id", "status"}, pageParams...)}},
			{"GET /api/v1/edi/tenders/{id}", authz.OfficeRead, a.getTender, Doc{Summary: "One tender with its 204 as read", Tag: "edi", Out: tms.EDITender{}}},
			{"POST /api/v1/edi/tenders/{id}/accept", authz.Dispatch, a.acceptTender, Doc{Summary: "Accept a tender: its load is created and a 990 queued", Tag: "edi", In: tenderAccept{}, Out: tms.EDITender{}}},
			{"POST /api/v1/edi/tenders/{id}/decline", authz.Dispatch, a.declineTender, Doc{Summary: "Decline a tender with a reason; a 990 is queued", Tag: "edi", In: tenderDecline{}, Out: tms.EDITender{}}},
			{"POST /api/v1/edi/invoices/{id}/210", authz.Accounting, a.sendInvoice210, Doc{Summary: "Queue the 210 of a sent invoice for the customer's partner", Tag: "edi", Out: tms.EDIFile{}}},
		})
}

// tenderAccept names facilities for stops the tender's names do not match (S5 sequence ->
// facility id).
type tenderAccept struct {
	Version    int           `json:"version,omitempty"`
	Facilities map[int]int64 `json:"facilities,omitempty"`
}

type tenderDecline struct {
	Version int    `json:"version,omitempty"`
	Reason  string `json:"reason"`
}

// pickedFile is an outbound file handed to the partner with its X12 text.
type pickedFile struct {
	File    tms.EDIFile `json:"file"`
	Payload string      `json:"payload"`
}

func (a *API) listEDIFiles(w http.ResponseWriter, r *http.Request) error {
	p, err := pageRequest(r)
	if err != nil {
		return err
	}
	q, v := r.URL.Query(), tms.Validation{}
	f := tms.EDIFileFilter{Page: p, PartnerID: int64(web.QueryInt(q.Get("partner_id"), v, "partner_id")), Direction: tms.EDIDirection(q.Get("direction")),
		Status: tms.EDIFileStatus(q.Get("status")), Transaction: q.Get("transaction")}
	if err := v.Err(); err != nil {
		return err
	}
	page, err := a.Store.ListEDIFiles(r.Context(), f)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, page)
}

func (a *API) uploadEDIFile(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, edi.MaxFileBytes)
	f, err := uploadedFile(r)
	if err != nil {
		return err
	}
	defer f.Close()
	payload, err := io.ReadAll(f)
	if err != nil || len(payload) == 0 {
		return tms.Errorf(tms.CodeInvalid, "the uploaded file is empty or unreadable")
	}
	logged, err := a.EDI.Receive(r.Context(), r.MultipartForm.File["file"][0].Filename, payload)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusCreated, logged)
}

func (a *API) getEDIFile(w http.ResponseWriter, r *http.Request) error {
	f, err := a.ediFile(r)
	if err != nil {
		return err
	}
	f.Payload = nil
	return web.WriteJSON(w, http.StatusOK, f)
}

func (a *API) ediFile(r *http.Request) (tms.EDIFile, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return tms.EDIFile{}, err
	}
	return a.Store.EDIFile(r.Context(), id)
}

func (a *API) ediPayload(w http.ResponseWriter, r *http.Request) error {
	f, err := a.ediFile(r)
	if err != nil {
		return err
	}
	return web.WriteEDI(w, f.DownloadName(), f.Payload, false)
}

func (a *API) retryEDIFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := a.EDI.Retry(r.Context(), id)
	if err != nil {
		return err
	}
	f.Payload = nil
	return web.WriteJSON(w, http.StatusOK, f)
}

func (a *API) pickupOutbox(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := a.Store.TradingPartner(r.Context(), id); err != nil {
		return err
	}
	picked := []pickedFile{}
	_, err = a.Store.SendEDIFiles(r.Context(), id, 100, func(f tms.EDIFile) error {
		payload := string(f.Payload)
		f.Payload, f.Status = nil, tms.EDISent
		picked = append(picked, pickedFile{File: f, Payload: payload})
		return nil
	})
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, picked)
}

func (a *API) listTenders(w http.ResponseWriter, r *http.Request) error {
	p, err := pageRequest(r)
	if err != nil {
		return err
	}
	q, v := r.URL.Query(), tms.Validation{}
	f := tms.EDITenderFilter{Page: p, PartnerID: int64(web.QueryInt(q.Get("partner_id"), v, "partner_id")), Status: tms.TenderStatus(q.Get("status"))}
	if err := v.Err(); err != nil {
		return err
	}
	page, err := a.Store.ListEDITenders(r.Context(), f)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, page)
}

func (a *API) getTender(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	t, err := a.Store.EDITender(r.Context(), id)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, t)
}

func (a *API) acceptTender(w http.ResponseWriter, r *http.Request) error {
	var in tenderAccept
	id, version, err := a.tenderDecision(r, &in, &in.Version)
	if err != nil {
		return err
	}
	t, err := a.EDI.Accept(r.Context(), id, version, in.Facilities)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, t)
}

func (a *API) declineTender(w http.ResponseWriter, r *http.Request) error {
	var in tenderDecline
	id, version, err := a.tenderDecision(r, &in, &in.Version)
	if err != nil {
		return err
	}
	t, err := a.EDI.Decline(r.Context(), id, version, in.Reason)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, t)
}

// tenderDecision reads the tender id, the body and the version the client saw (If-Match or
// the body); a decision without a version is refused, as the tender may have changed.
func (a *API) tenderDecision(r *http.Request, body any, bodyVersion *int) (int64, int, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, 0, err
	}
	if err := web.DecodeJSON(r, body); err != nil {
		return 0, 0, err
	}
	version, err := expectedVersion(r, *bodyVersion)
	if err == nil && version == 0 {
		err = &tms.Error{Code: tms.CodeInvalid, Message: "validation failed", Fields: map[string]string{"version": "is required: the tender may have changed"}}
	}
	return id, version, err
}

func (a *API) sendInvoice210(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := a.EDI.EmitInvoice(r.Context(), id)
	if err != nil {
		return err
	}
	f.Payload = nil
	return web.WriteJSON(w, http.StatusOK, f)
}
