package tms

import "context"

// PageReadStore reads what every page or the pages that list many loads at once (the
// dashboard and the dispatch board) need, narrower than the full reads.
type PageReadStore interface {
	// LoadSummaries lists the loads of f like ListLoads (same filter, order and limit, no
	// total) with only their summary: Meta, number, customer, status, hold, equipment type,
	// total, planned miles and assignment, and their stops when withStops. The references,
	// commodity, weight, pieces, temperatures, hazmat, charges, manual-miles flag and notes
	// of the load are left zero.
	LoadSummaries(ctx context.Context, f LoadFilter, withStops bool) ([]Load, error)
	// CustomerNamed reports whether a customer has exactly this name (an index lookup: every
	// page asks whether the demo data is loaded).
	CustomerNamed(ctx context.Context, name string) (bool, error)
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
