package blobtest

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/anditms/tms/internal/blob"
)

func testKey(t *testing.T) {
	tests := []struct {
		parts []string
		want  string
	}{
		{[]string{"loads", "42", "bol.pdf"}, "loads/42/bol.pdf"},
		{[]string{"../../etc/passwd"}, "____etc_passwd"},
		{[]string{"a/b"}, "a_b"},
		{[]string{`a\b`}, "a_b"},
		{[]string{"Rechnung März.pdf"}, "Rechnung_M_rz.pdf"},
		{[]string{""}, "_"},
		{[]string{"loads", "", "x"}, "loads/_/x"},
		{[]string{"."}, "_"},
		{[]string{".."}, "_"},
		{[]string{"..."}, "_."},
		{[]string{".hidden.meta"}, "hidden.meta"},
		{[]string{"x\x00y\n"}, "x_y_"},
		{[]string{strings.Repeat("x", 300)}, strings.Repeat("x", 100)},
	}
	for _, tt := range tests {
		got := blob.Key(tt.parts...)
		if got != tt.want {
			t.Errorf("Key(%q) = %q, want %q", tt.parts, got, tt.want)
		}
		if err := blob.CheckKey(got); err != nil {
			t.Errorf("CheckKey(Key(%q)) = %v, want nil", tt.parts, err)
		}
	}
}

func testSafeFilename(t *testing.T) {
	long := strings.Repeat("x", 300)
	tests := []struct {
		name, want string
	}{
		{"bol.pdf", "bol.pdf"},
		{"../../etc/passwd", "passwd"},
		{`C:\Users\bob\pod scan.pdf`, "pod scan.pdf"},
		{"a/b", "b"},
		{"Rechnung März.pdf", "Rechnung März.pdf"},
		{"", "file"},
		{"..", "file"},
		{"   ", "file"},
		{"dir/", "file"},
		{"bad\x00name\r\n.pdf", "badname.pdf"},
		{"invoice\u202Efdp.exe", "invoicefdp.exe"},
		{`say "hi" <now>.pdf`, "say hi now.pdf"},
		{".htaccess", "htaccess"},
		{"a\xffb.pdf", "ab.pdf"},
		{long + ".pdf", long[:96] + ".pdf"},
		{long, long[:100]},
	}
	for _, tt := range tests {
		got := blob.SafeFilename(tt.name)
		if got != tt.want {
			t.Errorf("SafeFilename(%q) = %q, want %q", tt.name, got, tt.want)
		}
		if n := utf8.RuneCountInString(got); n > 100 {
			t.Errorf("SafeFilename(%q) has %d runes, want at most 100", tt.name, n)
		}
	}
}

func testContentDisposition(t *testing.T) {
	tests := []struct {
		name, want string
	}{
		{"bol.pdf", `attachment; filename="bol.pdf"`},
		{`../"x".pdf`, `attachment; filename="x.pdf"`},
		{"März 1.pdf", `attachment; filename="M_rz 1.pdf"; filename*=UTF-8''M%C3%A4rz%201.pdf`},
		{"", `attachment; filename="file"`},
	}
	for _, tt := range tests {
		if got := blob.ContentDisposition(tt.name); got != tt.want {
			t.Errorf("ContentDisposition(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}
