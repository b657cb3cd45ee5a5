package x12

import (
	"bytes"
	"slices"
	"testing"
)

// FuzzRead: any input reads without panic, and every issue points inside the input and at
// envelopes that exist. The corpus is in testdata/fuzz/FuzzRead (the samples and the
// fuzzer's finds).
func FuzzRead(f *testing.F) {
	f.Add([]byte("ISA*00*          *00*          *ZZ*A              *ZZ*B              *261207*1305*U*00401*000000001*0*T*>~IEA*0*000000001~"))
	f.Add([]byte("ST*204*1~SE*2*1~"))
	f.Add([]byte("\xef\xbb\xbf  ISA*"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc := Read(data)
		for _, is := range doc.Issues {
			p := is.Pos
			if p.Offset < 0 || p.Offset > len(data) {
				t.Fatalf("issue offset %d outside the %d-byte input: %v", p.Offset, len(data), is)
			}
			if p.Interchange > len(doc.Interchanges) {
				t.Fatalf("issue in interchange %d of %d: %v", p.Interchange, len(doc.Interchanges), is)
			}
			if p.Interchange > 0 && p.Group > len(doc.Interchanges[p.Interchange-1].Groups) {
				t.Fatalf("issue in a group that does not exist: %v", is)
			}
		}
		if (doc.Err() == nil) != (len(doc.Errors()) == 0) {
			t.Fatalf("Err %v disagrees with Errors %v", doc.Err(), doc.Errors())
		}
	})
}

// FuzzWriteRead: whatever values and delimiters the writer accepts, the reader reads back
// cleanly and gets the values back (separators turned into spaces, trailing empties dropped).
func FuzzWriteRead(f *testing.F) {
	f.Add("ACME CO", "", "93", byte('*'), byte('>'), byte('~'))
	f.Add("A*B~C", "x\r\ny", "", byte('|'), byte(':'), byte('\n'))
	f.Fuzz(func(t *testing.T, a, b, c string, element, component, segment byte) {
		env := testEnvelope()
		env.Delimiters = Delimiters{Element: element, Component: component, Segment: segment}
		out, err := Write(env, "QM", []Set{{ID: "214", Segments: []Segment{NewSegment("N1", a, b, c)}}})
		if err != nil {
			return
		}
		doc := Read(out)
		if len(doc.Issues) > 0 {
			t.Fatalf("reading %q: %v", out, doc.Issues)
		}
		got := doc.Interchanges[0].Groups[0].Sets[0].Segments[0].Elements
		w := &writer{d: env.Delimiters}
		want := []string{"N1", w.clean(a), w.clean(b), w.clean(c)}
		for len(want) > 1 && want[len(want)-1] == "" {
			want = want[:len(want)-1]
		}
		if !slices.Equal(got, want) {
			t.Fatalf("got %q, want %q from %q", got, want, out)
		}
		if !bytes.HasPrefix(out, []byte("ISA")) || bytes.IndexByte(out, segment) != isaLength-1 {
			t.Fatalf("ISA not fixed width in %q", out)
		}
	})
}
