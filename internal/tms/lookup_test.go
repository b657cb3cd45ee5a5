package tms

import (
	"context"
	"testing"
)

// fakeMasters serves records from maps and counts the reads, to see what a Lookup batches.
type fakeMasters struct {
	facilities map[int64]Facility
	customers  map[int64]Customer
	singles    int // reads of one record
	lists      int // reads of many
}

func listOf[T any](f *fakeMasters, all map[int64]T, ids []int64) (Page[T], error) {
	f.lists++
	p := Page[T]{Items: []T{}}
	for _, id := range ids {
		if v, ok := all[id]; ok {
			p.Items = append(p.Items, v)
		}
	}
	p.Total = len(p.Items)
	return p, nil
}

func oneOf[T any](f *fakeMasters, all map[int64]T, id int64) (T, error) {
	f.singles++
	v, ok := all[id]
	if !ok {
		return v, NotFound("record", id)
	}
	return v, nil
}

func (f *fakeMasters) Customer(_ context.Context, id int64) (Customer, error) {
	return oneOf(f, f.customers, id)
}
func (f *fakeMasters) ListCustomers(_ context.Context, q MasterFilter) (Page[Customer], error) {
	return listOf(f, f.customers, q.IDs)
}
func (f *fakeMasters) Facility(_ context.Context, id int64) (Facility, error) {
	return oneOf(f, f.facilities, id)
}
func (f *fakeMasters) ListFacilities(_ context.Context, q MasterFilter) (Page[Facility], error) {
	return listOf(f, f.facilities, q.IDs)
}
func (f *fakeMasters) Driver(context.Context, int64) (Driver, error) { return Driver{}, nil }
func (f *fakeMasters) ListDrivers(context.Context, MasterFilter) (Page[Driver], error) {
	return Page[Driver]{}, nil
}
func (f *fakeMasters) Truck(context.Context, int64) (Truck, error) { return Truck{}, nil }
func (f *fakeMasters) ListTrucks(context.Context, MasterFilter) (Page[Truck], error) {
	return Page[Truck]{}, nil
}
func (f *fakeMasters) Trailer(context.Context, int64) (Trailer, error) { return Trailer{}, nil }
func (f *fakeMasters) ListTrailers(context.Context, MasterFilter) (Page[Trailer], error) {
	return Page[Trailer]{}, nil
}

func TestLookupPrefetchReadsEachKindOnce(t *testing.T) {
	f := &fakeMasters{customers: map[int64]Customer{}, facilities: map[int64]Facility{}}
	var loads []Load
	for i := int64(1); i <= 20; i++ {
		f.customers[i] = Customer{Meta: Meta{ID: i}, Name: "C"}
		f.facilities[i] = Facility{Meta: Meta{ID: i}, Name: "F"}
		loads = append(loads, Load{CustomerID: i, Stops: []Stop{{FacilityID: i}, {FacilityID: 21 - i}}})
	}
	ctx := context.Background()
	lk := NewLookup(f)
	if err := lk.Prefetch(ctx, loads); err != nil {
		t.Fatal(err)
	}
	lists := f.lists
	for _, l := range loads {
		if _, err := lk.Customer(ctx, l.CustomerID); err != nil {
			t.Fatal(err)
		}
		for _, s := range l.Stops {
			if fac, err := lk.Facility(ctx, s.FacilityID); err != nil || fac.ID != s.FacilityID {
				t.Fatalf("facility %d: got %d, %v", s.FacilityID, fac.ID, err)
			}
		}
	}
	if f.singles != 0 || lists != 2 {
		t.Errorf("20 loads: %d single reads and %d list reads, want 0 and 2 (customers, facilities)", f.singles, lists)
	}
	if err := lk.Prefetch(ctx, loads); err != nil || f.lists != lists {
		t.Errorf("a second prefetch read again (%d list reads, want %d): %v", f.lists, lists, err)
	}
	if _, err := lk.Facility(ctx, 99); ErrorCode(err) != CodeNotFound {
		t.Errorf("unknown facility: %v, want not found", err)
	}
	if d, err := lk.Driver(ctx, nil); d != nil || err != nil || f.singles != 1 {
		t.Errorf("nil driver id: %v, %v (single reads %d, want only the unknown facility's)", d, err, f.singles)
	}
}

func TestLookupRememberedRecordsAreNotReadAgain(t *testing.T) {
	f := &fakeMasters{customers: map[int64]Customer{1: {Meta: Meta{ID: 1}, Name: "Read"}}, facilities: map[int64]Facility{}}
	lk := NewLookup(f)
	lk.RememberCustomers([]Customer{{Meta: Meta{ID: 1}, Name: "Remembered"}})
	ctx := context.Background()
	if err := lk.Prefetch(ctx, []Load{{CustomerID: 1}}); err != nil {
		t.Fatal(err)
	}
	if c, err := lk.Customer(ctx, 1); err != nil || c.Name != "Remembered" || f.lists+f.singles != 0 {
		t.Errorf("customer 1 = %q, %v after %d reads; want the remembered one and no read", c.Name, err, f.lists+f.singles)
	}
}
