package edi

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/anditms/tms/internal/x12"
)

// Reservation actions (B1-04).
const (
	ActionAccept  = "A"
	ActionDecline = "D"
)

// Response is a 990 Response to a Load Tender.
type Response struct {
	SCAC       string `json:"scac"`
	ShipmentID string `json:"shipment_id"` // the tender's B2-04
	Date       string `json:"date"`        // CCYYMMDD
	Action     string `json:"action"`      // A accept, D decline
	LoadNumber string `json:"load_number,omitempty"`
	Reason     string `json:"reason,omitempty"` // K1 remarks, for a decline
}

// Set renders the response as a 990 body.
func (r Response) Set() x12.Set {
	segs := []x12.Segment{x12.NewSegment("B1", r.SCAC, r.ShipmentID, r.Date, r.Action)}
	if r.LoadNumber != "" {
		segs = append(segs, x12.NewSegment("N9", "CN", r.LoadNumber))
	}
	lines := wrap(r.Reason, 30)
	for i := 0; i < len(lines); i += 2 {
		segs = append(segs, x12.NewSegment("K1", lines[i:min(i+2, len(lines))]...))
	}
	return x12.Set{ID: "990", Segments: segs}
}

// ParseResponse reads a 990.
func ParseResponse(s *x12.Set) (Response, error) {
	if s.ID != "990" {
		return Response{}, fmt.Errorf("set %s is not a 990", s.ID)
	}
	var r Response
	for _, seg := range s.Segments {
		switch seg.ID() {
		case "B1":
			r.SCAC, r.ShipmentID, r.Date, r.Action = seg.Get(1), seg.Get(2), seg.Get(3), seg.Get(4)
		case "N9":
			if seg.Get(1) == "CN" {
				r.LoadNumber = seg.Get(2)
			}
		case "K1":
			r.Reason = strings.Join(slices.DeleteFunc([]string{r.Reason, seg.Get(1), seg.Get(2)}, func(s string) bool { return s == "" }), " ")
		}
	}
	if r.ShipmentID == "" || r.Action == "" {
		return r, errors.New("B1 needs the shipment ID and the action")
	}
	return r, nil
}

// wrap splits text on spaces into lines of at most n bytes (K1 remarks are 30 each); a longer
// word is cut.
func wrap(text string, n int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len(line)+1+len(w) > n {
			lines, line = append(lines, line), ""
		}
		for len(w) > n {
			lines, w = append(lines, w[:n]), w[n:]
		}
		if line == "" {
			line = w
		} else {
			line += " " + w
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
