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

// collect reads every page of a list.
func collect[T any](sort string, list func(tms.PageRequest) (tms.Page[T], error)) ([]T, error) {
	var out []T
	p := tms.PageRequest{Limit: tms.MaxPageSize, Sort: sort}
	for {
		page, err := list(p)
		if err != nil {
			return nil, err
		}
		out = append(out, page.Items...)
		p.Offset += len(page.Items)
		if len(page.Items) == 0 || p.Offset >= page.Total {
			return out, nil
		}
	}
}

// allLoads reads every load matching f.
func (s *Service) allLoads(ctx context.Context, f tms.LoadFilter) ([]tms.Load, error) {
	return collect("window_start", func(p tms.PageRequest) (tms.Page[tms.Load], error) {
		f.Page = p
		return s.Store.ListLoads(ctx, f)
	})
}

// customerNames maps every customer id to its name (reports and exports).
func (s *Service) customerNames(ctx context.Context) (map[int64]string, error) {
	all, err := collect("id", func(p tms.PageRequest) (tms.Page[tms.Customer], error) {
		return s.Store.ListCustomers(ctx, tms.MasterFilter{Page: p})
	})
	out := make(map[int64]string, len(all))
	for _, c := range all {
		out[c.ID] = c.Name
	}
	return out, err
}
