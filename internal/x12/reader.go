package x12

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

var bom = []byte{0xEF, 0xBB, 0xBF}

// reader walks the input segment by segment, keeping which envelopes are open.
type reader struct {
	data   []byte
	doc    *Document
	d      Delimiters
	ic     *Interchange // open interchange, nil after IEA
	gr     *Group       // open group, nil after GE
	set    *Set         // open set, nil after SE
	bare   bool         // sets without envelope
	icSeg  int          // segments since ISA
	setSeg int          // segments since ST
	pos    Position
}

// Read parses data into a Document. It never panics and never fails as a whole: every fault is
// an Issue in the result, with its position.
func Read(data []byte) *Document {
	r := &reader{data: data, doc: &Document{}}
	r.run()
	return r.doc
}

func (r *reader) run() {
	off := 0
	if bytes.HasPrefix(r.data, bom) {
		off = len(bom)
	}
	off = r.skipSpace(off)
	if !r.isISAAt(off) {
		r.pos.Offset = off
		r.issue(Error, CodeNoEnvelope, "the data does not start with an ISA interchange header")
		if !r.startBare(off) {
			return
		}
	}
	for off = r.skipSpace(off); off < len(r.data); off = r.skipSpace(off) {
		if r.isISAAt(off) {
			off = r.openInterchange(off)
			continue
		}
		end := bytes.IndexByte(r.data[off:], r.d.Segment)
		next := off + end + 1
		if end < 0 {
			end, next = len(r.data)-off, len(r.data)
		}
		r.segment(r.data[off:off+end], off)
		off = next
	}
	r.endInterchange()
}

func (r *reader) skipSpace(off int) int {
	for off < len(r.data) {
		switch c := r.data[off]; c {
		case ' ', '\t', '\r', '\n':
			if c == r.d.Element || c == r.d.Component {
				return off
			}
			off++
		default:
			return off
		}
	}
	return off
}

func (r *reader) isISAAt(off int) bool {
	return len(r.data)-off > 3 && string(r.data[off:off+3]) == "ISA" && !isAlnum(r.data[off+3])
}

// startBare infers delimiters for ST..SE data without an ISA (the element separator follows
// ST, the terminator is the first other non-data character), so its sets can still be checked.
func (r *reader) startBare(off int) bool {
	if len(r.data)-off < 4 || string(r.data[off:off+2]) != "ST" || isAlnum(r.data[off+2]) {
		return false
	}
	r.d = Delimiters{Element: r.data[off+2]}
	for i := off + 3; i < len(r.data); i++ {
		if c := r.data[i]; !isAlnum(c) && c != ' ' && c != r.d.Element {
			r.d.Segment = c
			break
		}
	}
	if r.d.Segment == 0 {
		return false
	}
	r.bare = true
	r.ic = &Interchange{Delimiters: r.d, Offset: off}
	r.gr = &Group{Offset: off}
	r.ic.Groups = append(r.ic.Groups, r.gr)
	r.doc.Interchanges = append(r.doc.Interchanges, r.ic)
	r.pos = Position{Interchange: 1, Group: 1, Offset: off}
	return true
}

func (r *reader) openInterchange(off int) int {
	r.endInterchange()
	r.pos = Position{Interchange: len(r.doc.Interchanges) + 1, Segment: 1, SegmentID: "ISA", Offset: off}
	isa, d, n, err := parseISA(r.data[off:])
	r.d, r.bare, r.icSeg = d, false, 1
	r.ic = &Interchange{Header: isa, Delimiters: d, Enveloped: true, Offset: off}
	r.doc.Interchanges = append(r.doc.Interchanges, r.ic)
	if err != nil {
		r.issue(Error, CodeBadISA, err.Error())
		return len(r.data) // without delimiters nothing further can be read
	}
	r.checkISA(isa, n)
	return off + n
}

func (r *reader) checkISA(isa ISA, n int) {
	if n != isaLength {
		r.issue(Warning, CodeISAPadding, fmt.Sprintf("ISA is %d characters, a fixed-width one is %d (padding collapsed)", n, isaLength))
	}
	if len(isa.Version) != 5 || !isDigits(isa.Version) {
		r.issueAt(12, Error, CodeVersion, fmt.Sprintf("ISA12 %q is not a 5-digit version", isa.Version))
	}
	if !isDigits(isa.Control) {
		r.issueAt(13, Error, CodeBadElement, fmt.Sprintf("ISA13 %q is not a control number", isa.Control))
	}
	if isa.Usage != "P" && isa.Usage != "T" {
		r.issueAt(15, Error, CodeBadElement, fmt.Sprintf("ISA15 %q is neither P nor T", isa.Usage))
	}
}

func (r *reader) segment(raw []byte, off int) {
	raw = bytes.TrimRight(raw, "\r\n")
	seg := Segment{Elements: strings.Split(string(raw), char(r.d.Element)), Offset: off}
	r.icSeg++
	if r.set != nil {
		r.setSeg++
	}
	r.pos.Segment, r.pos.SegmentID, r.pos.Element, r.pos.Offset = r.icSeg, seg.ID(), 0, off
	if r.set != nil {
		r.pos.Segment = r.setSeg
	}
	if !validSegmentID(seg.ID()) {
		r.issue(Error, CodeBadSegment, fmt.Sprintf("%q is not a segment ID", truncate(seg.ID(), 20)))
		return
	}
	switch seg.ID() {
	case "GS":
		r.openGroup(seg)
	case "GE":
		r.closeGroup(seg)
	case "ST":
		r.openSet(seg)
	case "SE":
		r.closeSet(seg)
	case "IEA":
		r.closeInterchange(seg)
	default:
		if r.set == nil {
			r.issue(Error, CodeOutOfPlace, seg.ID()+" is outside a transaction set")
			return
		}
		r.set.Segments = append(r.set.Segments, seg)
	}
}

func (r *reader) openGroup(seg Segment) {
	if r.ic == nil || r.bare {
		r.issue(Error, CodeOutOfPlace, "GS outside an interchange")
		return
	}
	r.endGroup()
	r.gr = &Group{FunctionalID: seg.Get(1), Sender: seg.Get(2), Receiver: seg.Get(3), Date: seg.Get(4),
		Time: seg.Get(5), Control: seg.Get(6), Agency: seg.Get(7), Version: seg.Get(8), Offset: seg.Offset}
	r.ic.Groups = append(r.ic.Groups, r.gr)
	r.pos.Group, r.pos.Set = len(r.ic.Groups), 0
	if !isDigits(r.gr.Control) {
		r.issueAt(6, Error, CodeBadElement, fmt.Sprintf("GS06 %q is not a control number", r.gr.Control))
	}
	r.checkGroupVersion()
}

// checkGroupVersion checks GS08's form only: ISA12 (00400) and GS08 (004010) legitimately differ.
func (r *reader) checkGroupVersion() {
	v := r.gr.Version
	if len(v) < 6 || !isDigits(v[:6]) {
		r.issueAt(8, Error, CodeVersion, fmt.Sprintf("GS08 %q is not a version such as 004010", v))
	}
}

func (r *reader) closeGroup(seg Segment) {
	if r.gr == nil || r.bare {
		r.issue(Error, CodeOutOfPlace, "GE without GS")
		return
	}
	r.endSet()
	r.checkCount(seg, 1, len(r.gr.Sets), CodeSetCount, "transaction sets")
	r.checkControl(seg, 2, r.gr.Control, CodeGroupControl, "GS06")
	r.gr, r.pos.Group, r.pos.Set = nil, 0, 0
}

func (r *reader) openSet(seg Segment) {
	if r.gr == nil {
		r.issue(Error, CodeOutOfPlace, "ST outside a functional group")
		return
	}
	r.endSet()
	r.set = &Set{ID: seg.Get(1), Control: seg.Get(2), Offset: seg.Offset}
	r.gr.Sets = append(r.gr.Sets, r.set)
	r.setSeg = 1
	r.pos.Set, r.pos.Segment = len(r.gr.Sets), 1
	if r.set.ID == "" || r.set.Control == "" {
		r.issue(Error, CodeMissingElement, "ST needs ST01 and ST02")
	}
}

func (r *reader) closeSet(seg Segment) {
	if r.set == nil {
		r.issue(Error, CodeOutOfPlace, "SE without ST")
		return
	}
	r.checkCount(seg, 1, r.setSeg, CodeSegmentCount, "segments")
	r.checkControl(seg, 2, r.set.Control, CodeSetControl, "ST02")
	r.set, r.pos.Set = nil, 0
}

func (r *reader) closeInterchange(seg Segment) {
	if r.ic == nil || r.bare {
		r.issue(Error, CodeOutOfPlace, "IEA without ISA")
		return
	}
	r.endGroup()
	r.checkCount(seg, 1, len(r.ic.Groups), CodeGroupCount, "functional groups")
	r.checkControl(seg, 2, r.ic.Header.Control, CodeInterchangeCtl, "ISA13")
	r.ic = nil
}

// endSet, endGroup and endInterchange close whatever is still open, reporting its missing
// trailer (bare sets have no GE/IEA to miss).
func (r *reader) endSet() {
	if r.set != nil {
		r.issue(Error, CodeMissingTrailer, "missing SE")
		r.set, r.pos.Set = nil, 0
	}
}

func (r *reader) endGroup() {
	r.endSet()
	if r.gr != nil && !r.bare {
		r.issue(Error, CodeMissingTrailer, "missing GE")
	}
	r.gr, r.pos.Group = nil, 0
}

func (r *reader) endInterchange() {
	r.endGroup()
	if r.ic != nil && !r.bare {
		r.issue(Error, CodeMissingTrailer, "missing IEA")
	}
	r.ic, r.bare = nil, false
}

func (r *reader) checkCount(seg Segment, el, got int, code Code, what string) {
	v := seg.Get(el)
	n, err := strconv.Atoi(v)
	if err != nil || !isDigits(v) {
		r.issueAt(el, Error, CodeBadElement, fmt.Sprintf("%s%02d %q is not a count", seg.ID(), el, truncate(v, 20)))
		return
	}
	if n != got {
		r.issueAt(el, Error, code, fmt.Sprintf("%s%02d says %d %s, %d present", seg.ID(), el, n, what, got))
	}
}

func (r *reader) checkControl(seg Segment, el int, want string, code Code, header string) {
	if got := seg.Get(el); !sameControl(got, want) {
		r.issueAt(el, Error, code, fmt.Sprintf("%s%02d %q does not match %s %q", seg.ID(), el, truncate(got, 20), header, want))
	}
}

// sameControl compares control numbers numerically when both are digits (leading zeros vary).
func sameControl(a, b string) bool {
	if isDigits(a) && isDigits(b) {
		return strings.TrimLeft(a, "0") == strings.TrimLeft(b, "0")
	}
	return a == b
}

func (r *reader) issue(sev Severity, code Code, msg string) {
	r.doc.Issues = append(r.doc.Issues, Issue{Severity: sev, Code: code, Pos: r.pos, Msg: msg})
}

func (r *reader) issueAt(element int, sev Severity, code Code, msg string) {
	p := r.pos
	r.pos.Element = element
	r.issue(sev, code, msg)
	r.pos = p
}

func validSegmentID(id string) bool {
	if len(id) < 2 || len(id) > 3 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}
