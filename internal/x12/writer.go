package x12

import (
	"bytes"
	"fmt"
	"strings"
	"time"
)

// Envelope addresses one outbound interchange. Control is drawn by the caller from the
// partner's persistent sequence and used for ISA13 and GS06 (one group per interchange).
type Envelope struct {
	SenderQualifier   string
	SenderID          string
	ReceiverQualifier string
	ReceiverID        string
	AppSender         string // GS02, SenderID when empty
	AppReceiver       string // GS03, ReceiverID when empty
	Usage             string // ISA15: P or T
	Version           string // GS08, e.g. 004010; ISA12 is its first five digits
	Delimiters        Delimiters
	LineBreaks        bool // a newline after each terminator, for partners who want readable files
	AckRequested      bool
	Control           int64
	Time              time.Time
}

// maxControl is the largest 9-digit interchange control number.
const maxControl = 999_999_999

// Write renders one interchange holding one functional group of sets. ST/SE, GS/GE and
// ISA/IEA are added here; each set's Segments are its body. A set without a control number
// gets its ordinal (0001, 0002, ...). Delimiter characters inside values become spaces.
func Write(env Envelope, functionalID string, sets []Set) ([]byte, error) {
	if err := env.validate(); err != nil {
		return nil, err
	}
	w := &writer{d: env.Delimiters, lineBreaks: env.LineBreaks}
	w.isa(env)
	at := env.Time.UTC()
	control := fmt.Sprint(env.Control)
	w.segment(NewSegment("GS", functionalID, or(env.AppSender, env.SenderID), or(env.AppReceiver, env.ReceiverID),
		at.Format("20060102"), at.Format("1504"), control, "X", env.Version))
	for i, s := range sets {
		w.set(s, or(s.Control, fmt.Sprintf("%04d", i+1)))
	}
	w.segment(NewSegment("GE", fmt.Sprint(len(sets)), control))
	w.segment(NewSegment("IEA", "1", fmt.Sprintf("%09d", env.Control)))
	return w.buf.Bytes(), nil
}

func (env Envelope) validate() error {
	if err := env.Delimiters.Validate(); err != nil {
		return err
	}
	if env.Control < 1 || env.Control > maxControl {
		return fmt.Errorf("control number %d is outside 1..%d", env.Control, maxControl)
	}
	if env.Usage != "P" && env.Usage != "T" {
		return fmt.Errorf("usage %q is neither P nor T", env.Usage)
	}
	if len(env.Version) < 6 || !isDigits(env.Version[:6]) {
		return fmt.Errorf("version %q is not like 004010", env.Version)
	}
	for _, id := range []string{env.SenderQualifier, env.ReceiverQualifier} {
		if len(id) != 2 {
			return fmt.Errorf("ID qualifier %q is not 2 characters", id)
		}
	}
	for _, id := range []string{env.SenderID, env.ReceiverID} {
		if id == "" || len(id) > 15 {
			return fmt.Errorf("interchange ID %q is not 1-15 characters", id)
		}
	}
	return nil
}

type writer struct {
	buf        bytes.Buffer
	d          Delimiters
	lineBreaks bool
}

// isa writes the fixed-width header: every element padded to its width.
func (w *writer) isa(env Envelope) {
	at := env.Time.UTC()
	standards := "U"
	if repetitionAllowed(env.Version[:5]) && env.Delimiters.Repetition != 0 {
		standards = char(env.Delimiters.Repetition)
	}
	ack := "0"
	if env.AckRequested {
		ack = "1"
	}
	h := ISA{"00", "", "00", "", env.SenderQualifier, env.SenderID, env.ReceiverQualifier, env.ReceiverID,
		at.Format("060102"), at.Format("1504"), standards, env.Version[:5], fmt.Sprintf("%09d", env.Control), ack, env.Usage}
	fields := h.fields(w.d)
	w.buf.WriteString("ISA")
	for i, f := range fields[:15] {
		if i != 10 { // ISA11 may be the repetition separator itself
			f = w.clean(f)
		}
		w.buf.WriteByte(w.d.Element)
		w.buf.WriteString(fmt.Sprintf("%-*s", isaWidths[i+1], f))
	}
	w.buf.WriteByte(w.d.Element)
	w.buf.WriteByte(w.d.Component)
	w.end()
}

func (w *writer) set(s Set, control string) {
	w.segment(NewSegment("ST", s.ID, control))
	for _, seg := range s.Segments {
		w.segment(seg)
	}
	w.segment(NewSegment("SE", fmt.Sprint(len(s.Segments)+2), control))
}

// segment writes one segment, dropping trailing empty elements.
func (w *writer) segment(s Segment) {
	els := s.Elements
	for len(els) > 1 && els[len(els)-1] == "" {
		els = els[:len(els)-1]
	}
	for i, e := range els {
		if i > 0 {
			w.buf.WriteByte(w.d.Element)
		}
		w.buf.WriteString(w.clean(e))
	}
	w.end()
}

// Composite joins component values with the component separator of d, for elements such as
// C001; the writer keeps d.Component inside values written this way.
func Composite(d Delimiters, parts ...string) string {
	return strings.Join(parts, char(d.Component))
}

// clean works on bytes, so values in any encoding pass through unchanged but for separators.
func (w *writer) clean(v string) string {
	b := []byte(v)
	for i, c := range b {
		if c == w.d.Element || c == w.d.Segment || c == '\r' || c == '\n' || (w.d.Repetition != 0 && c == w.d.Repetition) {
			b[i] = ' '
		}
	}
	return string(b)
}

func (w *writer) end() {
	w.buf.WriteByte(w.d.Segment)
	if w.lineBreaks && w.d.Segment != '\n' {
		w.buf.WriteByte('\n')
	}
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
