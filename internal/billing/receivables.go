package billing

import (
	"context"
	"io"
	"slices"

	"github.com/anditms/tms/internal/eia"
	"github.com/anditms/tms/internal/reports"
	"github.com/anditms/tms/internal/tms"
)

// Aging reports open balances per customer by days past due as of asOf (today if zero).
func (s *Service) Aging(ctx context.Context, asOf tms.Date) (reports.AgingReport, error) {
	if asOf.IsZero() {
		asOf = s.today()
	}
	open, err := s.Store.OpenInvoices(ctx, 0)
	if err != nil {
		return reports.AgingReport{}, err
	}
	names, err := s.customerNames(ctx)
	if err != nil {
		return reports.AgingReport{}, err
	}
	return reports.Aging(open, names, asOf), nil
}

// Operating computes revenue, mileage and on-time figures for loads delivered in [from, to].
func (s *Service) Operating(ctx context.Context, from, to tms.Date) (reports.Operating, error) {
	loads, err := s.allLoads(ctx, tms.LoadFilter{From: from.Time(), To: to.Time().AddDate(0, 0, 1),
		Statuses: []tms.LoadStatus{tms.StatusDelivered, tms.StatusInvoiced, tms.StatusPaid}})
	if err != nil {
		return reports.Operating{}, err
	}
	in := reports.OperatingInput{Loads: loads, From: from, To: to}
	facilities, err := s.facilities(ctx, loads...)
	if err != nil {
		return reports.Operating{}, err
	}
	if in.EmptyMilesTenths, err = reports.EmptyMiles(ctx, s.Router, loads, facilities); err != nil {
		return reports.Operating{}, err
	}
	if err := s.names(ctx, &in); err != nil {
		return reports.Operating{}, err
	}
	return reports.OperatingReport(in), nil
}

// names fills the report's customer, driver and truck names.
func (s *Service) names(ctx context.Context, in *reports.OperatingInput) error {
	var err error
	if in.CustomerNames, err = s.customerNames(ctx); err != nil {
		return err
	}
	in.DriverNames, in.TruckUnits = map[int64]string{}, map[int64]string{}
	for _, l := range in.Loads {
		if l.DriverID != nil && in.DriverNames[*l.DriverID] == "" {
			d, err := s.Store.Driver(ctx, *l.DriverID)
			if err != nil {
				return err
			}
			in.DriverNames[d.ID] = d.Name
		}
		if l.TruckID != nil && in.TruckUnits[*l.TruckID] == "" {
			t, err := s.Store.Truck(ctx, *l.TruckID)
			if err != nil {
				return err
			}
			in.TruckUnits[t.ID] = t.UnitNumber
		}
	}
	return nil
}

// ExportQuickBooks writes invoices issued in [from, to] in the QuickBooks Online invoice
// import layout.
func (s *Service) ExportQuickBooks(ctx context.Context, w io.Writer, from, to tms.Date) error {
	invs, err := s.allInvoices(ctx, tms.InvoiceFilter{Kind: tms.KindInvoice, From: from, To: to})
	if err != nil {
		return err
	}
	names, err := s.customerNames(ctx)
	if err != nil {
		return err
	}
	numbers := map[int64]string{}
	for _, inv := range invs {
		for _, id := range inv.LoadIDs {
			l, err := s.Store.Load(ctx, id)
			if err != nil {
				return err
			}
			numbers[id] = l.Number
		}
	}
	return reports.WriteQuickBooksInvoices(w, invs, names, numbers)
}

// ExportPayments writes payments received in [from, to] in a receive-payment import layout;
// reversed payments are left out.
func (s *Service) ExportPayments(ctx context.Context, w io.Writer, from, to tms.Date) error {
	pays, err := collect("date", func(p tms.PageRequest) (tms.Page[tms.Payment], error) {
		return s.Store.ListPayments(ctx, tms.PaymentFilter{From: from, To: to, Page: p})
	})
	if err != nil {
		return err
	}
	pays = slices.DeleteFunc(pays, func(p tms.Payment) bool { return p.ReversedAt != nil }) // bounced: never received
	numbers := map[int64]string{}
	for _, p := range pays {
		inv, err := s.Store.Invoice(ctx, p.InvoiceID)
		if err != nil {
			return err
		}
		numbers[p.InvoiceID] = inv.Number
	}
	names, err := s.customerNames(ctx)
	if err != nil {
		return err
	}
	return reports.WriteQuickBooksPayments(w, pays, numbers, names)
}

// allInvoices reads every invoice matching f.
func (s *Service) allInvoices(ctx context.Context, f tms.InvoiceFilter) ([]tms.Invoice, error) {
	return collect("number", func(p tms.PageRequest) (tms.Page[tms.Invoice], error) {
		f.Page = p
		return s.Store.ListInvoices(ctx, f)
	})
}

// ImportDieselCSV stores weekly prices from a CSV (week,price or EIA's history layout).
func (s *Service) ImportDieselCSV(ctx context.Context, r io.Reader) (int, error) {
	prices, err := eia.ParseCSV(r)
	if err != nil {
		return 0, err
	}
	return s.Store.PutDieselPrices(ctx, toDieselPrices(prices, "csv"))
}

// FetchDiesel stores the EIA prices published since the day after the newest stored week
// (the last 8 weeks when none is stored).
func (s *Service) FetchDiesel(ctx context.Context) (int, error) {
	if s.Diesel == nil {
		return 0, tms.Errorf(tms.CodeConflict, "no EIA API key is configured (EIA_API_KEY); enter prices by hand or import a CSV")
	}
	since := tms.DateOf(s.now().AddDate(0, 0, -56))
	if latest, err := s.Store.ListDieselPrices(ctx, tms.Date{}, tms.Date{}, 1); err == nil && len(latest) == 1 {
		since = tms.DateOf(latest[0].Week.Time().AddDate(0, 0, 1))
	}
	prices, err := s.Diesel.WeeklyDiesel(ctx, since)
	if err != nil {
		return 0, err
	}
	if len(prices) == 0 {
		return 0, nil
	}
	return s.Store.PutDieselPrices(ctx, toDieselPrices(prices, "eia"))
}

func toDieselPrices(prices []eia.Price, source string) []tms.DieselPrice {
	out := make([]tms.DieselPrice, len(prices))
	for i, p := range prices {
		out[i] = tms.DieselPrice{Week: p.Week, PriceMills: p.Mills, Source: source}
	}
	return out
}
