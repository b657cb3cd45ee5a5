package edi

import (
	"fmt"
	"strconv"

	"github.com/anditms/tms/internal/x12"
)

// Acknowledgement statuses: AK5-01 per set (A, E, R) and AK9-01 per group (A, E, P, R).
const (
	AckAccepted = "A"
	AckErrors   = "E" // accepted, errors noted
	AckPartial  = "P" // some sets accepted
	AckRejected = "R"
)

// Ack is a 997 Functional Acknowledgement of one group.
type Ack struct {
	FunctionalID string   `json:"functional_id"` // AK1-01 of the group acknowledged
	GroupControl string   `json:"group_control"` // AK1-02 = its GS06
	Sets         []SetAck `json:"sets"`
	Status       string   `json:"status"`
	Included     int      `json:"included"` // AK9-02: sets GE01 says
	Received     int      `json:"received"`
	Accepted     int      `json:"accepted"`
	Codes        []string `json:"codes,omitempty"` // AK9-05..: group errors
}

// SetAck is one AK2..AK5.
type SetAck struct {
	ID       string        `json:"id"`
	Control  string        `json:"control"`
	Status   string        `json:"status"`
	Codes    []string      `json:"codes,omitempty"` // AK5-02..
	Segments []SegmentNote `json:"segments,omitempty"`
}

// SegmentNote is an AK3: a segment in error and why.
type SegmentNote struct {
	ID       string `json:"id"`
	Position int    `json:"position"`
	Code     string `json:"code"`
}

// setCodes map reader faults onto AK5-02 codes, groupCodes onto AK9-05 codes and
// segmentCodes onto AK3-04 codes.
var (
	setCodes = map[x12.Code]string{
		x12.CodeUnsupportedSet: "1", x12.CodeMissingTrailer: "2", x12.CodeSetControl: "3", x12.CodeSegmentCount: "4",
	}
	groupCodes = map[x12.Code]string{
		x12.CodeVersion: "2", x12.CodeMissingTrailer: "3", x12.CodeGroupControl: "4", x12.CodeSetCount: "5", x12.CodeBadElement: "6",
	}
	segmentCodes = map[x12.Code]string{
		x12.CodeBadSegment: "1", x12.CodeOutOfPlace: "2", x12.CodeMissingElement: "8", x12.CodeBadElement: "8",
	}
)

// setErrorCode is AK5-02 "one or more segments in error".
const setErrorCode = "5"

// Acknowledge builds the 997 for group g (1-based) of interchange i of doc from the issues the
// reader found; supported says which transaction sets this system takes.
func Acknowledge(doc *x12.Document, i, g int, supported func(setID string) bool) Ack {
	grp := doc.Interchanges[i-1].Groups[g-1]
	a := Ack{FunctionalID: grp.FunctionalID, GroupControl: grp.Control, Received: len(grp.Sets), Included: len(grp.Sets)}
	for n, s := range grp.Sets {
		sa := ackSet(doc.IssuesOf(i, g, n+1), s, supported)
		if sa.Status != AckRejected {
			a.Accepted++
		}
		a.Sets = append(a.Sets, sa)
	}
	for _, is := range doc.IssuesOf(i, g, 0) {
		if code, ok := groupCodes[is.Code]; ok && is.Pos.Set == 0 && is.Severity == x12.Error {
			a.Codes = appendCode(a.Codes, code)
		}
	}
	a.Status = groupStatus(a)
	return a
}

func ackSet(issues []x12.Issue, s *x12.Set, supported func(string) bool) SetAck {
	sa := SetAck{ID: s.ID, Control: s.Control, Status: AckAccepted}
	if !supported(s.ID) {
		sa.Codes = appendCode(sa.Codes, setCodes[x12.CodeUnsupportedSet])
	}
	for _, is := range issues {
		if is.Severity != x12.Error {
			continue
		}
		if code, ok := setCodes[is.Code]; ok {
			sa.Codes = appendCode(sa.Codes, code)
			continue
		}
		sa.Segments = append(sa.Segments, SegmentNote{ID: is.Pos.SegmentID, Position: is.Pos.Segment, Code: or(segmentCodes[is.Code], "8")})
		sa.Codes = appendCode(sa.Codes, setErrorCode)
	}
	if len(sa.Codes) > 0 {
		sa.Status = AckRejected
	}
	return sa
}

func groupStatus(a Ack) string {
	switch {
	case len(a.Codes) > 0 || a.Accepted == 0 && a.Received > 0:
		return AckRejected
	case a.Accepted < a.Received:
		return AckPartial
	}
	return AckAccepted
}

// Set renders the acknowledgement as a 997 body.
func (a Ack) Set() x12.Set {
	segs := []x12.Segment{x12.NewSegment("AK1", a.FunctionalID, a.GroupControl)}
	for _, s := range a.Sets {
		segs = append(segs, x12.NewSegment("AK2", s.ID, s.Control))
		for _, n := range s.Segments {
			segs = append(segs, x12.NewSegment("AK3", n.ID, strconv.Itoa(n.Position), "", n.Code))
		}
		segs = append(segs, x12.NewSegment("AK5", append([]string{s.Status}, s.Codes...)...))
	}
	ak9 := []string{a.Status, strconv.Itoa(a.Included), strconv.Itoa(a.Received), strconv.Itoa(a.Accepted)}
	segs = append(segs, x12.NewSegment("AK9", append(ak9, a.Codes...)...))
	return x12.Set{ID: "997", Segments: segs}
}

// ParseAck reads a 997.
func ParseAck(s *x12.Set) (Ack, error) {
	if s.ID != "997" {
		return Ack{}, fmt.Errorf("set %s is not a 997", s.ID)
	}
	var a Ack
	var cur *SetAck
	for _, seg := range s.Segments {
		switch seg.ID() {
		case "AK1":
			a.FunctionalID, a.GroupControl = seg.Get(1), seg.Get(2)
		case "AK2":
			a.Sets = append(a.Sets, SetAck{ID: seg.Get(1), Control: seg.Get(2)})
			cur = &a.Sets[len(a.Sets)-1]
		case "AK3":
			if cur != nil {
				cur.Segments = append(cur.Segments, SegmentNote{ID: seg.Get(1), Position: parseCount(seg.Get(2)), Code: seg.Get(4)})
			}
		case "AK5":
			if cur != nil {
				cur.Status, cur.Codes = seg.Get(1), elementsFrom(seg, 2)
			}
		case "AK9":
			a.Status, a.Included, a.Received, a.Accepted = seg.Get(1), parseCount(seg.Get(2)), parseCount(seg.Get(3)), parseCount(seg.Get(4))
			a.Codes = elementsFrom(seg, 5)
		}
	}
	if a.GroupControl == "" || a.Status == "" {
		return a, fmt.Errorf("997 needs AK1 and AK9")
	}
	return a, nil
}

func appendCode(codes []string, code string) []string {
	for _, c := range codes {
		if c == code {
			return codes
		}
	}
	return append(codes, code)
}

// elementsFrom returns the non-empty elements from n on.
func elementsFrom(seg x12.Segment, n int) []string {
	var out []string
	for i := n; i < len(seg.Elements); i++ {
		if v := seg.Get(i); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
