package documents_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/anditms/tms/internal/documents"
)

var sniffCases = []struct {
	name string
	head string
	want string
	ok   bool
}{
	{"pdf", "%PDF-1.7\n", "application/pdf", true},
	{"jpeg", "\xff\xd8\xff\xe1\x00\x18Exif", "image/jpeg", true},
	{"png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png", true},
	{"heic from an iPhone", "\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "image/heic", true},
	{"heix", "\x00\x00\x00\x18ftypheix\x00\x00\x00\x00", "image/heic", true},
	{"heif mif1", "\x00\x00\x00\x1cftypmif1\x00\x00\x00\x00", "image/heif", true},
	{"tiff little endian", "II*\x00\x08\x00\x00\x00", "image/tiff", true},
	{"tiff big endian", "MM\x00*\x00\x00\x00\x08", "image/tiff", true},
	{"windows executable", "MZ\x90\x00\x03\x00\x00\x00", "application/octet-stream", false},
	{"mp4 video", "\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom", "video/mp4", false},
	{"html", "<!DOCTYPE html><html>", "text/html", false},
	{"zip (docx)", "PK\x03\x04\x14\x00", "application/zip", false},
	{"gif", "GIF89a", "image/gif", false},
	{"text", "hello", "text/plain", false},
	{"empty", "", "text/plain", false},
	{"pdf after 512 bytes", string(bytes.Repeat([]byte{0}, 600)) + "%PDF-", "application/octet-stream", false},
}

func TestSniff(t *testing.T) {
	for _, tt := range sniffCases {
		got, ok := documents.Sniff([]byte(tt.head))
		if got != tt.want || ok != tt.ok {
			t.Errorf("Sniff(%s) = %q, %v; want %q, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

// FuzzSniff: whatever the bytes, Sniff does not panic, accepts only allowed types, looks at
// no more than SniffLen bytes, and accepts only content that starts like an allowed file.
func FuzzSniff(f *testing.F) {
	for _, tt := range sniffCases {
		f.Add([]byte(tt.head))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ct, ok := documents.Sniff(data)
		if ok != slices.Contains(documents.AllowedTypes, ct) {
			t.Fatalf("Sniff(%q) = %q, %v: ok must mean an allowed type", data, ct, ok)
		}
		if len(data) > documents.SniffLen {
			if ct2, ok2 := documents.Sniff(data[:documents.SniffLen]); ct2 != ct || ok2 != ok {
				t.Fatalf("Sniff looked past %d bytes: %q/%v vs %q/%v", documents.SniffLen, ct, ok, ct2, ok2)
			}
		}
		if ok && !startsLike(data, ct) {
			t.Fatalf("Sniff(%q) accepted %s without its signature", data, ct)
		}
	})
}

// startsLike reports whether data carries the signature of ct.
func startsLike(data []byte, ct string) bool {
	switch ct {
	case "application/pdf":
		return bytes.HasPrefix(data, []byte("%PDF-"))
	case "image/jpeg":
		return bytes.HasPrefix(data, []byte("\xff\xd8\xff"))
	case "image/png":
		return bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n"))
	case "image/tiff":
		return bytes.HasPrefix(data, []byte("II*\x00")) || bytes.HasPrefix(data, []byte("MM\x00*"))
	}
	return len(data) >= 12 && string(data[4:8]) == "ftyp"
}
