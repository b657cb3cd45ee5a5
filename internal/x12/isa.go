package x12

import (
	"fmt"
	"strings"
)

// Delimiters are the four separators of an interchange. Repetition is 0 before version 00403.
type Delimiters struct {
	Element    byte
	Component  byte
	Segment    byte
	Repetition byte
}

// DefaultDelimiters are what the writer uses unless a partner asks for others.
var DefaultDelimiters = Delimiters{Element: '*', Component: '>', Segment: '~'}

// Validate refuses delimiters that collide with each other or with data characters.
func (d Delimiters) Validate() error {
	seps := []byte{d.Element, d.Component, d.Segment}
	if d.Repetition != 0 {
		seps = append(seps, d.Repetition)
	}
	for i, a := range seps {
		if isAlnum(a) || a == ' ' {
			return fmt.Errorf("delimiter %q is a letter, digit or space", a)
		}
		for _, b := range seps[i+1:] {
			if a == b {
				return fmt.Errorf("delimiter %q is used twice", a)
			}
		}
	}
	return nil
}

// isaLength is the length of a well-formed ISA including its terminator.
const isaLength = 106

// isaWidths are the fixed widths of ISA01..ISA16.
var isaWidths = [17]int{0, 2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1}

// ISA is the interchange control header.
type ISA struct {
	AuthQualifier     string
	Auth              string
	SecurityQualifier string
	Security          string
	SenderQualifier   string
	SenderID          string
	ReceiverQualifier string
	ReceiverID        string
	Date              string // YYMMDD
	Time              string // HHMM
	Standards         string // ISA11 before 00403: "U"; the repetition separator from 00403
	Version           string // ISA12, e.g. 00401
	Control           string // ISA13
	AckRequested      string // ISA14
	Usage             string // ISA15: P production, T test
}

// parseISA reads the ISA at the start of data: the element separator is its 4th character,
// ISA16 the component separator and the next character the segment terminator. It does not
// trust fixed widths, so a collapsed ISA still reads; n is the number of bytes consumed.
func parseISA(data []byte) (isa ISA, d Delimiters, n int, err error) {
	if len(data) < 4 || string(data[:3]) != "ISA" {
		return ISA{}, d, 0, fmt.Errorf("does not start with ISA")
	}
	d.Element = data[3]
	seen := 1
	i := 4
	for ; i < len(data) && seen < 16; i++ {
		if data[i] == d.Element {
			seen++
		}
	}
	if seen < 16 || i+1 >= len(data) {
		return ISA{}, d, 0, fmt.Errorf("ISA has %d of its 16 elements", seen)
	}
	d.Component = data[i]
	d.Segment = data[i+1]
	n = i + 2
	el := strings.Split(string(data[4:i-1]), char(d.Element))
	isa = ISA{el[0], el[1], el[2], el[3], el[4], el[5], el[6], el[7], el[8], el[9], el[10], el[11], el[12], el[13], el[14]}
	if repetitionAllowed(isa.Version) && isa.Standards != "" && !isAlnum(isa.Standards[0]) {
		d.Repetition = isa.Standards[0]
	}
	if err := d.Validate(); err != nil {
		return isa, d, n, err
	}
	return isa, d, n, nil
}

// repetitionAllowed reports whether ISA11 is a repetition separator (version 00403 and later).
func repetitionAllowed(version string) bool {
	return len(version) == 5 && isDigits(version) && version >= "00403"
}

// fields returns ISA01..ISA16 values in order, ISA16 being the component separator.
func (isa ISA) fields(d Delimiters) []string {
	return []string{isa.AuthQualifier, isa.Auth, isa.SecurityQualifier, isa.Security,
		isa.SenderQualifier, isa.SenderID, isa.ReceiverQualifier, isa.ReceiverID,
		isa.Date, isa.Time, isa.Standards, isa.Version, isa.Control, isa.AckRequested,
		isa.Usage, char(d.Component)}
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// char is the one-byte string of a separator (string(b) would encode b >= 0x80 as UTF-8).
func char(b byte) string {
	return string([]byte{b})
}
