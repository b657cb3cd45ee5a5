package tms

import (
	"context"
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// EDITransactions are the X12 transaction sets a trading partner may exchange with us.
var EDITransactions = []string{"204", "990", "214", "210", "997"}

// TradingPartner is a shipper or broker exchanging X12 with us: who they are in the ISA and
// GS envelopes, who we are to them, how their files are separated and which sets they use.
// Outbound control numbers come from a per-partner sequence the store keeps.
type TradingPartner struct {
	Meta
	Name               string       `json:"name"`
	CustomerID         *int64       `json:"customer_id,omitempty"`
	ISAQualifier       string       `json:"isa_qualifier"`
	ISAID              string       `json:"isa_id"`
	GSID               string       `json:"gs_id"`
	OurISAQualifier    string       `json:"our_isa_qualifier"`
	OurISAID           string       `json:"our_isa_id"`
	OurGSID            string       `json:"our_gs_id"`
	SCAC               string       `json:"scac"`
	X12Version         string       `json:"x12_version"` // GS08, e.g. 004010
	ElementSeparator   string       `json:"element_separator"`
	ComponentSeparator string       `json:"component_separator"`
	SegmentTerminator  string       `json:"segment_terminator"`
	Test               bool         `json:"test"` // ISA15 T instead of P
	Transactions       []string     `json:"transactions"`
	SFTP               SFTPEndpoint `json:"sftp"`
	Active             bool         `json:"active"`
	Notes              string       `json:"notes"`
}

// SFTPEndpoint is where a partner's files are exchanged by SFTP: their server (host:port and
// its public host key, authorized_keys format), the user we log in as with the carrier's key,
// the directory we fetch their files from and the one we put ours in. No Address: no SFTP.
type SFTPEndpoint struct {
	Address     string `json:"address,omitempty"`
	User        string `json:"user,omitempty"`
	HostKey     string `json:"host_key,omitempty"`
	InboundDir  string `json:"inbound_dir,omitempty"`
	OutboundDir string `json:"outbound_dir,omitempty"`
}

var (
	isaQualifier = regexp.MustCompile(`^[0-9A-Z]{2}$`)
	scacPattern  = regexp.MustCompile(`^[A-Z]{2,4}$`)
)

// Validate checks a partner and fills the defaults (version 004010, * > ~).
func (p *TradingPartner) Validate() error {
	v := Validation{}
	p.Name = strings.TrimSpace(p.Name)
	p.ISAID, p.OurISAID = strings.TrimSpace(p.ISAID), strings.TrimSpace(p.OurISAID)
	p.GSID, p.OurGSID = cmpOr(p.GSID, p.ISAID), cmpOr(p.OurGSID, p.OurISAID)
	p.X12Version = cmpOr(p.X12Version, "004010")
	p.ElementSeparator, p.ComponentSeparator, p.SegmentTerminator = cmpOr(p.ElementSeparator, "*"), cmpOr(p.ComponentSeparator, ">"), cmpOr(p.SegmentTerminator, "~")
	v.Check(p.Name != "" && len(p.Name) <= 200, "name", "is required (at most 200 characters)")
	v.Check(isaQualifier.MatchString(p.ISAQualifier), "isa_qualifier", "must be 2 letters or digits (e.g. ZZ, 02)")
	v.Check(isaQualifier.MatchString(p.OurISAQualifier), "our_isa_qualifier", "must be 2 letters or digits (e.g. ZZ, 02)")
	v.Check(p.ISAID != "" && len(p.ISAID) <= 15, "isa_id", "is required (at most 15 characters)")
	v.Check(p.OurISAID != "" && len(p.OurISAID) <= 15, "our_isa_id", "is required (at most 15 characters)")
	v.Check(len(p.GSID) <= 15 && len(p.OurGSID) <= 15, "gs_id", "must be at most 15 characters")
	v.Check(scacPattern.MatchString(p.SCAC), "scac", "must be 2-4 capital letters")
	v.Check(len(p.X12Version) == 6 && strings.Trim(p.X12Version, "0123456789") == "", "x12_version", "must be like 004010")
	seps := p.ElementSeparator + p.ComponentSeparator + p.SegmentTerminator
	v.Check(len(p.ElementSeparator) == 1 && len(p.ComponentSeparator) == 1 && len(p.SegmentTerminator) == 1 &&
		seps[0] != seps[1] && seps[1] != seps[2] && seps[0] != seps[2], "separators", "must be three different single characters")
	for _, t := range p.Transactions {
		v.Check(slices.Contains(EDITransactions, t), "transactions", "must be among "+strings.Join(EDITransactions, ", "))
	}
	if p.Transactions == nil {
		p.Transactions = []string{}
	}
	if e := p.SFTP; e.Address != "" {
		v.Check(e.User != "" && e.HostKey != "" && e.InboundDir != "" && e.OutboundDir != "", "sftp",
			"an SFTP address needs the user, the server's host key and both directories")
	}
	return v.Err()
}

// Uses reports whether the partner exchanges transaction set id.
func (p TradingPartner) Uses(id string) bool { return slices.Contains(p.Transactions, id) }

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// EDIDirection says whether a file came in or goes out.
type EDIDirection string

// Directions.
const (
	EDIInbound  EDIDirection = "in"
	EDIOutbound EDIDirection = "out"
)

// EDIFileStatus is where a file is. Inbound: received -> processed or failed (retry reads it
// again). Outbound: pending (the outbox) -> sent -> accepted or rejected by the partner's 997.
type EDIFileStatus string

// File statuses.
const (
	EDIReceived  EDIFileStatus = "received"
	EDIProcessed EDIFileStatus = "processed"
	EDIFailed    EDIFileStatus = "failed"
	EDIPending   EDIFileStatus = "pending"
	EDISent      EDIFileStatus = "sent"
	EDIAccepted  EDIFileStatus = "accepted"
	EDIRejected  EDIFileStatus = "rejected"
)

// EDIMaxSendAttempts is how often an outbound file is offered before it is failed.
const EDIMaxSendAttempts = 5

// EDIFile is one file in the EDI log with its raw bytes, kept as received or sent.
// Outbound files name what they came from (tender, load event, invoice) so none is written twice.
type EDIFile struct {
	Meta
	PartnerID     *int64        `json:"partner_id,omitempty"`
	Direction     EDIDirection  `json:"direction"`
	Transaction   string        `json:"transaction"` // the set IDs, e.g. "204" or "214"
	Filename      string        `json:"filename"`
	Control       string        `json:"control"`       // ISA13
	GroupControl  string        `json:"group_control"` // GS06, what a 997 names
	Status        EDIFileStatus `json:"status"`
	Errors        []string      `json:"errors"`
	Payload       []byte        `json:"-"`
	Size          int           `json:"size"`
	Attempts      int           `json:"attempts"`
	TenderID      *int64        `json:"tender_id,omitempty"`
	LoadID        *int64        `json:"load_id,omitempty"`
	InvoiceID     *int64        `json:"invoice_id,omitempty"`
	SourceEventID *int64        `json:"source_event_id,omitempty"` // the stop event a 214 reports
	AckFileID     *int64        `json:"ack_file_id,omitempty"`     // the 997 that answered it
}

// DownloadName is the file's name for a download: as received, or edi-ID.edi.
func (f EDIFile) DownloadName() string {
	if f.Filename != "" {
		return f.Filename
	}
	return "edi-" + strconv.FormatInt(f.ID, 10) + ".edi"
}

// Validate checks a file log entry.
func (f *EDIFile) Validate() error {
	v := Validation{}
	v.Check(f.Direction == EDIInbound || f.Direction == EDIOutbound, "direction", "must be in or out")
	in := []EDIFileStatus{EDIReceived, EDIProcessed, EDIFailed}
	out := []EDIFileStatus{EDIPending, EDISent, EDIAccepted, EDIRejected, EDIFailed}
	v.Check(f.Direction == EDIInbound && slices.Contains(in, f.Status) || f.Direction == EDIOutbound && slices.Contains(out, f.Status),
		"status", "is not a status of a file in that direction")
	v.Check(len(f.Payload) > 0 && len(f.Payload) <= 10<<20, "payload", "must be 1 byte to 10 MiB")
	v.Check(len(f.Filename) <= 400, "filename", "must be at most 400 bytes")
	f.Size = len(f.Payload)
	if f.Errors == nil {
		f.Errors = []string{}
	}
	return v.Err()
}

// EDIFileFilter selects log entries; zero fields match all.
type EDIFileFilter struct {
	PartnerID   int64
	Direction   EDIDirection
	Status      EDIFileStatus
	Transaction string
	Page        PageRequest
}

// TenderStatus is where a tender is in the inbox.
type TenderStatus string

// Tender statuses.
const (
	TenderPending   TenderStatus = "pending"
	TenderAccepted  TenderStatus = "accepted"
	TenderDeclined  TenderStatus = "declined"
	TenderCancelled TenderStatus = "cancelled"
)

// EDITender is a load tender in the inbox: the partner's shipment, its latest 204 as read
// (Detail, internal/edi's form) and our decision.
type EDITender struct {
	Meta
	PartnerID  int64           `json:"partner_id"`
	ShipmentID string          `json:"shipment_id"`
	Purpose    string          `json:"purpose"` // of the latest 204: 00, 04 or 01
	Status     TenderStatus    `json:"status"`
	FileID     int64           `json:"file_id"`
	LoadID     *int64          `json:"load_id,omitempty"`
	Reason     string          `json:"reason,omitempty"`
	Detail     json.RawMessage `json:"detail"`
}

// Validate checks a tender.
func (t *EDITender) Validate() error {
	v := Validation{}
	v.Check(t.PartnerID > 0, "partner_id", "is required")
	v.Check(t.ShipmentID != "" && len(t.ShipmentID) <= 80, "shipment_id", "is required (at most 80 characters)")
	v.Check(slices.Contains([]TenderStatus{TenderPending, TenderAccepted, TenderDeclined, TenderCancelled}, t.Status), "status", "is not a tender status")
	v.Check(json.Valid(t.Detail), "detail", "must be JSON")
	return v.Err()
}

// EDITenderFilter selects tenders; zero fields match all.
type EDITenderFilter struct {
	PartnerID int64
	Status    TenderStatus
	Page      PageRequest
}

// TenderDecision is what DecideEDITender records: accepted (with the load to create) or
// declined (with the reason), and the 990 to queue, rendered once its control number and the
// load are known.
type TenderDecision struct {
	Version  int
	Status   TenderStatus
	Reason   string
	Load     *Load
	Response *EDIFile
	Render   func(t EDITender, load *Load, control int64) ([]byte, string, error)
}

// Render builds an outbound file's payload once the store has drawn the partner's next
// interchange control number for it.
type Render func(control int64) (payload []byte, groupControl string, err error)

// EDIStore keeps trading partners, the EDI file log (the outbox of outbound files included)
// and the tender inbox. Callers: internal/edi, the API and UI handlers.
type EDIStore interface {
	CreateTradingPartner(ctx context.Context, p *TradingPartner) error
	TradingPartner(ctx context.Context, id int64) (TradingPartner, error)
	ListTradingPartners(ctx context.Context, f MasterFilter) (Page[TradingPartner], error)
	UpdateTradingPartner(ctx context.Context, id int64, fn func(*TradingPartner) error) (TradingPartner, error)
	// PartnerByCustomer returns the active partner of a customer (CodeNotFound when none).
	PartnerByCustomer(ctx context.Context, customerID int64) (TradingPartner, error)
	// PartnerBySender returns the active partner whose ISA qualifier and ID these are.
	PartnerBySender(ctx context.Context, qualifier, id string) (TradingPartner, error)

	// LogEDIFile stores an inbound file (or an outbound one already numbered).
	LogEDIFile(ctx context.Context, f *EDIFile) error
	// QueueEDIFile draws the partner's next control number, renders the payload with it and
	// stores the file as pending in the outbox, all in one transaction. A file for the same
	// source (tender+set, load event, invoice) already queued is CodeConflict.
	QueueEDIFile(ctx context.Context, f *EDIFile, render Render) error
	EDIFile(ctx context.Context, id int64) (EDIFile, error)
	// ListEDIFiles lists the log newest first, without payloads.
	ListEDIFiles(ctx context.Context, f EDIFileFilter) (Page[EDIFile], error)
	UpdateEDIFile(ctx context.Context, id int64, fn func(*EDIFile) error) (EDIFile, error)
	// SendEDIFiles claims up to limit pending outbound files of a partner (FOR UPDATE SKIP
	// LOCKED on PostgreSQL, so two instances never send the same file) and marks each sent
	// when send returns nil, in the same transaction; a failed send is counted and noted, and
	// after EDIMaxSendAttempts the file is failed (a retry puts it back).
	SendEDIFiles(ctx context.Context, partnerID int64, limit int, send func(EDIFile) error) (int, error)
	// OutboundByGroupControl finds the outbound file a partner's 997 acknowledges.
	OutboundByGroupControl(ctx context.Context, partnerID int64, groupControl string) (EDIFile, error)

	// SaveEDITender files a 204: a new shipment creates a pending tender, a change (04) or
	// cancel (01) of a known shipment updates it. A change to a decided tender is CodeConflict.
	SaveEDITender(ctx context.Context, t *EDITender) error
	EDITender(ctx context.Context, id int64) (EDITender, error)
	ListEDITenders(ctx context.Context, f EDITenderFilter) (Page[EDITender], error)
	// DecideEDITender records the decision on a pending tender in one transaction: an accepted
	// tender's load is created (numbered, with its stops) and linked, and the 990 is queued.
	// A decided tender or a stale version is CodeConflict.
	DecideEDITender(ctx context.Context, id int64, d TenderDecision) (EDITender, error)

	// EDICursor is how far job name has read the load event log (0 at first).
	EDICursor(ctx context.Context, name string) (int64, error)
	// QueueEDIFileAt queues f (when not nil) and moves cursor name to position in one
	// transaction; when another worker already moved the cursor that far it does nothing.
	QueueEDIFileAt(ctx context.Context, name string, position int64, f *EDIFile, render Render) error
}
