package web

import (
	"net/url"
	"testing"
	"time"

	"github.com/anditms/tms/internal/tms"
)

func TestLoadFilter(t *testing.T) {
	q, _ := url.ParseQuery("status=paid,invoiced&status=booked&q=+po-9+&customer_id=3&driver_id=4&truck_id=5" +
		"&pickup_from=2026-12-01&pickup_to=2026-12-07&delivery_from=2026-12-02T10:00:00Z&delivery_to=2026-12-09T18:00:00Z")
	f, err := LoadFilter(q)
	if err != nil {
		t.Fatal(err)
	}
	day := func(d int) time.Time { return time.Date(2026, 12, d, 0, 0, 0, 0, time.UTC) }
	switch {
	case len(f.Statuses) != 3 || f.Statuses[0] != tms.StatusPaid || f.Statuses[2] != tms.StatusBooked:
		t.Errorf("statuses = %v, want paid, invoiced, booked", f.Statuses)
	case f.Text != "po-9" || f.CustomerID != 3 || f.DriverID != 4 || f.TruckID != 5:
		t.Errorf("text %q, customer %d, driver %d, truck %d", f.Text, f.CustomerID, f.DriverID, f.TruckID)
	case !f.PickupFrom.Equal(day(1)) || !f.PickupTo.Equal(day(8)):
		t.Errorf("pickup %v – %v, want 12-01 through the end of 12-07", f.PickupFrom, f.PickupTo)
	case !f.DeliveryFrom.Equal(day(2).Add(10*time.Hour)) || !f.DeliveryTo.Equal(day(9).Add(18*time.Hour)):
		t.Errorf("delivery %v – %v: a time bound is taken as it is", f.DeliveryFrom, f.DeliveryTo)
	}

	bad, _ := url.ParseQuery("status=lost&customer_id=x&pickup_to=soon&delivery_from=2026-13-01")
	_, err = LoadFilter(bad)
	e, ok := err.(*tms.Error)
	if !ok || e.Code != tms.CodeInvalid {
		t.Fatalf("bad filter: %v, want invalid", err)
	}
	for _, field := range []string{"status", "customer_id", "pickup_to", "delivery_from"} {
		if e.Fields[field] == "" {
			t.Errorf("bad filter: no message for %s in %v", field, e.Fields)
		}
	}
}
