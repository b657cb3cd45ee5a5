package osmand

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/anditms/tms/internal/tms"

	_ "time/tzdata" // America/Chicago even where the system has no zoneinfo
)

func TestReadTraceSharedFile(t *testing.T) {
	chicago := mustLoad(t, "America/Chicago")
	points, err := ReadTrace(bytes.NewReader(readShared(t, "gps", "atri_like_truck_trace.csv")), chicago)
	if err != nil {
		t.Fatalf("got error %v, want none", err)
	}
	if len(points) != 372 {
		t.Fatalf("got %d points, want 372", len(points))
	}
	want := map[int]TracePoint{
		0:   {ID: 1, Point: pt(33.4722903, -94.453295), Time: time.Date(2016, 2, 1, 15, 32, 0, 0, time.UTC), SpeedMPH: 65, Heading: ptr(45.0)},
		3:   {ID: 4, Point: pt(33.4733989, -94.4090874), Time: time.Date(2016, 2, 1, 15, 35, 0, 0, time.UTC), SpeedMPH: 0},
		371: {ID: 372, Point: pt(35.9798489, -94.6629173), Time: time.Date(2016, 2, 4, 1, 47, 0, 0, time.UTC), SpeedMPH: 52, Heading: ptr(225.0)},
	}
	for i, w := range want {
		if diff := cmp.Diff(w, points[i]); diff != "" {
			t.Errorf("point %d mismatch (-want +got):\n%s", i, diff)
		}
	}
	for i, p := range points {
		if p.ID != i+1 {
			t.Errorf("point %d: got ID %d, want %d", i, p.ID, i+1)
		}
		if i > 0 && p.Time.Before(points[i-1].Time) {
			t.Errorf("point %d: got time %v before the previous %v", p.ID, p.Time, points[i-1].Time)
		}
		if (p.Heading == nil) != (p.SpeedMPH == 0) {
			t.Errorf("point %d: got heading %v at %v mph, want a heading exactly when moving", p.ID, deref(p.Heading), p.SpeedMPH)
		}
	}
}

func TestReadTrace(t *testing.T) {
	tests := []struct {
		name, csv string
		want      []TracePoint
	}{
		{"header only", "PingID,x,y,TruckID,readdate,speed,heading\n", nil},
		{"columns in another order, no heading, seconds",
			"readdate,speed,y,x,PingID\n12/31/2016 23:59:30,0.5,30,-97,9\n",
			[]TracePoint{{ID: 9, Point: pt(30, -97), Time: time.Date(2016, 12, 31, 23, 59, 30, 0, time.UTC), SpeedMPH: 0.5}}},
		{"spaces and CRLF", "PingID, x, y, readdate, speed, heading\r\n 2 , -94.5 , 33.1 , 2/1/2016 9:05 , 60 , 90 \r\n",
			[]TracePoint{{ID: 2, Point: pt(33.1, -94.5), Time: time.Date(2016, 2, 1, 9, 5, 0, 0, time.UTC), SpeedMPH: 60, Heading: ptr(90.0)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadTrace(strings.NewReader(tt.csv), nil)
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("points mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadTraceErrors(t *testing.T) {
	const header = "PingID,x,y,TruckID,readdate,speed,heading\n"
	const good = "1,-94.45,33.47,1,2/1/2016 9:32,65,45\n"
	tests := []struct{ name, csv, want string }{
		{"empty", "", "line 1: the header row is missing"},
		{"missing column", "PingID,x,y,readdate\n", "line 1: the header has no speed column"},
		{"bad id", header + good + "x,-94.45,33.47,1,2/1/2016 9:32,65,45\n", "line 3, column 1 (PingID)"},
		{"bad longitude", header + "1,-194.45,33.47,1,2/1/2016 9:32,65,45\n", "line 2, column 2 (x)"},
		{"NaN latitude", header + "1,-94.45,NaN,1,2/1/2016 9:32,65,45\n", "line 2, column 3 (y)"},
		{"bad date", header + "1,-94.45,33.47,1,2016-02-01 09:32,65,45\n", "line 2, column 5 (readdate)"},
		{"negative speed", header + "1,-94.45,33.47,1,2/1/2016 9:32,-5,45\n", "line 2, column 6 (speed)"},
		{"bad heading", header + "1,-94.45,33.47,1,2/1/2016 9:32,65,NE\n", "line 2, column 7 (heading)"},
		{"short row", header + good + "2,-94.45,33.47\n", "line 3"},
		{"bare quote", header + "1,-94.45,33\"47,1,2/1/2016 9:32,65,45\n", "line 2, column"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadTrace(strings.NewReader(tt.csv), time.UTC)
			if err == nil {
				t.Fatalf("got %d points, want an error containing %q", len(got), tt.want)
			}
			code := tms.ErrorCode(err)
			if code != tms.CodeInvalid || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v (code %q), want an invalid error containing %q", err, code, tt.want)
			}
		})
	}
}
