// Package search is the office's global search: what a person types in the header finds
// loads by number or any reference, customers by name, drivers by name, trucks by unit number
// and invoices by number, case-insensitive and anywhere in the text, a bounded number of each,
// only of the kinds the person's role may read.
package search

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/anditms/tms/internal/authz"
	"github.com/anditms/tms/internal/tms"
)

// PerKind is how many records of each kind a search returns (Total counts all matches).
const PerKind = 10

// MinLength is the shortest text searched: one character would match most of the database.
const MinLength = 2

// Group is the records of one kind found; Total counts every match, Items at most PerKind.
// A kind the role may not read is not searched and stays empty.
type Group[T any] struct {
	Items []T
	Total int
}

// Results are the records found for Text, by kind.
type Results struct {
	Text      string
	Loads     Group[tms.Load]
	Customers Group[tms.Customer]
	Drivers   Group[tms.Driver]
	Trucks    Group[tms.Truck]
	Invoices  Group[tms.Invoice]
}

// Empty reports whether nothing was found.
func (r Results) Empty() bool {
	return r.Loads.Total+r.Customers.Total+r.Drivers.Total+r.Trucks.Total+r.Invoices.Total == 0
}

// Service searches a store.
type Service struct{ Store tms.Store }

// Actions say who may read each kind; they are the actions of the kind's own pages.
var (
	loadsAction    = authz.OfficeRead
	masterAction   = authz.OfficeRead
	invoicesAction = authz.OfficeRead
)

// Search finds the records matching text that actor's role may read. Text shorter than
// MinLength (after trimming) finds nothing.
func (s *Service) Search(ctx context.Context, actor tms.Actor, text string) (Results, error) {
	text = strings.TrimSpace(text)
	r := Results{Text: text}
	if utf8.RuneCountInString(text) < MinLength {
		return r, nil
	}
	page := tms.PageRequest{Limit: PerKind}
	master := tms.MasterFilter{Text: text, Page: page}
	may := func(a authz.Action) bool { return a.Owns(actor, 0) }
	var err error
	if r.Loads, err = find(may(loadsAction), func() (tms.Page[tms.Load], error) {
		return s.Store.ListLoads(ctx, tms.LoadFilter{Text: text, Page: tms.PageRequest{Limit: PerKind, Sort: "-window_start"}})
	}); err != nil {
		return r, err
	}
	if r.Customers, err = find(may(masterAction), func() (tms.Page[tms.Customer], error) { return s.Store.ListCustomers(ctx, master) }); err != nil {
		return r, err
	}
	if r.Drivers, err = find(may(masterAction), func() (tms.Page[tms.Driver], error) { return s.Store.ListDrivers(ctx, master) }); err != nil {
		return r, err
	}
	if r.Trucks, err = find(may(masterAction), func() (tms.Page[tms.Truck], error) { return s.Store.ListTrucks(ctx, master) }); err != nil {
		return r, err
	}
	r.Invoices, err = find(may(invoicesAction), func() (tms.Page[tms.Invoice], error) {
		return s.Store.ListInvoices(ctx, tms.InvoiceFilter{Text: text, Page: tms.PageRequest{Limit: PerKind, Sort: "-number"}})
	})
	return r, err
}

// find runs list when the kind may be read.
func find[T any](allowed bool, list func() (tms.Page[T], error)) (Group[T], error) {
	if !allowed {
		return Group[T]{}, nil
	}
	p, err := list()
	return Group[T]{Items: p.Items, Total: p.Total}, err
}
