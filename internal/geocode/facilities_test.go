package geocode_test

import (
	"context"
	"errors"
	"testing"

	"github.com/anditms/tms/internal/geocode"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// TestFacilitiesCheckTheZone: on both engines, a facility whose zone contradicts its position
// is refused on create and on update, and the refusal stores nothing.
func TestFacilitiesCheckTheZone(t *testing.T) {
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			store := f.Open(t)
			ctx := context.Background()
			svc := geocode.Facilities{Store: store}
			tokyo := &tms.Facility{Name: "Denver DC", Lat: 39.7392, Lon: -104.9903, TimeZone: "Asia/Tokyo", Active: true}
			wantZoneRefused(t, svc.Create(ctx, tokyo))
			if page, err := store.ListFacilities(ctx, tms.MasterFilter{}); err != nil || len(page.Items) != 0 {
				t.Fatalf("after the refusal: %d facilities, %v; want none", len(page.Items), err)
			}

			denver := &tms.Facility{Name: "Denver DC", Lat: 39.7392, Lon: -104.9903, TimeZone: "America/Denver", Active: true}
			if err := svc.Create(ctx, denver); err != nil {
				t.Fatal(err)
			}
			_, err := svc.Update(ctx, denver.ID, func(f *tms.Facility) error { f.TimeZone = "Asia/Tokyo"; return nil })
			wantZoneRefused(t, err)
			moved, err := svc.Update(ctx, denver.ID, func(f *tms.Facility) error {
				f.Lat, f.Lon, f.TimeZone = 35.232, -80.905, "America/New_York"
				return nil
			})
			if err != nil || moved.TimeZone != "America/New_York" {
				t.Fatalf("moving to Charlotte with its zone: %+v, %v", moved, err)
			}
			if got, _ := store.Facility(ctx, denver.ID); got.Version != moved.Version {
				t.Errorf("stored version %d, want %d (the refused update changed nothing)", got.Version, moved.Version)
			}
		})
	}
}

func wantZoneRefused(t *testing.T, err error) {
	t.Helper()
	var e *tms.Error
	if !errors.As(err, &e) || e.Code != tms.CodeInvalid || e.Fields["time_zone"] == "" {
		t.Fatalf("err = %v, want invalid time_zone", err)
	}
}

// TestCreateFromAddress: on both engines, a facility made from a name and one address line
// sits on the ZIP centroid in the zone found there; an unreadable or unknown address is
// refused on the address field and stores nothing.
func TestCreateFromAddress(t *testing.T) {
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			store := f.Open(t)
			ctx := context.Background()
			svc := geocode.Facilities{Store: store}
			fac, r, err := svc.CreateFromAddress(ctx, geocode.Offline{}, "Westinghouse DC", "3100 Westinghouse Blvd, Charlotte, NC 28208")
			if err != nil {
				t.Fatal(err)
			}
			got, _ := store.Facility(ctx, fac.ID)
			if got.TimeZone != "America/New_York" || got.Address.Zip != "28208" || got.Lat != r.Lat || r.Precision != geocode.PrecisionZIP || !got.Active {
				t.Errorf("facility = %+v (result %+v)", got, r)
			}
			for _, line := range []string{"3100 Westinghouse Blvd", "1 Main St, Nowhere, NC 00000"} {
				_, _, err := svc.CreateFromAddress(ctx, geocode.Offline{}, "Bad", line)
				var e *tms.Error
				if !errors.As(err, &e) || e.Code != tms.CodeInvalid || e.Fields["address"] == "" {
					t.Errorf("%q: %v, want invalid address", line, err)
				}
			}
			_, _, err = svc.CreateFromAddress(ctx, geocode.Offline{}, "", "Denver, CO")
			var e *tms.Error
			if !errors.As(err, &e) || e.Fields["name"] == "" {
				t.Errorf("no name: %v, want invalid name", err)
			}
			if page, _ := store.ListFacilities(ctx, tms.MasterFilter{}); len(page.Items) != 1 {
				t.Errorf("%d facilities stored, want only the first", len(page.Items))
			}
		})
	}
}
