package x12

import "errors"

// Document is everything read from one file: its interchanges and the issues found.
type Document struct {
	Interchanges []*Interchange
	Issues       []Issue
}

// Interchange is one ISA..IEA envelope. Enveloped is false for bare ST..SE data, which is
// read so its faults can be reported, but always carries a no_envelope error.
type Interchange struct {
	Header     ISA
	Delimiters Delimiters
	Groups     []*Group
	Enveloped  bool
	Offset     int
}

// Group is one GS..GE functional group.
type Group struct {
	FunctionalID string // GS01: SM 204, GF 990, QM 214, IM 210, FA 997
	Sender       string // GS02
	Receiver     string // GS03
	Date         string // GS04 CCYYMMDD
	Time         string // GS05
	Control      string // GS06
	Agency       string // GS07
	Version      string // GS08, e.g. 004010
	Sets         []*Set
	Offset       int
}

// Set is one ST..SE transaction set; Segments are the ones between ST and SE.
type Set struct {
	ID       string // ST01
	Control  string // ST02
	Segments []Segment
	Offset   int
}

// Errors returns the issues of error severity.
func (d *Document) Errors() []Issue {
	var out []Issue
	for _, is := range d.Issues {
		if is.Severity == Error {
			out = append(out, is)
		}
	}
	return out
}

// Err joins the errors found, nil when the document is clean (warnings aside).
func (d *Document) Err() error {
	var errs []error
	for _, is := range d.Errors() {
		errs = append(errs, is)
	}
	return errors.Join(errs...)
}

// IssuesOf returns the issues positioned inside group g (1-based) of interchange i, and set s
// of it when s > 0.
func (d *Document) IssuesOf(i, g, s int) []Issue {
	var out []Issue
	for _, is := range d.Issues {
		if is.Pos.Interchange == i && is.Pos.Group == g && (s == 0 || is.Pos.Set == s) {
			out = append(out, is)
		}
	}
	return out
}
