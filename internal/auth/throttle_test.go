package auth_test

import (
	"context"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/anditms/tms/internal/auth"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

// TestThrottleNeverLocksTheOwnerOut: ten wrong passwords from one address refuse that address,
// right password included, while the owner logs in from another.
func TestThrottleNeverLocksTheOwnerOut(t *testing.T) {
	store := testenv.SQLite(t)
	hash, err := bcrypt.GenerateFromPassword([]byte("the-right-password"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := store.CreateUser(ctx, &tms.User{Email: "owner@example.com", Role: tms.RoleAdmin, Active: true, PasswordHash: string(hash)}); err != nil {
		t.Fatal(err)
	}
	l := auth.Login{Users: store, Limiter: auth.NewMemoryLimiter()}
	for range auth.MaxFailures {
		if _, err := l.Check(ctx, "owner@example.com", "guess", "203.0.113.9"); tms.ErrorCode(err) != tms.CodeUnauthorized {
			t.Fatalf("wrong password: %v, want unauthorized", err)
		}
	}
	if _, err := l.Check(ctx, "owner@example.com", "the-right-password", "203.0.113.9"); tms.ErrorCode(err) != tms.CodeRateLimited {
		t.Errorf("attacker's address after %d failures: %v, want rate limited", auth.MaxFailures, err)
	}
	if _, err := l.Check(ctx, "owner@example.com", "the-right-password", "198.51.100.7"); err != nil {
		t.Errorf("owner from another address: %v, want logged in", err)
	}
}
