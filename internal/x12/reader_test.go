package x12

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const samples = "../../testdata/edi"

// wantCodes are the error codes each sample must be refused with, from testdata/edi/README.md;
// a sample missing here must read without errors.
var wantCodes = map[string][]Code{
	"204_x12types_1.edi":                {CodeNoEnvelope, CodeSegmentCount},
	"214_x12types_1.edi":                {CodeInterchangeCtl},
	"214_x12types_2.edi":                {CodeSetControl},
	"210_dbschenker_oopfactory.edi":     {CodeGroupControl},
	"210_ups_omniparser.edi":            {CodeSegmentCount},
	"990_1edisource_unresolvedrepo.edi": {CodeInterchangeCtl},
}

func sampleFiles(t testing.TB) []string {
	files, err := filepath.Glob(filepath.Join(samples, "*.edi"))
	if err != nil || len(files) != 14 {
		t.Fatalf("want the 14 samples in %s, got %d (%v)", samples, len(files), err)
	}
	return files
}

func TestSamplesGolden(t *testing.T) {
	for _, path := range sampleFiles(t) {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			doc := Read(data)
			var codes []Code
			for _, is := range doc.Errors() {
				codes = append(codes, is.Code)
			}
			if diff := cmp.Diff(wantCodes[name], codes); diff != "" {
				t.Errorf("error codes (-want +got):\n%s\n%v", diff, doc.Err())
			}
			checkGolden(t, filepath.Join("testdata", "golden", strings.TrimSuffix(name, ".edi")+".golden"), describe(doc))
		})
	}
}

func TestSamplesChecksums(t *testing.T) {
	sums, err := os.ReadFile(filepath.Join(samples, "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(sums)), "\n") {
		want, name, _ := strings.Cut(line, "  ")
		data, err := os.ReadFile(filepath.Join(samples, name))
		if err != nil {
			t.Fatal(err)
		}
		if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != want {
			t.Errorf("%s changed: samples are kept byte for byte", name)
		}
	}
}

func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}

// describe renders a document's envelopes, sets and issues as stable text for golden files.
func describe(doc *Document) string {
	var b strings.Builder
	for i, ic := range doc.Interchanges {
		h, d := ic.Header, ic.Delimiters
		fmt.Fprintf(&b, "interchange %d enveloped=%v %s/%s -> %s/%s control %s version %s usage %s delimiters element %q component %q segment %q repetition %q\n",
			i+1, ic.Enveloped, h.SenderQualifier, strings.TrimSpace(h.SenderID), h.ReceiverQualifier, strings.TrimSpace(h.ReceiverID),
			h.Control, h.Version, h.Usage, d.Element, d.Component, d.Segment, d.Repetition)
		for j, g := range ic.Groups {
			fmt.Fprintf(&b, "  group %d %s %s -> %s control %s version %s\n", j+1, g.FunctionalID, g.Sender, g.Receiver, g.Control, g.Version)
			for k, s := range g.Sets {
				ids := make([]string, 0, len(s.Segments))
				for _, seg := range s.Segments {
					ids = append(ids, seg.ID())
				}
				fmt.Fprintf(&b, "    set %d %s control %s: %d segments, %d distinct IDs\n", k+1, s.ID, s.Control, len(s.Segments), len(slices.Compact(slices.Sorted(slices.Values(ids)))))
			}
		}
	}
	for _, is := range doc.Issues {
		fmt.Fprintln(&b, is.Error())
	}
	return b.String()
}
