package billing

import (
	"context"
	"time"

	"github.com/anditms/tms/internal/documents"
	"github.com/anditms/tms/internal/eia"
	"github.com/anditms/tms/internal/tms"
)

// Service applies the billing rules over a store: rating loads, proposing detention,
// invoicing with its gates and PDFs, receivables, driver settlements and reports. Callers
// (API, UI, seed) check roles; the service checks the records.
type Service struct {
	Store  tms.Store
	Docs   *documents.Service
	Router tms.Router
	// Diesel fetches EIA weekly prices; nil when no EIA API key is configured.
	Diesel eia.Fetcher
	// Now is the clock (invoice dates, aging); nil means time.Now.
	Now func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Service) today() tms.Date { return tms.DateOf(s.now()) }

// facilities reads the facilities of the loads' stops once each.
func (s *Service) facilities(ctx context.Context, loads ...tms.Load) (map[int64]tms.Facility, error) {
	out := map[int64]tms.Facility{}
	for _, l := range loads {
		for _, st := range l.Stops {
			if _, ok := out[st.FacilityID]; ok {
				continue
			}
			f, err := s.Store.Facility(ctx, st.FacilityID)
			if err != nil {
				return nil, err
			}
			out[st.FacilityID] = f
		}
	}
	return out, nil
}

// allLoads pages through every load matching f.
func (s *Service) allLoads(ctx context.Context, f tms.LoadFilter) ([]tms.Load, error) {
	var out []tms.Load
	f.Page = tms.PageRequest{Limit: tms.MaxPageSize, Sort: "window_start"}
	for {
		page, err := s.Store.ListLoads(ctx, f)
		if err != nil {
			return nil, err
		}
		out = append(out, page.Items...)
		f.Page.Offset += len(page.Items)
		if len(page.Items) == 0 || f.Page.Offset >= page.Total {
			return out, nil
		}
	}
}

// customerNames maps every customer id to its name (reports and exports).
func (s *Service) customerNames(ctx context.Context) (map[int64]string, error) {
	out := map[int64]string{}
	f := tms.MasterFilter{Page: tms.PageRequest{Limit: tms.MaxPageSize}}
	for {
		page, err := s.Store.ListCustomers(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, c := range page.Items {
			out[c.ID] = c.Name
		}
		f.Page.Offset += len(page.Items)
		if len(page.Items) == 0 || f.Page.Offset >= page.Total {
			return out, nil
		}
	}
}
