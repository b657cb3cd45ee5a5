package billing

import (
	"context"
	"slices"

	"github.com/anditms/tms/internal/tms"
)

// Proposal is a detention charge the system measured and billing staff have not decided
// on, with its evidence: the stop's arrival and departure (and where they came from) against
// the appointment window.
type Proposal struct {
	DetentionProposal
	LoadID         int64      `json:"load_id"`
	LoadNumber     string     `json:"load_number"`
	FacilityName   string     `json:"facility_name"`
	ArrivalSource  tms.Source `json:"arrival_source"`
	DepartedSource tms.Source `json:"departure_source"`
	Charge         tms.Charge `json:"charge"`
}

// Proposals lists the undecided detention proposals of a load.
func (s *Service) Proposals(ctx context.Context, loadID int64) ([]Proposal, error) {
	l, err := s.Store.Load(ctx, loadID)
	if err != nil {
		return nil, err
	}
	acc, err := s.Store.Accessorial(ctx, kindDetention)
	if err != nil {
		return nil, err
	}
	reviews, err := s.Store.ChargeReviews(ctx, []int64{loadID})
	if err != nil {
		return nil, err
	}
	return s.withEvidence(ctx, l, undecided(l, acc, reviews))
}

// undecided is the detention measured at l's stops that no review has decided yet.
func undecided(l tms.Load, acc tms.Accessorial, reviews []tms.ChargeReview) []DetentionProposal {
	return slices.DeleteFunc(ProposeForLoad(l, acc), func(p DetentionProposal) bool {
		return slices.ContainsFunc(reviews, func(r tms.ChargeReview) bool {
			return r.LoadID == l.ID && r.StopID == p.StopID && r.Kind == kindDetention
		})
	})
}

// withEvidence adds the facility and the source of the stop times to each proposal.
func (s *Service) withEvidence(ctx context.Context, l tms.Load, found []DetentionProposal) ([]Proposal, error) {
	out := []Proposal{}
	if len(found) == 0 {
		return out, nil
	}
	events, err := s.Store.LoadEvents(ctx, l.ID)
	if err != nil {
		return nil, err
	}
	facilities, err := s.facilities(ctx, l)
	if err != nil {
		return nil, err
	}
	for _, p := range found {
		f := facilities[l.Stops[l.StopIndex(p.StopID)].FacilityID]
		out = append(out, Proposal{DetentionProposal: p, LoadID: l.ID, LoadNumber: l.Number, FacilityName: f.Name,
			ArrivalSource: stopSource(events, p.StopID, tms.EventStopArrived), DepartedSource: stopSource(events, p.StopID, tms.EventStopDeparted),
			Charge: DetentionCharge(p, f.Name)})
	}
	return out, nil
}

// stopSource is where the latest event of type t at the stop came from (gps or user).
func stopSource(events []tms.LoadEvent, stopID int64, t tms.EventType) tms.Source {
	for i := len(events) - 1; i >= 0; i-- {
		e := events[i]
		if e.Type == t && e.StopID != nil && *e.StopID == stopID {
			return e.Source
		}
	}
	return ""
}

// Decide approves (adding the proposed charge, or amount when it is positive) or rejects
// the detention proposal at a stop. Only a currently proposed detention can be decided.
func (s *Service) Decide(ctx context.Context, loadID, stopID int64, d tms.ReviewDecision, amount tms.Cents, note string) (tms.Load, error) {
	props, err := s.Proposals(ctx, loadID)
	if err != nil {
		return tms.Load{}, err
	}
	i := slices.IndexFunc(props, func(p Proposal) bool { return p.StopID == stopID })
	if i < 0 {
		return tms.Load{}, tms.Errorf(tms.CodeNotFound, "no detention is proposed at stop %d of this load", stopID)
	}
	if d != tms.ReviewApproved && d != tms.ReviewRejected {
		return tms.Load{}, &tms.Error{Code: tms.CodeInvalid, Message: "validation failed", Fields: map[string]string{"decision": "must be approved or rejected"}}
	}
	charge := props[i].Charge
	if amount > 0 {
		charge.AmountCents = amount
	}
	r := tms.ChargeReview{LoadID: loadID, StopID: stopID, Kind: kindDetention, Decision: d, AmountCents: charge.AmountCents, Note: note}
	return s.Store.ReviewCharge(ctx, &r, &charge)
}
