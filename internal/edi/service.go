package edi

import (
	"context"
	"fmt"
	"time"

	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/x12"
)

// MaxFileBytes bounds an X12 file uploaded by hand (the server's default body limit; partners
// with larger files exchange them by SFTP).
const MaxFileBytes = 1 << 20

// Store is what the EDI rules read and write.
type Store interface {
	tms.EDIStore
	Customer(ctx context.Context, id int64) (tms.Customer, error)
	Facility(ctx context.Context, id int64) (tms.Facility, error)
	ListFacilities(ctx context.Context, f tms.MasterFilter) (tms.Page[tms.Facility], error)
	Load(ctx context.Context, id int64) (tms.Load, error)
	Invoice(ctx context.Context, id int64) (tms.Invoice, error)
	ListInvoices(ctx context.Context, f tms.InvoiceFilter) (tms.Page[tms.Invoice], error)
	LoadEventsSince(ctx context.Context, afterID int64, limit int) ([]tms.LoadEvent, error)
}

// Service applies the EDI rules: reading inbound files into the tender inbox and
// acknowledgements, deciding tenders (990), and writing 214s, 210s and 997s into the outbox.
// Callers (API, UI, the background job) check roles; the service checks the records.
type Service struct {
	Store Store
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// functionalIDs name the GS01 of each set we write.
var functionalIDs = map[string]string{"990": "GF", "214": "QM", "210": "IM", "997": "FA", "204": "SM"}

// envelope addresses an interchange from us to partner p.
func envelope(p tms.TradingPartner, control int64, at time.Time) x12.Envelope {
	usage := "P"
	if p.Test {
		usage = "T"
	}
	return x12.Envelope{
		SenderQualifier: p.OurISAQualifier, SenderID: p.OurISAID, ReceiverQualifier: p.ISAQualifier, ReceiverID: p.ISAID,
		AppSender: p.OurGSID, AppReceiver: p.GSID, Usage: usage, Version: p.X12Version, Control: control, Time: at,
		Delimiters: x12.Delimiters{Element: p.ElementSeparator[0], Component: p.ComponentSeparator[0], Segment: p.SegmentTerminator[0]},
	}
}

// render returns the tms.Render that writes set to partner p with the control number drawn.
func (s *Service) render(p tms.TradingPartner, set x12.Set) tms.Render {
	return func(control int64) ([]byte, string, error) {
		out, err := x12.Write(envelope(p, control, s.now()), functionalIDs[set.ID], []x12.Set{set})
		return out, fmt.Sprint(control), err
	}
}

// outbound is a new outbound log entry for partner p (the store names it after its set and
// control number).
func outbound(p tms.TradingPartner, setID string) *tms.EDIFile {
	id := p.ID
	return &tms.EDIFile{PartnerID: &id, Transaction: setID}
}
