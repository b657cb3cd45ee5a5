package sqlstore

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/anditms/tms/internal/tms"
)

func TestChargesColumnReadsAsEncodingJSON(t *testing.T) {
	stop := int64(7)
	week, err := tms.ParseDate("2026-12-07")
	if err != nil {
		t.Fatal(err)
	}
	written, err := json.Marshal([]tms.Charge{{Kind: "linehaul", AmountCents: 125000},
		{Kind: "fuel_surcharge", Description: "Fuel — DOE week", AmountCents: 3125, FuelIndex: &tms.FuelIndex{Week: week, PriceMills: 3859}},
		{Kind: "detention", AmountCents: -5, StopID: &stop}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, column string
		plain        bool // read without encoding/json
	}{
		{"as json.Marshal writes it", string(written), true},
		{"as jsonb prints it", `[{"kind": "linehaul", "amount_cents": 125000}, {"kind": "fuel_surcharge", "fuel_index": {"week": "2026-12-07", "price_mills": 3859}, "amount_cents": 3125}]`, true},
		{"empty", ` [ ] `, true},
		{"null", `null`, false},
		{"an escape", `[{"kind": "other", "description": "a \"quoted\" note", "amount_cents": 1}]`, false},
		{"a key twice", `[{"kind": "other", "amount_cents": 1, "amount_cents": 2}]`, false},
		{"a key in other case", `[{"Kind": "other", "amount_cents": 1}]`, false},
		{"a number with a fraction", `[{"kind": "other", "amount_cents": 1.0}]`, false},
		{"a null field", `[{"kind": "other", "stop_id": null, "amount_cents": 1}]`, false},
		{"an empty week", `[{"kind": "fuel_surcharge", "fuel_index": {"week": "", "price_mills": 1}, "amount_cents": 1}]`, true},
	} {
		if _, plain := decodeCharges([]byte(tt.column)); plain != tt.plain {
			t.Errorf("%s: read without encoding/json = %v, want %v", tt.name, plain, tt.plain)
		}
		checkColumn(t, []byte(tt.column), chargesColumn)
	}
}

func TestAddressAndHazmatColumnsReadAsEncodingJSON(t *testing.T) {
	for _, tt := range []struct {
		name, column    string
		address, hazmat bool // read without encoding/json as an address, as a hazmat
	}{
		{"an address as json.Marshal writes it", `{"line1":"100 Main St","line2":"Dock 4","city":"Dallas","state":"TX","zip":"75201"}`, true, false},
		{"an address as jsonb prints it", `{"zip": "75201", "city": "Dallas", "line1": "100 Main St", "state": "TX", "country": "US"}`, true, false},
		{"hazmat as json.Marshal writes it", `{"un_number":"UN1203","class":"3","packing_group":"II"}`, false, true},
		{"hazmat as jsonb prints it", `{"class": "3", "un_number": "UN1203"}`, false, true},
		{"null", ` null `, false, true},
		{"an escape", `{"line1":"A \u0026 B","city":"Dallas"}`, false, false},
		{"a key in other case", `{"City":"Dallas"}`, false, false},
		{"a key twice", `{"class":"3","class":"8"}`, false, false},
		{"null then more", `null null`, false, false},
		{"a number", `{"zip":75201}`, false, false},
	} {
		if _, plain := decodeAddress([]byte(tt.column)); plain != tt.address {
			t.Errorf("%s: read as an address without encoding/json = %v, want %v", tt.name, plain, tt.address)
		}
		if _, plain := decodeHazmat([]byte(tt.column)); plain != tt.hazmat {
			t.Errorf("%s: read as hazmat without encoding/json = %v, want %v", tt.name, plain, tt.hazmat)
		}
		checkPlainColumns(t, []byte(tt.column))
	}
}

// FuzzPlainColumns: the charges, address and hazmat columns scan to exactly what
// json.Unmarshal makes of them, and fail where json.Unmarshal fails.
func FuzzPlainColumns(f *testing.F) {
	f.Add([]byte(`[{"kind":"linehaul","amount_cents":125000},{"kind":"fuel_surcharge","amount_cents":3125,"fuel_index":{"week":"2026-12-07","price_mills":3859}}]`))
	f.Add([]byte(`[{"kind": "detention", "stop_id": 12, "amount_cents": -500, "description": "2 h"}]`))
	f.Add([]byte(`{"zip": "75201", "city": "Dallas", "line1": "100 Main St", "state": "TX"}`))
	f.Add([]byte(`{"un_number":"UN1203","class":"3","packing_group":"II"}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, column []byte) { checkPlainColumns(t, column) })
}

func checkPlainColumns(t *testing.T, column []byte) {
	t.Helper()
	checkColumn(t, column, chargesColumn)
	checkColumn(t, column, addressColumn)
	checkColumn(t, column, hazmatColumn)
}

// checkColumn scans column into a zero T through its plain column and compares with json.Unmarshal.
func checkColumn[T any](t *testing.T, column []byte, plain func(*T) plainField[T]) {
	t.Helper()
	var got, want T
	gotErr := plain(&got).Scan(string(column))
	wantErr := json.Unmarshal(column, &want)
	if (gotErr == nil) != (wantErr == nil) || !reflect.DeepEqual(got, want) {
		t.Errorf("Scan(%q) into %T = %#v, %v; json.Unmarshal = %#v, %v", column, got, got, gotErr, want, wantErr)
	}
}

// BenchmarkChargesColumn: a demo load's charges (linehaul and a fuel surcharge) as jsonb
// prints them, read by encoding/json and by the charges column.
//
//	go test -run '^$' -bench 'Benchmark(Charges|Address)Column' ./internal/sqlstore/
func BenchmarkChargesColumn(b *testing.B) {
	benchColumn(b, `[{"kind": "linehaul", "amount_cents": 125000}, {"kind": "fuel_surcharge", "fuel_index": {"week": "2026-12-07", "price_mills": 3859}, "amount_cents": 3125}]`, chargesColumn)
}

// BenchmarkAddressColumn: a demo facility's address as jsonb prints it.
func BenchmarkAddressColumn(b *testing.B) {
	benchColumn(b, `{"zip": "75201", "city": "Dallas", "line1": "1400 Distribution Way", "state": "TX"}`, addressColumn)
}

func benchColumn[T any](b *testing.B, column string, plain func(*T) plainField[T]) {
	b.Run("encoding_json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var v T
			if err := json.Unmarshal([]byte(column), &v); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("plain_column", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var v T
			if err := plain(&v).Scan(column); err != nil {
				b.Fatal(err)
			}
		}
	})
}
