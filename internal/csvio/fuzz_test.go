package csvio

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fuzzSeeds are one plausible file per kind, in Kinds order.
var fuzzSeeds = []string{
	"name,billing_city,contacts,payment_terms_days,required_references,required_documents,active\n" +
		"\"Smith, Jones & Co\",Dallas,Ann Lee|ann@sj.example|555-0100; AP|ap@sj.example,30,po; bol,none,yes\n",
	"\ufeffName,Address City,Lat,Lon,Time Zone,Geofence Meters\r\nAcme DC,Dallas,32.7767,-96.797,America/Chicago,\r\n",
	"name,cdl_state,cdl_class,cdl_endorsements,cdl_expiry,status,pay_basis,pay_rate\nDana Driver,tx,A,H;N,2030-01-01,on_leave,hourly,2850\n",
	"unit_number,vin,year,odometer_miles,status,notes\nT-101,1M8GDM9AXKP042788,2020,412380,in_shop,\"'=1+1\"\n",
	"unit_number,type,length_ft,plate_state\nV-201,dry_van,53,TX\n,,,\n",
	"customer,pickup_facility,pickup_start,delivery_facility,delivery_start,delivery_end,linehaul_cents,temp_min_f,hazmat_un_number,planned_miles\n" +
		"Acme Foods,12,2026-12-07 08:00,Grocer Houston,2026-12-07T15:00:00-06:00,,150000,-10,UN1203,300.5\n",
}

// FuzzParse reads arbitrary bytes as each kind. It must not panic, must name lines and known
// columns in its errors, and every good row must read back the same after being written out
// the way Export writes it (so export and import round-trip).
func FuzzParse(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(uint8(i), []byte(s))
	}
	f.Fuzz(func(t *testing.T, k uint8, data []byte) {
		kind := Kinds[int(k)%len(Kinds)]
		rows, errs := Parse(kind, bytes.NewReader(data))
		ops, _ := opsOf(kind)
		checkErrors(t, ops.header(), errs)
		checkLines(t, rows)
		roundTrips[kind](t, rows)
	})
}

func checkErrors(t *testing.T, header []string, errs []RowError) {
	for _, e := range errs {
		known := e.Column == "" || slices.Contains(header, e.Column) || strings.HasPrefix(e.Reason, "is not a column of")
		if e.Line < 1 || e.Reason == "" || !known {
			t.Errorf("error %+v: want a line, a reason and a known column or none", e)
		}
	}
}

func checkLines(t *testing.T, rows []Row) {
	for i := 1; i < len(rows); i++ {
		if rows[i].Line <= rows[i-1].Line {
			t.Errorf("row %d on line %d after a row on line %d", i, rows[i].Line, rows[i-1].Line)
		}
	}
}

var roundTrips = map[Kind]func(*testing.T, []Row){
	Customers:  func(t *testing.T, rows []Row) { roundTrip(t, &customers.layout, rows) },
	Facilities: func(t *testing.T, rows []Row) { roundTrip(t, &facilities.layout, rows) },
	Drivers:    func(t *testing.T, rows []Row) { roundTrip(t, &drivers.layout, rows) },
	Trucks:     func(t *testing.T, rows []Row) { roundTrip(t, &trucks.layout, rows) },
	Trailers:   func(t *testing.T, rows []Row) { roundTrip(t, &trailers.layout, rows) },
	Loads:      func(t *testing.T, rows []Row) { roundTrip(t, &loads.layout, rows) },
}

// roundTrip writes the good rows with the layout and reads them back.
func roundTrip[T any](t *testing.T, l *layout[T], rows []Row) {
	var want []*T
	for _, r := range rows {
		if len(r.Errors) == 0 {
			want = append(want, r.Record.(*T))
		}
	}
	var buf bytes.Buffer
	err := writeCSV(&buf, l, func(fn func(*T) error) error {
		for _, v := range want {
			if err := fn(v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	again, fileErrs := l.parse(bytes.NewReader(buf.Bytes()))
	var got []*T
	for _, r := range again {
		got = append(got, r.Record.(*T))
	}
	if errs := append(fileErrs, rowErrors(again)...); len(errs) > 0 {
		t.Fatalf("the written rows do not read back: %v\n%q", errs, buf.String())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows written and read back (-before +after):\n%s\n%q", diff, buf.String())
	}
}
