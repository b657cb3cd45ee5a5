package eia

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// maxPreamble is how many lines before the header ParseCSV skips: EIA's history CSV opens
// with a title, a link and a source line.
const maxPreamble = 10

// dateLayouts are the week formats ParseCSV reads: ISO, EIA's history tables ("Jan 05,
// 2026") and a spreadsheet's US short date ("01/05/2026" or "1/5/2026").
var dateLayouts = []string{time.DateOnly, "Jan 2, 2006", "1/2/2006"}

// ParseCSV reads weekly diesel prices typed or saved by hand, oldest first. It takes either
//
//	week,price
//	2026-01-05,3.652
//	2026-01-12,$3.671
//
// or the CSV saved from EIA's series history page, whose header is
// "Date","Weekly U.S. No 2 Diesel Retail Prices  (Dollars per Gallon)" after a few lines
// of title, with dates like "Jan 05, 2026" or 01/05/2026. Prices are in dollars per gallon.
// A UTF-8 byte order mark and CRLF line ends are fine. Errors are tms.CodeInvalid and name
// the line.
func ParseCSV(r io.Reader) ([]Price, error) {
	cr := csv.NewReader(skipBOM(r))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	if err := readHeader(cr); err != nil {
		return nil, err
	}
	var prices []sourced
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, readError(err)
		}
		line, _ := cr.FieldPos(0)
		p, err := csvPrice(rec)
		if err != nil {
			return nil, invalid(fmt.Errorf("line %d: %w", line, err))
		}
		prices = append(prices, sourced{p, fmt.Sprintf("line %d", line)})
	}
	out, err := ordered(prices)
	if err != nil {
		return nil, invalid(err)
	}
	return out, nil
}

// invalid makes a problem with the file's content a user-facing error.
func invalid(err error) error {
	return tms.Errorf(tms.CodeInvalid, "diesel price CSV: %v", err)
}

// readError classifies a csv.Reader error: malformed CSV (a *csv.ParseError, which names
// the line) is the user's; failing to read at all is not.
func readError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return invalid(err)
	}
	return fmt.Errorf("diesel price CSV: %w", err)
}

// skipBOM drops a UTF-8 byte order mark, as Excel writes one.
func skipBOM(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\uFEFF" {
		br.Discard(3)
	}
	return br
}

// readHeader skips EIA's title lines and checks the header: week,price or Date,<the diesel
// series>. A Sourcekey line naming another series is refused.
func readHeader(cr *csv.Reader) error {
	for range maxPreamble {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return invalid(errors.New("no header line (week,price or EIA's Date,... layout)"))
		}
		if err != nil {
			return readError(err)
		}
		line, _ := cr.FieldPos(0)
		first := strings.ToLower(strings.TrimSpace(rec[0]))
		switch {
		case first == "sourcekey" && len(rec) > 1 && strings.TrimSpace(rec[1]) != Series:
			return invalid(fmt.Errorf("line %d: series %q, want %s (U.S. No 2 diesel)", line, rec[1], Series))
		case first == "week" || first == "date":
			if err := checkPriceColumn(line, rec); err != nil {
				return invalid(err)
			}
			return nil
		}
	}
	return invalid(fmt.Errorf("no header line (week,price or EIA's Date,... layout) in the first %d lines", maxPreamble))
}

func checkPriceColumn(line int, rec []string) error {
	if len(rec) != 2 {
		return fmt.Errorf("line %d: header has %d columns, want 2 (week,price)", line, len(rec))
	}
	col := strings.ToLower(strings.TrimSpace(rec[1]))
	if col != "price" && !strings.Contains(col, "diesel") {
		return fmt.Errorf("line %d: second column is %q, want price or EIA's diesel series", line, rec[1])
	}
	return nil
}

// csvPrice reads one week,price record.
func csvPrice(rec []string) (Price, error) {
	if len(rec) != 2 {
		return Price{}, fmt.Errorf("%d fields, want 2 (week,price)", len(rec))
	}
	week, err := parseWeek(strings.TrimSpace(rec[0]))
	if err != nil {
		return Price{}, err
	}
	text := strings.TrimPrefix(strings.TrimSpace(rec[1]), "$")
	mills, err := parseMills(text)
	if err != nil {
		return Price{}, fmt.Errorf("week %s: %w", week, err)
	}
	return Price{Week: week, Mills: mills}, nil
}

func parseWeek(s string) (tms.Date, error) {
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return tms.DateOf(t), checkWeek(tms.DateOf(t))
		}
	}
	return tms.Date{}, fmt.Errorf("%q is not a date like 2026-01-05, Jan 05, 2026 or 01/05/2026", s)
}
