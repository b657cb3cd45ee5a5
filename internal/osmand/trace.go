package osmand

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// TracePoint is one ping of a recorded truck GPS trace.
type TracePoint struct {
	ID       int
	Point    tms.Point
	Time     time.Time // UTC
	SpeedMPH float64
	Heading  *float64 // degrees; nil when the trace has none (the truck is stopped)
}

// ReadTrace reads an ATRI-like CSV trace (testdata/gps): a header naming the columns
// PingID, x (longitude), y (latitude), readdate ("M/D/YYYY H:MM" in loc, nil meaning UTC),
// speed (mph) and, optionally, heading (empty when stopped); other columns such as TruckID
// are ignored. Errors are CodeInvalid and name the line and column.
func ReadTrace(r io.Reader, loc *time.Location) ([]TracePoint, error) {
	if loc == nil {
		loc = time.UTC
	}
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, traceReadError(err)
	}
	names := slices.Clone(header)
	cols, err := traceHeader(names)
	if err != nil {
		return nil, err
	}
	var points []TracePoint
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return points, nil
		}
		if err != nil {
			return nil, traceReadError(err)
		}
		p, err := traceRow{cr: cr, rec: rec, names: names}.point(cols, loc)
		if err != nil {
			return nil, err
		}
		points = append(points, p)
	}
}

// traceReadError wraps a CSV syntax error, which already names its line and column.
func traceReadError(err error) error {
	if errors.Is(err, io.EOF) {
		return tms.Errorf(tms.CodeInvalid, "trace line 1: the header row is missing")
	}
	return &tms.Error{Code: tms.CodeInvalid, Message: "trace " + err.Error(), Err: err}
}

// traceColumns holds the index of each column; heading is -1 when the trace has none.
type traceColumns struct{ id, x, y, date, speed, heading int }

func traceHeader(names []string) (traceColumns, error) {
	c := traceColumns{-1, -1, -1, -1, -1, -1}
	idx := map[string]*int{"pingid": &c.id, "x": &c.x, "y": &c.y, "readdate": &c.date, "speed": &c.speed, "heading": &c.heading}
	for i, n := range names {
		if p, ok := idx[strings.ToLower(strings.TrimSpace(n))]; ok && *p < 0 {
			*p = i
		}
	}
	for _, req := range []struct {
		name string
		i    int
	}{{"PingID", c.id}, {"x", c.x}, {"y", c.y}, {"readdate", c.date}, {"speed", c.speed}} {
		if req.i < 0 {
			return c, tms.Errorf(tms.CodeInvalid, "trace line 1: the header has no %s column", req.name)
		}
	}
	return c, nil
}

// traceRow is one data record with what it takes to name a failing field.
type traceRow struct {
	cr    *csv.Reader
	rec   []string
	names []string
}

func (r traceRow) point(c traceColumns, loc *time.Location) (TracePoint, error) {
	var p TracePoint
	var err error
	if p.ID, err = r.int(c.id); err != nil {
		return p, err
	}
	if p.Point.Lon, err = r.number(c.x, -180, 180); err != nil {
		return p, err
	}
	if p.Point.Lat, err = r.number(c.y, -90, 90); err != nil {
		return p, err
	}
	if p.Time, err = r.time(c.date, loc); err != nil {
		return p, err
	}
	if p.SpeedMPH, err = r.number(c.speed, 0, 1000); err != nil {
		return p, err
	}
	if c.heading >= 0 && strings.TrimSpace(r.rec[c.heading]) != "" {
		h, err := r.number(c.heading, 0, 360)
		p.Heading = &h
		return p, err
	}
	return p, nil
}

func (r traceRow) errorf(i int, format string, args ...any) error {
	line, _ := r.cr.FieldPos(i)
	return tms.Errorf(tms.CodeInvalid, "trace line %d, column %d (%s): %s", line, i+1, r.names[i], fmt.Sprintf(format, args...))
}

func (r traceRow) int(i int) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(r.rec[i]))
	if err != nil {
		return 0, r.errorf(i, "%s is not an integer", quote(r.rec[i]))
	}
	return n, nil
}

func (r traceRow) number(i int, min, max float64) (float64, error) {
	f, ok := decimal(strings.TrimSpace(r.rec[i]))
	if !ok {
		return 0, r.errorf(i, "%s is not a finite decimal number", quote(r.rec[i]))
	}
	if f < min || f > max {
		return 0, r.errorf(i, "%v is outside %v..%v", f, min, max)
	}
	return f, nil
}

// traceTimeLayouts: the trace's "M/D/YYYY H:MM", and the same with seconds.
var traceTimeLayouts = []string{"1/2/2006 15:04", "1/2/2006 15:04:05"}

func (r traceRow) time(i int, loc *time.Location) (time.Time, error) {
	s := strings.TrimSpace(r.rec[i])
	for _, layout := range traceTimeLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, r.errorf(i, "%s is not M/D/YYYY H:MM", quote(r.rec[i]))
}
