package eia

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/anditms/tms/internal/tms"
)

// apiResponse is the part of an EIA API v2 data answer this package reads:
//
//	{"response": {"total": "8", "frequency": "weekly", "data": [{"period": "2026-02-23",
//	  "series": "EMD_EPD2D_PTE_NUS_DPG", "value": "3.712", "units": "$/GAL", ...}]},
//	 "request": {...}, "apiVersion": "2.1.8"}
type apiResponse struct {
	Response *struct {
		Total json.RawMessage `json:"total"` // a string since API 2.1.6, a number before
		Data  []apiRow        `json:"data"`
	} `json:"response"`
	Error json.RawMessage `json:"error"`
}

type apiRow struct {
	Period string          `json:"period"`
	Series string          `json:"series"`
	Value  json.RawMessage `json:"value"` // "3.876" since API 2.1.6, 3.876 before
	Units  string          `json:"units"`
}

// ParseResponse reads an EIA API v2 answer from petroleum/pri/gnd/data and returns the
// diesel prices in it (rows of other series are ignored), oldest first. A week given twice,
// a missing or malformed value, units other than $/GAL, or an answer holding fewer rows than
// its total (a truncated page) is an error naming the row.
func ParseResponse(r io.Reader) ([]Price, error) {
	var resp apiResponse
	dec := json.NewDecoder(r)
	if err := dec.Decode(&resp); err != nil {
		return nil, fmt.Errorf("eia response: malformed JSON: %w", err)
	}
	if resp.Response == nil {
		if msg := errorMessage(resp.Error); msg != "" {
			return nil, fmt.Errorf("eia response: error from EIA: %s", msg)
		}
		return nil, errors.New(`eia response: no "response" object`)
	}
	data := resp.Response.Data
	if total, ok := number(resp.Response.Total); ok && total > int64(len(data)) {
		return nil, fmt.Errorf("eia response: truncated: %d of %d rows", len(data), total)
	}
	var prices []sourced
	for i, row := range data {
		if row.Series != Series {
			continue
		}
		p, err := row.price()
		if err != nil {
			return nil, fmt.Errorf("eia response: row %d (period %q): %w", i+1, row.Period, err)
		}
		prices = append(prices, sourced{p, fmt.Sprintf("row %d", i+1)})
	}
	out, err := ordered(prices)
	if err != nil {
		return nil, fmt.Errorf("eia response: %w", err)
	}
	return out, nil
}

// price checks one row of the diesel series.
func (row apiRow) price() (Price, error) {
	week, err := tms.ParseDate(row.Period)
	if err != nil {
		return Price{}, fmt.Errorf("period: %w", err)
	}
	if err := checkWeek(week); err != nil {
		return Price{}, err
	}
	if row.Units != "" && row.Units != Units {
		return Price{}, fmt.Errorf("units %q, want %q", row.Units, Units)
	}
	text, err := valueText(row.Value)
	if err != nil {
		return Price{}, err
	}
	mills, err := parseMills(text)
	if err != nil {
		return Price{}, fmt.Errorf("value: %w", err)
	}
	return Price{Week: week, Mills: mills}, nil
}

// valueText returns the decimal text of a value sent as a JSON string or a JSON number; a
// number is read as json.Number so its digits never pass through a float64.
func valueText(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0:
		return "", errors.New(`no "value" field`)
	case string(raw) == "null":
		return "", errors.New("value is null (no price published)")
	case raw[0] == '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", fmt.Errorf("value: %w", err)
		}
		return s, nil
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err != nil {
		return "", fmt.Errorf("value %s is neither a string nor a number", raw)
	}
	return n.String(), nil
}

// number reads a count sent as a JSON number or a string of digits.
func number(raw json.RawMessage) (int64, bool) {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		s = string(bytes.TrimSpace(raw))
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// errorMessage reads EIA's error field: a string ({"error": "...", "code": 404}) or, from
// the api.data.gov key gateway, an object ({"error": {"code": "API_KEY_INVALID",
// "message": "..."}}).
func errorMessage(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var obj struct{ Code, Message string }
	if json.Unmarshal(raw, &obj) != nil {
		return ""
	}
	switch {
	case obj.Code != "" && obj.Message != "":
		return obj.Code + ": " + obj.Message
	case obj.Message != "":
		return obj.Message
	}
	return obj.Code
}
