package dispatch

import (
	"context"
	"math"
	"slices"

	"github.com/anditms/tms/internal/tms"
)

// Service applies dispatch rules over a store.
type Service struct {
	Store  tms.Store
	Router tms.Router
	// Gates may refuse a status change SetStatus is about to make (the billing gate refuses
	// invoicing without the required documents).
	Gates []Gate
	// Rate fills the rated charges (linehaul, stop-offs, fuel surcharge) of a new load booked
	// without charges; nil leaves them empty.
	Rate func(ctx context.Context, l *tms.Load) error
	// CreditWarning says why booking l takes its customer beyond their credit limit ("" when
	// it does not); the load is booked anyway, the warning recorded on its timeline. nil: no check.
	CreditWarning func(ctx context.Context, l tms.Load) (string, error)
}

// Booking is a booked load and the warnings its booking gave (none refuses it).
type Booking struct {
	Load     tms.Load
	Warnings []string
}

// Gate is asked, inside the status change's transaction, before load l moves to status to;
// it sees only moves the status machine allows. An error refuses the change.
type Gate func(ctx context.Context, tx tms.LoadTx, l *tms.Load, to tms.LoadStatus) error

// CreateLoad books a new load (draft or booked) from input; callers that show warnings use Book.
func (s *Service) CreateLoad(ctx context.Context, in LoadInput) (tms.Load, error) {
	b, err := s.Book(ctx, in)
	return b.Load, err
}

// Book books a new load (draft or booked) from input and says what to warn the person about:
// beyond the customer's credit limit it is booked, with the warning on its timeline.
func (s *Service) Book(ctx context.Context, in LoadInput) (Booking, error) {
	b := Booking{}
	var err error
	if b.Load, err = s.NewLoad(ctx, in); err != nil {
		return b, err
	}
	if err := s.planMiles(ctx, &b.Load); err != nil {
		return b, err
	}
	if s.Rate != nil && len(b.Load.Charges) == 0 {
		if err := s.Rate(ctx, &b.Load); err != nil {
			return b, err
		}
	}
	if b.Warnings, err = s.bookingWarnings(ctx, b.Load); err != nil {
		return b, err
	}
	events := make([]tms.LoadEvent, len(b.Warnings))
	for i, w := range b.Warnings {
		events[i] = tms.LoadEvent{Type: tms.EventCreditWarning, Note: w}
	}
	err = s.Store.CreateLoad(ctx, &b.Load, events...) // before the return reads b: it numbers the load
	return b, err
}

// bookingWarnings are what booking l should warn about: its customer's credit limit.
func (s *Service) bookingWarnings(ctx context.Context, l tms.Load) ([]string, error) {
	if s.CreditWarning == nil {
		return nil, nil
	}
	w, err := s.CreditWarning(ctx, l)
	if err != nil || w == "" {
		return nil, err
	}
	return []string{w}, nil
}

// NewLoad builds and validates a load from input without planning its miles or storing it:
// imports check every row this way before creating any.
func (s *Service) NewLoad(ctx context.Context, in LoadInput) (tms.Load, error) {
	l := tms.Load{Status: in.Status}
	if l.Status == "" {
		l.Status = tms.StatusBooked
	}
	if l.Status != tms.StatusDraft && l.Status != tms.StatusBooked {
		return l, fieldError("status", "a new load is draft or booked")
	}
	if err := s.checkCustomer(ctx, in.CustomerID); err != nil {
		return l, err
	}
	if err := in.apply(ctx, s.Store.Facility, &l); err != nil {
		return l, err
	}
	return l, l.Validate()
}

// UpdateLoad replaces the editable fields of a load; expected is the version the client saw.
func (s *Service) UpdateLoad(ctx context.Context, id int64, in LoadInput, expected int) (tms.Load, error) {
	if err := s.checkCustomer(ctx, in.CustomerID); err != nil {
		return tms.Load{}, err
	}
	planned := tms.Load{}
	if err := in.apply(ctx, s.Store.Facility, &planned); err != nil {
		return tms.Load{}, err
	}
	if err := s.planMiles(ctx, &planned); err != nil {
		return tms.Load{}, err
	}
	return s.Store.UpdateLoad(ctx, id, func(tx tms.LoadTx, l *tms.Load) error {
		if err := tms.CheckVersion(expected, l.Version); err != nil {
			return err
		}
		if l.Status == tms.StatusInvoiced || l.Status == tms.StatusPaid || l.Status == tms.StatusCancelled {
			return tms.Errorf(tms.CodeConflict, "a %s load can no longer be edited", l.Status)
		}
		if err := in.apply(ctx, tx.Facility, l); err != nil {
			return err
		}
		l.PlannedMiles = planned.PlannedMiles
		tx.AddEvent(tms.LoadEvent{Type: tms.EventUpdated})
		return nil
	})
}

// SetCharges replaces a load's charge lines (billing staff edit rates this way). The lines are
// required: nil (a body without them) is refused rather than taken as "no charges", which
// would set the load to $0; an empty list removes every charge.
func (s *Service) SetCharges(ctx context.Context, id int64, charges []tms.Charge, expected int) (tms.Load, error) {
	if charges == nil {
		return tms.Load{}, fieldError("charges", "are required: send [] to remove every charge")
	}
	return s.Store.UpdateLoad(ctx, id, func(tx tms.LoadTx, l *tms.Load) error {
		if err := tms.CheckVersion(expected, l.Version); err != nil {
			return err
		}
		if l.Status == tms.StatusInvoiced || l.Status == tms.StatusPaid {
			return tms.Errorf(tms.CodeConflict, "charges of an %s load are fixed by its invoice", l.Status)
		}
		l.Charges = charges
		tx.AddEvent(tms.LoadEvent{Type: tms.EventUpdated, Note: "charges changed"})
		return nil
	})
}

// SetStatus moves a load by hand, recording who did it and why.
func (s *Service) SetStatus(ctx context.Context, id int64, to tms.LoadStatus, note string, expected int) (tms.Load, error) {
	return s.Store.UpdateLoad(ctx, id, func(tx tms.LoadTx, l *tms.Load) error {
		if err := tms.CheckVersion(expected, l.Version); err != nil {
			return err
		}
		if err := s.checkGates(ctx, tx, l, to); err != nil {
			return err
		}
		return transition(tx, l, to, note)
	})
}

// checkGates asks every gate about an allowed move; a refused move gets its own error first.
func (s *Service) checkGates(ctx context.Context, tx tms.LoadTx, l *tms.Load, to tms.LoadStatus) error {
	if !slices.Contains(l.AllowedTransitions(), to) {
		return nil
	}
	for _, gate := range append([]Gate{dispatchGate, deliveryGate}, s.Gates...) {
		if err := gate(ctx, tx, l, to); err != nil {
			return err
		}
	}
	return nil
}

// transition changes the status and records the event.
func transition(tx tms.LoadTx, l *tms.Load, to tms.LoadStatus, note string) error {
	from := l.Status
	if err := l.Transition(to); err != nil {
		return err
	}
	tx.AddEvent(tms.LoadEvent{Type: tms.EventStatus, FromStatus: from, ToStatus: to, Note: note})
	return nil
}

func (s *Service) checkCustomer(ctx context.Context, id int64) error {
	c, err := s.Store.Customer(ctx, id)
	switch {
	case tms.ErrorCode(err) == tms.CodeNotFound:
		return fieldError("customer_id", "is not a known customer")
	case err != nil:
		return err
	case !c.Active:
		return fieldError("customer_id", "is an inactive customer")
	}
	return nil
}

// planMiles fills planned miles from the stop sequence unless they were entered by hand.
func (s *Service) planMiles(ctx context.Context, l *tms.Load) error {
	if l.MilesManual || len(l.Stops) < 2 {
		return nil
	}
	points := make([]tms.Point, 0, len(l.Stops))
	for _, st := range l.Stops {
		f, err := s.Store.Facility(ctx, st.FacilityID)
		if err != nil {
			return err
		}
		points = append(points, f.Point())
	}
	r, err := s.Router.Route(ctx, points)
	if err != nil {
		return err
	}
	l.PlannedMiles = math.Round(tms.MetersToMiles(r.Meters)*10) / 10
	return nil
}

func fieldError(field, msg string) error {
	return &tms.Error{Code: tms.CodeInvalid, Message: "validation failed", Fields: map[string]string{field: msg}}
}

// VisibleTo reports whether the actor may see the load: drivers only their own loads.
func VisibleTo(a tms.Actor, l tms.Load) bool {
	if a.Role != tms.RoleDriver {
		return true
	}
	ids := []*int64{l.DriverID, l.CoDriverID}
	return a.DriverID != 0 && slices.ContainsFunc(ids, func(p *int64) bool { return p != nil && *p == a.DriverID })
}
