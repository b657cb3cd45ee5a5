package auth_test

import (
	"testing"
	"time"

	"github.com/anditms/tms/internal/auth"
	"github.com/anditms/tms/internal/auth/authtest"
)

func TestMemoryLimiter(t *testing.T) {
	authtest.RunLimiter(t, func(now func() time.Time) auth.Limiter { return auth.NewMemoryLimiter(now) })
}

func TestPasswordAndTokens(t *testing.T) {
	if _, err := auth.HashPassword("short"); err == nil {
		t.Error("a 5-character password was accepted")
	}
	h, err := auth.HashPassword("long-enough-password")
	if err != nil || !auth.CheckPassword(h, "long-enough-password") || auth.CheckPassword(h, "other-password") {
		t.Errorf("hash/check round trip failed: %v", err)
	}
	secret, prefix, hash := auth.NewToken()
	if len(secret) < 40 || secret[:len(prefix)] != prefix || auth.HashToken(secret) != hash || hash == secret {
		t.Errorf("token %q prefix %q hash %q inconsistent", secret, prefix, hash)
	}
	if a, b := auth.GeneratePassword(), auth.GeneratePassword(); len(a) != 20 || a == b {
		t.Errorf("generated passwords %q, %q", a, b)
	}
}
