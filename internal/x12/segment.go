package x12

import "strings"

// Segment is one segment: its ID and its elements, Elements[0] being the ID so that
// Elements[n] is element n as the X12 guides number it.
type Segment struct {
	Elements []string
	Offset   int
}

// NewSegment builds a segment from its ID and element values.
func NewSegment(id string, elements ...string) Segment {
	return Segment{Elements: append([]string{id}, elements...)}
}

// ID is the segment identifier (ISA, ST, B2, ...).
func (s Segment) ID() string {
	if len(s.Elements) == 0 {
		return ""
	}
	return s.Elements[0]
}

// Get returns element n (1-based), trimmed of padding; "" when absent.
func (s Segment) Get(n int) string {
	if n <= 0 || n >= len(s.Elements) {
		return ""
	}
	return strings.TrimSpace(s.Elements[n])
}

// Components splits element n on the component separator.
func (s Segment) Components(n int, d Delimiters) []string {
	v := s.Get(n)
	if v == "" {
		return nil
	}
	return strings.Split(v, char(d.Component))
}
