package seed

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/go-pdf/fpdf"

	"github.com/anditms/tms/internal/tms"
)

// Paperwork files the documents of a load; documents.Service does.
type Paperwork interface {
	GenerateBOL(ctx context.Context, loadID int64) (tms.Document, error)
	Upload(ctx context.Context, o tms.Owner, typ tms.DocumentType, filename string, r io.Reader) (tms.Document, error)
}

// receivingClerks sign the demo PODs.
var receivingClerks = []string{"J. Alvarez", "K. Smith", "T. Okoye", "R. Patel", "M. Brown", "L. Chen"}

// paperwork generates the BOL of every dispatched load and files a signed POD for every
// delivered one, as the driver would from the dock, so delivered loads can be invoiced.
func (b *loadBooker) paperwork(ctx context.Context, t trip, l tms.Load) error {
	if !t.assigned() {
		return nil
	}
	if _, err := b.docs.GenerateBOL(ctx, l.ID); err != nil {
		return fmt.Errorf("BOL: %w", err)
	}
	b.documents++
	if !t.completed() {
		return nil
	}
	pdf, err := podPDF(t, l)
	if err == nil {
		o := tms.Owner{Kind: tms.OwnerLoad, ID: l.ID, StopID: l.Stops[1].ID}
		_, err = b.docs.Upload(ctx, o, tms.DocPOD, "POD-"+l.Number+".pdf", bytes.NewReader(pdf))
	}
	if err != nil {
		return fmt.Errorf("POD: %w", err)
	}
	b.documents++
	return nil
}

// podPDF is a one-page proof of delivery signed at the receiver when the truck left.
func podPDF(t trip, l tms.Load) ([]byte, error) {
	events := t.stopEvents()
	signed := events[len(events)-1].at.In(t.deliveryLoc)
	pdf := fpdf.New("P", "mm", "Letter", "")
	pdf.SetTitle("Proof of Delivery "+l.Number, true)
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 18)
	pdf.CellFormat(0, 12, "Proof of Delivery", "", 1, "", false, 0, "")
	pdf.SetFont("Helvetica", "", 11)
	for _, line := range []string{
		fmt.Sprintf("Load %s    BOL %s    PO %s", l.Number, l.References.BOL, l.References.PO),
		fmt.Sprintf("Shipper: %s, %s, %s", t.origin.Name, t.origin.Address.City, t.origin.Address.State),
		fmt.Sprintf("Consignee: %s, %s, %s", t.dest.Name, t.dest.Address.City, t.dest.Address.State),
		fmt.Sprintf("Received %d pieces, %d lb of %s in good order.", l.Pieces, l.WeightLb, l.Commodity),
		fmt.Sprintf("Signed %s by %s", signed.Format("Jan 2, 2006 15:04 MST"), receivingClerks[t.i%len(receivingClerks)]),
	} {
		pdf.CellFormat(0, 8, line, "", 1, "", false, 0, "")
	}
	var buf bytes.Buffer
	err := pdf.Output(&buf)
	return buf.Bytes(), err
}
