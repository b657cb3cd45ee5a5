package tms

import "time"

// WebhookPayload is the JSON body of every webhook: the event type, when it happened and
// what it is about. Data never carries driver pay, rates or internal notes.
type WebhookPayload struct {
	Type      string    `json:"type"`
	Timestamp time.Time `json:"timestamp"`
	Data      any       `json:"data"`
}

// LoadStatusData is the data of load.status_changed.
type LoadStatusData struct {
	LoadID         int64      `json:"load_id"`
	LoadNumber     string     `json:"load_number"`
	CustomerID     int64      `json:"customer_id"`
	Status         LoadStatus `json:"status"`
	PreviousStatus LoadStatus `json:"previous_status"`
}

// StopEventData is the data of stop.arrived and stop.departed.
type StopEventData struct {
	LoadID           int64     `json:"load_id"`
	LoadNumber       string    `json:"load_number"`
	StopID           int64     `json:"stop_id"`
	Seq              int       `json:"seq"`
	Kind             StopKind  `json:"kind"`
	FacilityID       int64     `json:"facility_id"`
	AppointmentStart time.Time `json:"appointment_start"`
	At               time.Time `json:"at"` // the arrival or departure time
}

// DocumentData is the data of document.added.
type DocumentData struct {
	DocumentID  int64        `json:"document_id"`
	Type        DocumentType `json:"type"`
	LoadID      *int64       `json:"load_id,omitempty"`
	StopID      *int64       `json:"stop_id,omitempty"`
	Filename    string       `json:"filename"`
	ContentType string       `json:"content_type"`
	Size        int64        `json:"size"`
}

// InvoiceData is the data of invoice.sent and invoice.paid.
type InvoiceData struct {
	InvoiceID    int64         `json:"invoice_id"`
	Number       string        `json:"number"`
	CustomerID   int64         `json:"customer_id"`
	LoadIDs      []int64       `json:"load_ids"`
	Status       InvoiceStatus `json:"status"`
	TotalCents   Cents         `json:"total_cents"`
	BalanceCents Cents         `json:"balance_cents"`
	DueDate      Date          `json:"due_date"`
}

// PositionData is the data of position: a truck's newest fix.
type PositionData struct {
	TruckID  int64     `json:"truck_id"`
	Lat      float64   `json:"lat"`
	Lon      float64   `json:"lon"`
	FixTime  time.Time `json:"fix_time"`
	SpeedMPH *float64  `json:"speed_mph,omitempty"`
	Heading  *float64  `json:"heading,omitempty"`
}

// WebhookEventsOf names the webhook events a change reports, from the record before and after
// it (nil for a create): a load's status and stop times, a document becoming active, an
// invoice becoming sent or paid. The store calls it for every audited change.
func WebhookEventsOf(before, after any) []WebhookPayload {
	switch a := after.(type) {
	case *Load:
		b, _ := before.(*Load)
		return loadEvents(b, a)
	case *Document:
		b, _ := before.(*Document)
		if a.Status == DocumentActive && (b == nil || b.Status != DocumentActive) {
			return []WebhookPayload{{Type: WebhookDocumentAdded, Data: DocumentData{DocumentID: a.ID, Type: a.Type, LoadID: a.LoadID,
				StopID: a.StopID, Filename: a.Filename, ContentType: a.ContentType, Size: a.Size}}}
		}
	case *Invoice:
		b, _ := before.(*Invoice)
		return invoiceEvents(b, a)
	}
	return nil
}

func loadEvents(before, after *Load) []WebhookPayload {
	if before == nil {
		return nil
	}
	var out []WebhookPayload
	if before.Status != after.Status {
		out = append(out, WebhookPayload{Type: WebhookLoadStatus, Data: LoadStatusData{LoadID: after.ID, LoadNumber: after.Number,
			CustomerID: after.CustomerID, Status: after.Status, PreviousStatus: before.Status}})
	}
	was := map[int64]Stop{}
	for _, s := range before.Stops {
		was[s.ID] = s
	}
	for _, s := range after.Stops {
		old := was[s.ID]
		if s.ArrivedAt != nil && old.ArrivedAt == nil {
			out = append(out, stopEvent(WebhookStopArrived, after, s, *s.ArrivedAt))
		}
		if s.DepartedAt != nil && old.DepartedAt == nil {
			out = append(out, stopEvent(WebhookStopDeparted, after, s, *s.DepartedAt))
		}
	}
	return out
}

func stopEvent(typ string, l *Load, s Stop, at time.Time) WebhookPayload {
	return WebhookPayload{Type: typ, Data: StopEventData{LoadID: l.ID, LoadNumber: l.Number, StopID: s.ID, Seq: s.Seq, Kind: s.Kind,
		FacilityID: s.FacilityID, AppointmentStart: s.AppointmentStart, At: at}}
}

func invoiceEvents(before, after *Invoice) []WebhookPayload {
	became := func(s InvoiceStatus) bool { return after.Status == s && (before == nil || before.Status != s) }
	data := InvoiceData{InvoiceID: after.ID, Number: after.Number, CustomerID: after.CustomerID, LoadIDs: after.LoadIDs,
		Status: after.Status, TotalCents: after.TotalCents, BalanceCents: after.Balance(), DueDate: after.DueDate}
	switch {
	case became(InvoiceSent):
		return []WebhookPayload{{Type: WebhookInvoiceSent, Data: data}}
	case became(InvoicePaid):
		return []WebhookPayload{{Type: WebhookInvoicePaid, Data: data}}
	}
	return nil
}

// PositionEvent is the position event of a truck's fix.
func PositionEvent(truckID int64, p Position) WebhookPayload {
	return WebhookPayload{Type: WebhookPosition, Data: PositionData{TruckID: truckID, Lat: p.Lat, Lon: p.Lon, FixTime: p.FixTime,
		SpeedMPH: p.SpeedMPH, Heading: p.Heading}}
}
