package eia

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fixturePrices is what testdata/diesel_weekly.json holds, oldest first.
func fixturePrices(t testing.TB) []Price {
	return []Price{
		{date(t, "2026-01-05"), 3652},
		{date(t, "2026-01-12"), 3671},
		{date(t, "2026-01-19"), 3689},
		{date(t, "2026-01-26"), 3702},
		{date(t, "2026-02-02"), 3694},
		{date(t, "2026-02-09"), 3711},
		{date(t, "2026-02-16"), 3735},
		{date(t, "2026-02-23"), 3748},
	}
}

var priceCmp = cmp.Comparer(func(a, b Price) bool { return a.Week.Equal(b.Week) && a.Mills == b.Mills })

func TestParseResponseFixtures(t *testing.T) {
	tests := []struct {
		file string
		want []Price
	}{
		{"diesel_weekly.json", fixturePrices(t)},
		{"mixed_series_numbers.json", []Price{{date(t, "2023-01-02"), 4581}, {date(t, "2023-01-09"), 4596}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open("testdata/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			got, err := ParseResponse(f)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, priceCmp); diff != "" {
				t.Errorf("prices (-want +got):\n%s", diff)
			}
		})
	}
}

// answer wraps data rows in an EIA response envelope.
func answer(rows ...string) string {
	return `{"response":{"total":"` + strconv.Itoa(len(rows)) + `","frequency":"weekly","data":[` +
		strings.Join(rows, ",") + `]},"apiVersion":"2.1.8"}`
}

func row(period, series, value string) string {
	return `{"period":"` + period + `","series":"` + series + `","value":` + value + `,"units":"$/GAL"}`
}

func TestParseResponse(t *testing.T) {
	const gas = "EMM_EPM0_PTE_NUS_DPG"
	tests := []struct {
		name    string
		body    string
		want    []Price
		wantErr string
	}{
		{name: "string value", body: answer(row("2026-01-05", Series, `"3.652"`)),
			want: []Price{{date(t, "2026-01-05"), 3652}}},
		{name: "number value", body: answer(row("2026-01-05", Series, `3.652`)),
			want: []Price{{date(t, "2026-01-05"), 3652}}},
		{name: "number with four decimals rounds half up", body: answer(row("2026-01-05", Series, `3.6525`)),
			want: []Price{{date(t, "2026-01-05"), 3653}}},
		{name: "whole number", body: answer(row("2026-01-05", Series, `4`)),
			want: []Price{{date(t, "2026-01-05"), 4000}}},
		{name: "wrong series ignored", body: answer(row("2026-01-05", gas, `"2.901"`), row("2026-01-12", Series, `"3.671"`)),
			want: []Price{{date(t, "2026-01-12"), 3671}}},
		{name: "only other series", body: answer(row("2026-01-05", gas, `"2.901"`)), want: []Price{}},
		{name: "bad values in other series ignored", body: answer(row("2026-01-05", gas, `"n/a"`)), want: []Price{}},
		{name: "no rows", body: answer(), want: []Price{}},
		{name: "total as number", body: `{"response":{"total":1,"data":[` + row("2026-01-05", Series, `"3.652"`) + `]}}`,
			want: []Price{{date(t, "2026-01-05"), 3652}}},

		{name: "duplicate week", body: answer(row("2026-01-05", Series, `"3.652"`), row("2026-01-05", Series, `"3.653"`)),
			wantErr: "week 2026-01-05 is given twice (row 1 and row 2)"},
		{name: "bad value names the row", body: answer(row("2026-01-05", Series, `"3.652"`), row("2026-01-12", Series, `"abc"`)),
			wantErr: `row 2 (period "2026-01-12"): value: "abc" is not a price`},
		{name: "negative", body: answer(row("2026-01-05", Series, `-1`)), wantErr: `row 1 (period "2026-01-05"): value: "-1"`},
		{name: "zero", body: answer(row("2026-01-05", Series, `"0.000"`)), wantErr: "not a positive price"},
		{name: "empty string", body: answer(row("2026-01-05", Series, `""`)), wantErr: `value: "" is not a price`},
		{name: "null", body: answer(row("2026-01-05", Series, `null`)), wantErr: "row 1 (period \"2026-01-05\"): value is null"},
		{name: "boolean", body: answer(row("2026-01-05", Series, `true`)), wantErr: "neither a string nor a number"},
		{name: "exponent", body: answer(row("2026-01-05", Series, `3.652e0`)), wantErr: `"3.652e0" is not a price`},
		{name: "no value field", body: answer(`{"period":"2026-01-05","series":"` + Series + `"}`), wantErr: `no "value" field`},
		{name: "bad period", body: answer(row("2026-W02", Series, `"3.652"`)), wantErr: `row 1 (period "2026-W02"): period:`},
		{name: "period before the series", body: answer(row("0001-01-01", Series, `"3.652"`)), wantErr: "before the series began"},
		{name: "wrong units", body: answer(`{"period":"2026-01-05","series":"` + Series + `","value":"365.2","units":"CENTS/GAL"}`),
			wantErr: `units "CENTS/GAL", want "$/GAL"`},
		{name: "truncated page", body: `{"response":{"total":"1712","data":[` + row("2026-01-05", Series, `"3.652"`) + `]}}`,
			wantErr: "truncated: 1 of 1712 rows"},
		{name: "EIA error body", body: `{"error":"Invalid facet 'serie' provided.","code":400}`, wantErr: "error from EIA: Invalid facet 'serie' provided."},
		{name: "gateway error body", body: `{"error":{"code":"API_KEY_MISSING","message":"No api_key was supplied."}}`,
			wantErr: "error from EIA: API_KEY_MISSING: No api_key was supplied."},
		{name: "no response object", body: `{"apiVersion":"2.1.8"}`, wantErr: `no "response" object`},
		{name: "malformed JSON", body: `{"response":{"data":[`, wantErr: "malformed JSON"},
		{name: "empty body", body: ``, wantErr: "malformed JSON"},
		{name: "HTML", body: `<html>503</html>`, wantErr: "malformed JSON"},
		{name: "data not a list", body: `{"response":{"data":{}}}`, wantErr: "malformed JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseResponse(strings.NewReader(tt.body))
			checkErr(t, err, tt.wantErr)
			if diff := cmp.Diff(tt.want, got, priceCmp); tt.wantErr == "" && diff != "" {
				t.Errorf("prices (-want +got):\n%s", diff)
			}
		})
	}
}
