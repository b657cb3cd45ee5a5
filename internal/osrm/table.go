package osrm

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/anditms/tms/internal/tms"
)

// Table asks OSRM for the driving distance and duration from every source to every
// destination: result[i][j] is sources[i] to destinations[j]. A pair with no road route
// (OSRM's null) has Meters and Seconds of +Inf, so it loses every comparison; test it with
// math.IsInf before showing or storing it. Errors are those of Route (NoTable is CodeInvalid).
func (c *Client) Table(ctx context.Context, sources, destinations []tms.Point) ([][]tms.Route, error) {
	if len(sources) == 0 || len(destinations) == 0 {
		return nil, tms.Errorf(tms.CodeInvalid, "a table needs at least one source and one destination")
	}
	coords, err := coordinates(append(append([]tms.Point(nil), sources...), destinations...))
	if err != nil {
		return nil, err
	}
	query := "sources=" + indexes(0, len(sources)) +
		"&destinations=" + indexes(len(sources), len(destinations)) +
		"&annotations=distance,duration"
	body, err := c.get(ctx, "table", coords, query)
	if err != nil {
		return nil, err
	}
	return parseTable(body, len(sources), len(destinations))
}

// indexes lists n coordinate indexes from first: "2;3;4".
func indexes(first, n int) string {
	s := make([]string, n)
	for i := range s {
		s[i] = strconv.Itoa(first + i)
	}
	return strings.Join(s, ";")
}

type tableResponse struct {
	envelope
	Durations [][]*float64 `json:"durations"` // seconds, null = unreachable
	Distances [][]*float64 `json:"distances"` // meters, null = unreachable
}

// parseTable reads a 200 answer of the table service for rows sources and cols destinations.
func parseTable(body []byte, rows, cols int) ([][]tms.Route, error) {
	var t tableResponse
	if err := unmarshal("table", body, &t, &t.envelope); err != nil {
		return nil, err
	}
	if err := checkMatrix("durations", t.Durations, rows, cols); err != nil {
		return nil, err
	}
	if err := checkMatrix("distances", t.Distances, rows, cols); err != nil {
		return nil, err
	}
	out := make([][]tms.Route, rows)
	for i := range out {
		out[i] = make([]tms.Route, cols)
		for j := range out[i] {
			out[i][j] = tms.Route{Meters: orInf(t.Distances[i][j]), Seconds: orInf(t.Durations[i][j])}
		}
	}
	return out, nil
}

// checkMatrix wants a rows x cols matrix of plausible values or nulls.
func checkMatrix(name string, m [][]*float64, rows, cols int) error {
	if len(m) != rows {
		return fmt.Errorf("osrm table: malformed response: %d rows of %s, want %d", len(m), name, rows)
	}
	for i, row := range m {
		if len(row) != cols {
			return fmt.Errorf("osrm table: malformed response: row %d of %s has %d values, want %d", i, name, len(row), cols)
		}
		for j, v := range row {
			if v != nil && !measure(v) {
				return fmt.Errorf("osrm table: malformed response: %s[%d][%d] = %v", name, i, j, *v)
			}
		}
	}
	return nil
}

func orInf(p *float64) float64 {
	if p == nil {
		return math.Inf(1)
	}
	return *p
}
