package tms

import "context"

// LoadSummaryStore reads loads for the pages that list many of them at once (the dashboard
// and the dispatch board), without the columns those pages never show.
type LoadSummaryStore interface {
	// LoadSummaries lists the loads of f like ListLoads (same filter, order and limit, no
	// total) with only their summary: Meta, number, customer, status, hold, equipment type,
	// total, planned miles and assignment, and their stops when withStops. The references,
	// commodity, weight, pieces, temperatures, hazmat, charges, manual-miles flag and notes
	// of the load are left zero.
	LoadSummaries(ctx context.Context, f LoadFilter, withStops bool) ([]Load, error)
}

// Summary is l as LoadSummaries returns it: the fields it leaves out are zero, and the
// stops only when withStops.
func (l Load) Summary(withStops bool) Load {
	s := Load{Meta: l.Meta, Number: l.Number, CustomerID: l.CustomerID, Status: l.Status, HoldFrom: l.HoldFrom,
		EquipmentType: l.EquipmentType, TotalCents: l.TotalCents, PlannedMiles: l.PlannedMiles, Assignment: l.Assignment}
	if withStops {
		s.Stops = l.Stops
	}
	return s
}
