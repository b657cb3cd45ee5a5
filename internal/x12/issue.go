package x12

import (
	"fmt"
	"strings"
)

// Code names a kind of fault. The envelope codes map onto the 997 acknowledgement codes
// (AK5/AK9) in internal/edi.
type Code string

const (
	CodeNoEnvelope     Code = "no_envelope"         // the data does not start with ISA
	CodeBadISA         Code = "bad_isa"             // the ISA header cannot be read
	CodeISAPadding     Code = "isa_padding"         // the ISA is not 106 characters (warning)
	CodeVersion        Code = "version"             // ISA12/GS08 malformed or disagreeing
	CodeBadSegment     Code = "bad_segment"         // a segment ID that is not 2-3 letters/digits
	CodeOutOfPlace     Code = "out_of_place"        // a segment outside the envelope it needs
	CodeMissingTrailer Code = "missing_trailer"     // ST without SE, GS without GE, ISA without IEA
	CodeSegmentCount   Code = "segment_count"       // SE01 differs from the segments present
	CodeSetControl     Code = "set_control"         // SE02 differs from ST02
	CodeSetCount       Code = "set_count"           // GE01 differs from the sets present
	CodeGroupControl   Code = "group_control"       // GE02 differs from GS06
	CodeGroupCount     Code = "group_count"         // IEA01 differs from the groups present
	CodeInterchangeCtl Code = "interchange_control" // IEA02 differs from ISA13
	CodeMissingElement Code = "missing_element"     // a mandatory element is empty
	CodeBadElement     Code = "bad_element"         // an element value of the wrong form
	CodeUnsupportedSet Code = "unsupported_set"     // a transaction set this system does not take
)

// Severity tells an error (the envelope or set is refused) from a warning (read, but noted).
type Severity int

const (
	Error Severity = iota
	Warning
)

// Position locates a fault. Ordinals count from 1; 0 means "not inside one". Segment counts
// from ST inside a transaction set (as a 997 AK3 wants it) and from the start of the
// interchange outside one. Offset is the byte offset of the segment in the input.
type Position struct {
	Interchange int
	Group       int
	Set         int
	Segment     int
	SegmentID   string
	Element     int
	Offset      int
}

func (p Position) String() string {
	var parts []string
	add := func(name string, n int) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", name, n))
		}
	}
	add("interchange", p.Interchange)
	add("group", p.Group)
	add("set", p.Set)
	if p.Segment > 0 {
		parts = append(parts, fmt.Sprintf("segment %d (%s)", p.Segment, p.SegmentID))
	}
	add("element", p.Element)
	parts = append(parts, fmt.Sprintf("byte %d", p.Offset))
	return strings.Join(parts, " ")
}

// Issue is one fault found while reading, at its position.
type Issue struct {
	Severity Severity
	Code     Code
	Pos      Position
	Msg      string
}

func (i Issue) Error() string {
	kind := "error"
	if i.Severity == Warning {
		kind = "warning"
	}
	return fmt.Sprintf("%s %s at %s: %s", kind, i.Code, i.Pos, i.Msg)
}
