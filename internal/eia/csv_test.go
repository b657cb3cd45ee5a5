package eia

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/anditms/tms/internal/tms"
	"github.com/google/go-cmp/cmp"
)

func TestParseCSVFixtures(t *testing.T) {
	all := fixturePrices(t)
	tests := []struct {
		file string
		want []Price
	}{
		{"diesel_weekly.csv", all[:4]}, // BOM, CRLF, a $ price
		{"eia_history.csv", all[2:6]},  // EIA's layout, newest first
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open("testdata/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			got, err := ParseCSV(f)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, priceCmp); diff != "" {
				t.Errorf("prices (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseCSV(t *testing.T) {
	jan5 := []Price{{date(t, "2026-01-05"), 3652}}
	const eiaHeader = `"Date","Weekly U.S. No 2 Diesel Retail Prices  (Dollars per Gallon)"` + "\n"
	tests := []struct {
		name    string
		in      string
		want    []Price
		wantErr string
	}{
		{name: "week,price", in: "week,price\n2026-01-05,3.652\n", want: jan5},
		{name: "dollar sign and spaces", in: "Week, Price\n2026-01-05, $3.652 \n", want: jan5},
		{name: "quoted", in: "\"week\",\"price\"\n\"2026-01-05\",\"$3.652\"\n", want: jan5},
		{name: "half up", in: "week,price\n2026-01-05,3.6515\n", want: jan5},
		{name: "BOM and CRLF", in: "\uFEFFweek,price\r\n2026-01-05,3.652\r\n", want: jan5},
		{name: "blank lines", in: "week,price\n\n2026-01-05,3.652\n\n", want: jan5},
		{name: "no final newline", in: "week,price\n2026-01-05,3.652", want: jan5},
		{name: "header only", in: "week,price\n", want: []Price{}},
		{name: "EIA month name", in: eiaHeader + "\"Jan 05, 2026\",3.652\n", want: jan5},
		{name: "EIA month name unpadded", in: eiaHeader + "\"Jan 5, 2026\",3.652\n", want: jan5},
		{name: "US short date", in: eiaHeader + "01/05/2026,3.652\n", want: jan5},
		{name: "US short date unpadded", in: eiaHeader + "1/5/2026,3.652\n", want: jan5},
		{name: "sorted oldest first", in: "week,price\n2026-01-12,3.671\n2026-01-05,3.652\n",
			want: []Price{{date(t, "2026-01-05"), 3652}, {date(t, "2026-01-12"), 3671}}},
		{name: "preamble", in: "U.S. diesel\nSourcekey,EMD_EPD2D_PTE_NUS_DPG\n" + eiaHeader + "01/05/2026,3.652\n", want: jan5},

		{name: "empty", in: "", wantErr: "no header line"},
		{name: "no header", in: "2026-01-05,3.652\n", wantErr: "no header line"},
		{name: "header too late", in: strings.Repeat("title\n", 10) + "week,price\n", wantErr: "in the first 10 lines"},
		{name: "gasoline spreadsheet", in: "Date,Weekly U.S. Regular Gasoline Retail Prices  (Dollars per Gallon)\n",
			wantErr: `line 1: second column is "Weekly U.S. Regular Gasoline`},
		{name: "other sourcekey", in: "Sourcekey,EMM_EPMR_PTE_NUS_DPG\n", wantErr: `line 1: series "EMM_EPMR_PTE_NUS_DPG"`},
		{name: "three header columns", in: "week,price,note\n", wantErr: "line 1: header has 3 columns"},
		{name: "bad price names the line", in: "week,price\n2026-01-05,3.652\n2026-01-12,abc\n",
			wantErr: `line 3: week 2026-01-12: "abc" is not a price`},
		{name: "negative price", in: "week,price\n2026-01-05,-3.652\n", wantErr: "line 2: week 2026-01-05:"},
		{name: "empty price", in: "week,price\n2026-01-05,\n", wantErr: `line 2: week 2026-01-05: "" is not a price`},
		{name: "cents, not dollars", in: "week,price\n2026-01-05,365.2c\n", wantErr: "line 2:"},
		{name: "bad date", in: "week,price\n2026-13-05,3.652\n", wantErr: `line 2: "2026-13-05" is not a date`},
		{name: "date before the series", in: "week,price\n1993-12-27,1.000\n", wantErr: "line 2: week 1993-12-27 is before the series began (1994-01-01)"},
		{name: "extra field", in: "week,price\n2026-01-05,3.652,x\n", wantErr: "line 2: 3 fields, want 2"},
		{name: "one field", in: "week,price\n2026-01-05\n", wantErr: "line 2: 1 fields, want 2"},
		{name: "duplicate week across formats", in: eiaHeader + "01/05/2026,3.652\n\"Jan 05, 2026\",3.652\n",
			wantErr: "week 2026-01-05 is given twice (line 2 and line 3)"},
		{name: "bare quote", in: "week,price\n2026-01-05,3.6\"52\n", wantErr: "line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCSV(strings.NewReader(tt.in))
			checkErr(t, err, tt.wantErr)
			if err != nil {
				var e *tms.Error
				if !errors.As(err, &e) || e.Code != tms.CodeInvalid {
					t.Errorf("got %T %v, want a tms.Error with code invalid", err, err)
				}
				return
			}
			if diff := cmp.Diff(tt.want, got, priceCmp); diff != "" {
				t.Errorf("prices (-want +got):\n%s", diff)
			}
		})
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

// TestParseCSVReadError: failing to read is not the user's fault, so not CodeInvalid.
func TestParseCSVReadError(t *testing.T) {
	_, err := ParseCSV(failingReader{})
	checkErr(t, err, "connection reset")
	if code := tms.ErrorCode(err); code != tms.CodeInternal {
		t.Errorf("got code %q, want %q", code, tms.CodeInternal)
	}
}
