package tms

import (
	"slices"
	"strings"
)

// LoadStatus is where a load is in its life.
type LoadStatus string

// Load statuses in their usual order.
const (
	StatusDraft      LoadStatus = "draft"
	StatusBooked     LoadStatus = "booked"
	StatusDispatched LoadStatus = "dispatched"
	StatusInTransit  LoadStatus = "in_transit"
	StatusDelivered  LoadStatus = "delivered"
	StatusInvoiced   LoadStatus = "invoiced"
	StatusPaid       LoadStatus = "paid"
	StatusCancelled  LoadStatus = "cancelled"
	StatusOnHold     LoadStatus = "on_hold"
)

// LoadStatuses lists every status.
var LoadStatuses = []LoadStatus{StatusDraft, StatusBooked, StatusDispatched, StatusInTransit,
	StatusDelivered, StatusInvoiced, StatusPaid, StatusCancelled, StatusOnHold}

// transitions is the status machine: from -> the statuses it may move to. Cancelling is
// allowed from every state before delivered; on_hold remembers where it returns to.
var transitions = map[LoadStatus][]LoadStatus{
	StatusDraft:      {StatusBooked, StatusCancelled, StatusOnHold},
	StatusBooked:     {StatusDraft, StatusDispatched, StatusCancelled, StatusOnHold},
	StatusDispatched: {StatusBooked, StatusInTransit, StatusCancelled, StatusOnHold},
	StatusInTransit:  {StatusDelivered, StatusCancelled, StatusOnHold},
	StatusDelivered:  {StatusInvoiced},
	StatusInvoiced:   {StatusPaid, StatusDelivered},
	StatusPaid:       {StatusInvoiced}, // a payment reversed (billing only; see billing.StatusGate)
	StatusCancelled:  {},
	StatusOnHold:     {StatusCancelled}, // plus the status it was held from
}

// Valid reports whether s is a known status.
func (s LoadStatus) Valid() bool { return slices.Contains(LoadStatuses, s) }

// Active reports whether a load in s occupies its driver and equipment.
func (s LoadStatus) Active() bool {
	return s == StatusBooked || s == StatusDispatched || s == StatusInTransit || s == StatusOnHold
}

// AllowedTransitions lists where a load may go next.
func (l *Load) AllowedTransitions() []LoadStatus {
	next := slices.Clone(transitions[l.Status])
	if l.Status == StatusOnHold && l.HoldFrom != "" {
		next = append([]LoadStatus{l.HoldFrom}, next...)
	}
	return next
}

// Transition moves the load to status to, or returns CodeConflict listing the allowed moves.
func (l *Load) Transition(to LoadStatus) error {
	if !slices.Contains(l.AllowedTransitions(), to) {
		allowed := l.AllowedTransitions()
		names := make([]string, len(allowed))
		for i, s := range allowed {
			names[i] = string(s)
		}
		return &Error{Code: CodeConflict,
			Message: "a " + string(l.Status) + " load cannot become " + string(to) + "; allowed: " + orNone(strings.Join(names, ", ")),
			Detail:  map[string]any{"status": l.Status, "allowed": allowed}}
	}
	switch {
	case to == StatusOnHold:
		l.HoldFrom = l.Status
	case l.Status == StatusOnHold:
		l.HoldFrom = ""
	}
	l.Status = to
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
