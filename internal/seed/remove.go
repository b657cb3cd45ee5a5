package seed

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// Blobs deletes stored document bytes.
type Blobs interface {
	Delete(ctx context.Context, key string) error
}

// Removed says what Remove did.
type Removed struct {
	Documents int // objects deleted from document storage
}

// Remove deletes the demo data set and the demo logins, keeping every admin account. It
// refuses (CodeConflict) when the demo data is not loaded, or when records were added after
// it was (customers, facilities, drivers, trucks, trailers, devices, loads or accounts): those
// are someone's real work, and the demo data is interwoven with them. Work done on the demo
// records themselves (a load dispatched, a POD uploaded) goes with them.
func Remove(ctx context.Context, s tms.Store, blobs Blobs) (Removed, error) {
	loaded, err := Loaded(ctx, s)
	if err != nil {
		return Removed{}, err
	}
	if !loaded {
		return Removed{}, tms.Errorf(tms.CodeConflict, "the demo data is not loaded")
	}
	if err := refuseAdded(ctx, s); err != nil {
		return Removed{}, err
	}
	keys, err := s.RemoveBusinessData(ctx)
	if err != nil {
		return Removed{}, err
	}
	for _, k := range keys {
		if err := blobs.Delete(ctx, k); err != nil {
			return Removed{}, fmt.Errorf("the demo data is removed; deleting its document %s failed (tms docs verify lists the rest): %w", k, err)
		}
	}
	return Removed{Documents: len(keys)}, nil
}

// refuseAdded fails when any record was created after the demo logins, the last thing Demo makes.
func refuseAdded(ctx context.Context, s tms.Store) error {
	seeded, err := seededAt(ctx, s)
	if err != nil {
		return err
	}
	var added []string
	for _, c := range addedCounters(s) {
		n, err := c.count(ctx, seeded)
		if err != nil {
			return err
		}
		if n > 0 {
			added = append(added, fmt.Sprintf("%d %s", n, c.what))
		}
	}
	if len(added) > 0 {
		return tms.Errorf(tms.CodeConflict, "records were added after the demo data (%s): they would go with it, so it stays; start a new installation with TMS_DEMO=off instead", strings.Join(added, ", "))
	}
	return nil
}

// seededAt is when the demo logins were made.
func seededAt(ctx context.Context, s tms.Store) (time.Time, error) {
	var at time.Time
	for _, role := range demoRoles {
		u, err := s.UserByEmail(ctx, demoEmail(role))
		if tms.ErrorCode(err) == tms.CodeNotFound {
			continue
		}
		if err != nil {
			return at, err
		}
		at = later(at, u.CreatedAt)
	}
	return at, nil
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// counter counts the records of one kind created after a time.
type counter struct {
	what  string
	count func(ctx context.Context, after time.Time) (int, error)
}

func addedCounters(s tms.Store) []counter {
	return []counter{
		{"customers", masterCounter(s.ListCustomers)},
		{"facilities", masterCounter(s.ListFacilities)},
		{"drivers", masterCounter(s.ListDrivers)},
		{"trucks", masterCounter(s.ListTrucks)},
		{"trailers", masterCounter(s.ListTrailers)},
		{"devices", masterCounter(s.ListDevices)},
		{"loads", func(ctx context.Context, after time.Time) (int, error) {
			return countAfter(func(p tms.PageRequest) (tms.Page[tms.Load], error) {
				return s.ListLoads(ctx, tms.LoadFilter{Page: p})
			}, func(l *tms.Load) bool { return l.CreatedAt.After(after) })
		}},
		{"accounts", func(ctx context.Context, after time.Time) (int, error) {
			return countAfter(func(p tms.PageRequest) (tms.Page[tms.User], error) {
				return s.ListUsers(ctx, p)
			}, func(u *tms.User) bool { return u.CreatedAt.After(after) && u.Role != tms.RoleAdmin })
		}},
	}
}

// masterCounter counts master records created after a time.
func masterCounter[T any](list func(context.Context, tms.MasterFilter) (tms.Page[T], error)) func(context.Context, time.Time) (int, error) {
	return func(ctx context.Context, after time.Time) (int, error) {
		return countAfter(func(p tms.PageRequest) (tms.Page[T], error) {
			return list(ctx, tms.MasterFilter{Page: p})
		}, func(v *T) bool { return any(v).(tms.Record).RecordMeta().CreatedAt.After(after) })
	}
}

// countAfter counts the records of every page that added accepts.
func countAfter[T any](next func(tms.PageRequest) (tms.Page[T], error), added func(*T) bool) (int, error) {
	n := 0
	for offset := 0; ; offset += tms.MaxPageSize {
		page, err := next(tms.PageRequest{Limit: tms.MaxPageSize, Offset: offset})
		if err != nil {
			return n, err
		}
		for i := range page.Items {
			if added(&page.Items[i]) {
				n++
			}
		}
		if len(page.Items) < tms.MaxPageSize {
			return n, nil
		}
	}
}
