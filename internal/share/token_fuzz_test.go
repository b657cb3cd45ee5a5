package share

import (
	"encoding/base64"
	"testing"
)

// The page's token parser admits exactly the strings that are base64url of 24 bytes, the
// shape NewToken makes; everything else is refused before any lookup (corpus in
// testdata/fuzz/FuzzWellFormedToken).
func FuzzWellFormedToken(f *testing.F) {
	token, _ := NewToken()
	for _, s := range []string{token, token + ".json", "", "not-a-token", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := base64.RawURLEncoding.DecodeString(s)
		want := err == nil && len(b) == tokenBytes && base64.RawURLEncoding.EncodeToString(b) == s // the decoder skips \r and \n
		if got := wellFormed(s); got != want {
			t.Errorf("wellFormed(%q) = %v, want %v", s, got, want)
		}
	})
}

func TestNewTokenIsWellFormedAndUnique(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		token, hash := NewToken()
		if !wellFormed(token) || len(hash) != 64 || seen[token] {
			t.Fatalf("NewToken() = %q, %q: want a fresh well-formed token and a SHA-256 hex hash", token, hash)
		}
		seen[token] = true
	}
}
