package documents

import (
	"bytes"
	"net/http"
	"slices"
	"strings"
)

// SniffLen is how many leading bytes Sniff looks at.
const SniffLen = 512

// AllowedTypes are the content types a document may have: scans and photos of paperwork.
var AllowedTypes = []string{"application/pdf", "image/jpeg", "image/png", "image/heic", "image/heif", "image/tiff"}

// detected are the allowed types http.DetectContentType recognises by itself.
var detected = []string{"application/pdf", "image/jpeg", "image/png"}

// heifBrands maps ISO-BMFF major brands of HEIF stills (iPhone photos) to their content type.
var heifBrands = map[string]string{
	"heic": "image/heic", "heix": "image/heic", "hevc": "image/heic", "hevx": "image/heic",
	"heim": "image/heic", "heis": "image/heic", "mif1": "image/heif", "msf1": "image/heif",
}

// Sniff names the content type of a file from its first bytes (at most SniffLen are used)
// and reports whether it is one of AllowedTypes. The name and extension of the file play no
// part: an .exe renamed .pdf is still an executable.
func Sniff(head []byte) (string, bool) {
	if len(head) > SniffLen {
		head = head[:SniffLen]
	}
	if ct := sniffMagic(head); ct != "" {
		return ct, true
	}
	ct, _, _ := strings.Cut(http.DetectContentType(head), ";")
	return ct, slices.Contains(detected, ct)
}

// sniffMagic recognises what http.DetectContentType does not: HEIC/HEIF and TIFF.
func sniffMagic(head []byte) string {
	if len(head) >= 12 && string(head[4:8]) == "ftyp" {
		if ct, ok := heifBrands[string(head[8:12])]; ok {
			return ct
		}
	}
	if bytes.HasPrefix(head, []byte("II*\x00")) || bytes.HasPrefix(head, []byte("MM\x00*")) {
		return "image/tiff"
	}
	return ""
}
