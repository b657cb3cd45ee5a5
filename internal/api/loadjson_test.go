package api

import (
	"bytes"
	"math"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"

	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

// TestLoadJSONMatchesEncodingJSON: the load views' writer answers byte for byte as
// web.WriteJSON (encoding/json) does, over loads of every shape.
func TestLoadJSONMatchesEncodingJSON(t *testing.T) {
	views := []loadView{{}, fullLoadView()}
	for _, change := range []func(*loadView){
		func(v *loadView) {
			v.Charges, v.AllowedTransitions, v.Stops = []tms.Charge{}, []tms.LoadStatus{}, []stopView{}
		},
		func(v *loadView) { v.Stops = nil },
		func(v *loadView) { v.Hazmat.PackingGroup = "" },
		func(v *loadView) { v.Charges[1].FuelIndex.Week = tms.Date{} },
		func(v *loadView) { v.References = tms.References{PO: "PO-1"} },
		func(v *loadView) {
			v.Notes, v.Commodity = "<b>\"Fish & chips\"</b>\\\n\t\r\b\f\x01\x7f", "caf\u00e9 \u2028\u2029 \xff\xfe end"
		},
		func(v *loadView) { v.Stops[0].FacilityName = "Dock \u00e9\u00e9 \U0001F69A" },
		func(v *loadView) {
			v.CreatedAt = time.Date(2026, 12, 7, 9, 30, 0, 123456789, time.FixedZone("", -5*3600))
		},
		func(v *loadView) { v.UpdatedAt = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) },                   // encoding/json refuses it
		func(v *loadView) { v.UpdatedAt = time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC) },                      // refused too
		func(v *loadView) { v.UpdatedAt = time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("", 24*3600)) }, // refused too
		func(v *loadView) { *v.Stops[1].ArrivedAt = time.Date(2026, 12, 8, 14, 0, 0, 1, time.Local) },
	} {
		v := fullLoadView()
		change(&v)
		views = append(views, v)
	}
	for _, miles := range []float64{0, math.Copysign(0, -1), 1, 245.3, 1e-6, 9.99e-7, 1e20, 1e21, -3.5e-9, 123456789.123, math.NaN(), math.Inf(1), math.Inf(-1), math.MaxFloat64, math.SmallestNonzeroFloat64} {
		v := fullLoadView()
		v.PlannedMiles = miles
		views = append(views, v)
	}
	for _, v := range views {
		checkLoadJSON(t, v)
	}
	checkLoadsJSON(t, tms.Page[loadView]{Items: views[:2], Total: 2, Limit: 50})
	checkLoadsJSON(t, tms.Page[loadView]{Items: []loadView{}, Limit: 50, Offset: 100})
	checkLoadsJSON(t, tms.Page[loadView]{})
}

// FuzzLoadJSON: a load view with fuzzed text, numbers and times is written as web.WriteJSON writes it.
func FuzzLoadJSON(f *testing.F) {
	f.Add("L-000001", "Frozen <fish> & \"chips\"", int64(42), 245.3, int64(1796000000), int64(123456789), -18000, true)
	f.Add("", "\xff\u2028", int64(-1), 1e21, int64(-62135596800), int64(0), 0, false)
	f.Fuzz(func(t *testing.T, text, notes string, n int64, miles float64, sec, nsec int64, offset int, hazmat bool) {
		v := fullLoadView()
		v.Number, v.Notes, v.References.BOL, v.Stops[0].FacilityName, v.Charges[0].Description = text, notes, text, notes, text
		v.ID, v.WeightLb, v.TotalCents, *v.DriverID, v.Stops[1].Seq = n, int(n), tms.Cents(n), n, int(n)
		v.PlannedMiles = miles
		v.UpdatedAt = time.Unix(sec, nsec).In(time.FixedZone("", offset%(48*3600)))
		*v.Stops[0].DepartedAt = time.Unix(sec, nsec).UTC()
		if !hazmat {
			v.Hazmat = nil
		}
		checkLoadJSON(t, v)
	})
}

func checkLoadJSON(t *testing.T, v loadView) {
	t.Helper()
	checkSameAnswer(t, v, func(w *httptest.ResponseRecorder) error { return writeLoadJSON(w, 200, v) })
}

func checkLoadsJSON(t *testing.T, page tms.Page[loadView]) {
	t.Helper()
	checkSameAnswer(t, page, func(w *httptest.ResponseRecorder) error { return writeLoadsJSON(w, 200, page) })
}

// checkSameAnswer compares what write answers with what web.WriteJSON answers for v.
func checkSameAnswer(t *testing.T, v any, write func(*httptest.ResponseRecorder) error) {
	t.Helper()
	got, want := httptest.NewRecorder(), httptest.NewRecorder()
	gotErr, wantErr := write(got), web.WriteJSON(want, 200, v)
	if (gotErr == nil) != (wantErr == nil) || !bytes.Equal(got.Body.Bytes(), want.Body.Bytes()) ||
		got.Code != want.Code || got.Header().Get("Content-Type") != want.Header().Get("Content-Type") {
		t.Errorf("wrote %d %q, %v\nencoding/json: %d %q, %v", got.Code, got.Body, gotErr, want.Code, want.Body, wantErr)
	}
}

// fullLoadView is a load with every optional member set, two stops and two charges.
func fullLoadView() loadView {
	at := time.Date(2026, 12, 7, 14, 30, 0, 0, time.UTC)
	arrived, departed := at.Add(time.Hour), at.Add(2*time.Hour+time.Microsecond)
	id, temp, week := func(n int64) *int64 { return &n }, func(n int) *int { return &n }, func() tms.Date { d, _ := tms.ParseDate("2026-12-07"); return d }()
	l := tms.Load{Meta: tms.Meta{ID: 7, CreatedAt: at, UpdatedAt: at.Add(time.Minute), Version: 3}, Number: "L-000007", CustomerID: 2,
		Status: tms.StatusInTransit, HoldFrom: tms.StatusDispatched,
		References: tms.References{BOL: "B1", PO: "P2", Pickup: "PU3", CustomerLoad: "C4"}, Commodity: "Paper", WeightLb: 40000, Pieces: 22,
		EquipmentType: "reefer", TempMinF: temp(-10), TempMaxF: temp(34), Hazmat: &tms.Hazmat{UNNumber: "UN1203", Class: "3", PackingGroup: "II"},
		Charges: []tms.Charge{{Kind: "linehaul", AmountCents: 125000}, {Kind: "fuel_surcharge", Description: "DOE", AmountCents: 3125,
			StopID: id(11), FuelIndex: &tms.FuelIndex{Week: week, PriceMills: 3859}}},
		TotalCents: 128125, PlannedMiles: 612.4, MilesManual: true,
		Assignment: tms.Assignment{DriverID: id(1), CoDriverID: id(2), TruckID: id(3), TrailerID: id(4)}, Notes: "call ahead"}
	stops := []stopView{
		{Stop: tms.Stop{ID: 11, Seq: 1, Kind: tms.StopPickup, FacilityID: 5, AppointmentStart: at, AppointmentEnd: at.Add(time.Hour),
			References: "PU3", Status: tms.StopDeparted, ArrivedAt: &arrived, DepartedAt: &departed, Notes: "dock 4"},
			FacilityName: "DC", City: "Dallas", State: "TX", TimeZone: "America/Chicago",
			AppointmentStartLocal: "2026-12-07T08:30:00-06:00", AppointmentEndLocal: "2026-12-07T09:30:00-06:00"},
		{Stop: tms.Stop{ID: 12, Seq: 2, Kind: tms.StopDelivery, FacilityID: 6, AppointmentStart: at.Add(24 * time.Hour),
			AppointmentEnd: at.Add(25 * time.Hour), Status: tms.StopArrived, ArrivedAt: new(time.Time)}},
	}
	l.Stops = []tms.Stop{stops[0].Stop, stops[1].Stop} // hidden by the view's stops
	return loadView{Load: l, Stops: stops, AllowedTransitions: l.AllowedTransitions()}
}

// BenchmarkLoadJSON: a page of 20 loads with two stops each, written by encoding/json and by
// the load views' writer.
//
//	go test -run '^$' -bench BenchmarkLoadJSON ./internal/api/
func BenchmarkLoadJSON(b *testing.B) {
	page := tms.Page[loadView]{Items: make([]loadView, 20), Total: 20, Limit: 50}
	for i := range page.Items {
		page.Items[i] = fullLoadView()
	}
	b.Run("encoding_json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := web.WriteJSON(httptest.NewRecorder(), 200, page); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("load_writer", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := writeLoadsJSON(httptest.NewRecorder(), 200, page); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// The full load view sets every field of every struct it holds (but the Stops its own stops
// hide), so a field added to tms.Load or its parts later shows in it and
// TestLoadJSONMatchesEncodingJSON fails until the load writer writes the field too.
func TestFullLoadViewSetsEveryField(t *testing.T) {
	for _, path := range zeroFields(reflect.ValueOf(fullLoadView()), "loadView") {
		t.Errorf("%s is zero in fullLoadView: give it a value, and the load writer the field", path)
	}
}

// zeroFields lists the paths of the exported fields below v that hold their zero value (below
// a slice, those zero in every element).
func zeroFields(v reflect.Value, path string) []string {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return []string{path}
		}
		return zeroFields(v.Elem(), path)
	case reflect.Struct:
		if _, isTime := v.Interface().(time.Time); isTime || v.Type() == reflect.TypeOf(tms.Date{}) {
			return zeroIf(v, path)
		}
		var out []string
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() {
				out = append(out, zeroFields(v.Field(i), path+"."+f.Name)...)
			}
		}
		return out
	case reflect.Slice:
		if v.Len() == 0 {
			return []string{path}
		}
		zeroIn := map[string]int{}
		for i := range v.Len() {
			for _, p := range zeroFields(v.Index(i), path+"[]") {
				zeroIn[p]++
			}
		}
		var out []string
		for p, n := range zeroIn {
			if n == v.Len() {
				out = append(out, p)
			}
		}
		return out
	}
	return zeroIf(v, path)
}

func zeroIf(v reflect.Value, path string) []string {
	if v.IsZero() {
		return []string{path}
	}
	return nil
}
