package x12

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func testEnvelope() Envelope {
	return Envelope{
		SenderQualifier: "02", SenderID: "ANDI", ReceiverQualifier: "ZZ", ReceiverID: "PARTNER",
		Usage: "T", Version: "004010", Delimiters: DefaultDelimiters, Control: 42,
		Time: time.Date(2026, 12, 7, 13, 5, 0, 0, time.UTC),
	}
}

func TestWriteCanonicalISA(t *testing.T) {
	out, err := Write(testEnvelope(), "GF", []Set{{ID: "990", Segments: []Segment{NewSegment("B1", "ANDI", "T1", "20261207", "A")}}})
	if err != nil {
		t.Fatal(err)
	}
	want := "ISA*00*          *00*          *02*ANDI           *ZZ*PARTNER        *261207*1305*U*00401*000000042*0*T*>~" +
		"GS*GF*ANDI*PARTNER*20261207*1305*42*X*004010~ST*990*0001~B1*ANDI*T1*20261207*A~SE*3*0001~GE*1*42~IEA*1*000000042~"
	if diff := cmp.Diff(want, string(out)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got := strings.Index(string(out), "GS"); got != isaLength {
		t.Errorf("ISA is %d characters, want %d", got, isaLength)
	}
}

func TestWriteReadRoundTrip(t *testing.T) {
	env := testEnvelope()
	env.Delimiters = Delimiters{Element: '|', Component: ':', Segment: '\n', Repetition: '^'}
	env.Version = "005010"
	sets := []Set{
		{ID: "214", Segments: []Segment{NewSegment("B10", "L1", "S1", "ANDI"), NewSegment("N1", "SH", "ACME|CO\r\n", "", "")}},
		{ID: "214", Control: "7777", Segments: []Segment{NewSegment("LX", "1")}},
	}
	out, err := Write(env, "QM", sets)
	if err != nil {
		t.Fatal(err)
	}
	doc := Read(out)
	if err := doc.Err(); err != nil || len(doc.Issues) > 0 {
		t.Fatalf("reading what we wrote: %v %v", err, doc.Issues)
	}
	ic := doc.Interchanges[0]
	if ic.Delimiters != env.Delimiters || ic.Header.Standards != "^" || ic.Header.Version != "00501" {
		t.Errorf("delimiters %+v standards %q version %q", ic.Delimiters, ic.Header.Standards, ic.Header.Version)
	}
	got := ic.Groups[0].Sets
	if got[0].Control != "0001" || got[1].Control != "7777" {
		t.Errorf("set controls %q %q, want 0001 7777", got[0].Control, got[1].Control)
	}
	if want := []string{"N1", "SH", "ACME CO  "}; !cmp.Equal(got[0].Segments[1].Elements, want) {
		t.Errorf("N1 elements %q, want %q (separators cleaned, trailing empties dropped)", got[0].Segments[1].Elements, want)
	}
}

func TestWriteRefusesBadEnvelopes(t *testing.T) {
	for name, mutate := range map[string]func(*Envelope){
		"control zero":       func(e *Envelope) { e.Control = 0 },
		"control 10 digits":  func(e *Envelope) { e.Control = 1_000_000_000 },
		"usage":              func(e *Envelope) { e.Usage = "X" },
		"version":            func(e *Envelope) { e.Version = "4010" },
		"qualifier":          func(e *Envelope) { e.SenderQualifier = "2" },
		"long ID":            func(e *Envelope) { e.ReceiverID = "1234567890123456" },
		"colliding delimits": func(e *Envelope) { e.Delimiters.Component = '*' },
	} {
		env := testEnvelope()
		mutate(&env)
		if _, err := Write(env, "GF", nil); err == nil {
			t.Errorf("%s: Write accepted %+v", name, env)
		}
	}
}
