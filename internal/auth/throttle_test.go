package auth_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/anditms/tms/internal/auth"
	"github.com/anditms/tms/internal/auth/authtest"
	"github.com/anditms/tms/internal/testenv"
	"github.com/anditms/tms/internal/tms"
)

const (
	attacker = "203.0.113.9"
	owner    = "198.51.100.7"
	password = "the-right-password"
)

// sprayed is how many accounts an address may guess at before it is slowed; the store holds
// them (wrong passwords for unknown accounts cost a full-strength bcrypt comparison each).
var sprayed = auth.AddressBackoff.Free + 1

// throttled is a Login over a store holding owner@example.com and user0… user50@example.com,
// on a clock the test moves.
type throttled struct {
	auth.Login
	clock *authtest.Clock
}

// eachEngine runs fn with a fresh Login on every configured store.
func eachEngine(t *testing.T, fn func(t *testing.T, l throttled)) {
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			store := f.Open(t)
			hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.MinCost)
			if err != nil {
				t.Fatal(err)
			}
			for i := -1; i < sprayed; i++ {
				email := fmt.Sprintf("user%d@example.com", i)
				if i < 0 {
					email = "owner@example.com"
				}
				if err := store.CreateUser(context.Background(), &tms.User{Email: email, Role: tms.RoleViewer, Active: true, PasswordHash: string(hash)}); err != nil {
					t.Fatal(err)
				}
			}
			c := authtest.NewClock()
			fn(t, throttled{auth.Login{Users: store, Limiter: auth.NewMemoryLimiter(c.Now)}, c})
		})
	}
}

// want checks one login's outcome: "" for success, else the error code (and, when rate
// limited, the seconds to wait).
func (l throttled) want(t *testing.T, email, pw, ip string, code tms.Code, retryAfter int) {
	t.Helper()
	_, err := l.Check(context.Background(), email, pw, ip)
	if got := tms.ErrorCode(err); got != code {
		t.Fatalf("login %s from %s: %v, want %q", email, ip, err, code)
	}
	var e *tms.Error
	if code == tms.CodeRateLimited && errors.As(err, &e) {
		if got := e.Detail["retry_after_seconds"]; got != retryAfter {
			t.Fatalf("login %s from %s: retry after %v s, want %d", email, ip, got, retryAfter)
		}
	}
}

// TestThrottleBacksOffWithoutLockingTheOwnerOut: past the free failures, every wrong password
// from one address doubles that address's wait, right password included, while the owner logs
// in from another address at any time; a success from the address starts it over.
func TestThrottleBacksOffWithoutLockingTheOwnerOut(t *testing.T) {
	eachEngine(t, func(t *testing.T, l throttled) {
		for range auth.AccountBackoff.Free + 1 {
			l.want(t, "owner@example.com", "guess", attacker, tms.CodeUnauthorized, 0)
		}
		for _, wait := range []int{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900} {
			l.want(t, "owner@example.com", password, attacker, tms.CodeRateLimited, wait)
			l.want(t, "owner@example.com", password, owner, "", 0)
			l.clock.Advance(time.Duration(wait) * time.Second)
			l.want(t, "Owner@Example.com ", "guess", attacker, tms.CodeUnauthorized, 0)
		}
		l.clock.Advance(15 * time.Minute)
		l.want(t, "owner@example.com", password, attacker, "", 0)
		for range auth.AccountBackoff.Free + 1 {
			l.want(t, "owner@example.com", "guess", attacker, tms.CodeUnauthorized, 0)
		}
		l.want(t, "owner@example.com", password, attacker, tms.CodeRateLimited, 1)
	})
}

// TestThrottlePerAddress: a guesser spraying many accounts from one address is slowed there,
// unknown accounts included, and a success of their own does not lift it; other addresses are
// not slowed.
func TestThrottlePerAddress(t *testing.T) {
	eachEngine(t, func(t *testing.T, l throttled) {
		for i := range sprayed {
			l.want(t, fmt.Sprintf("user%d@example.com", i), "guess", attacker, tms.CodeUnauthorized, 0)
		}
		l.want(t, "someone-else@example.com", "guess", attacker, tms.CodeRateLimited, 1)
		l.want(t, "owner@example.com", password, owner, "", 0)
		l.clock.Advance(time.Second)
		// The success counted in advance started the next wait; its failure was taken back.
		l.want(t, "owner@example.com", password, attacker, "", 0)
		l.want(t, "someone-else@example.com", "guess", attacker, tms.CodeRateLimited, 2)
		l.clock.Advance(2 * time.Second)
		l.want(t, "someone-else@example.com", "guess", attacker, tms.CodeUnauthorized, 0)
		l.want(t, "another@example.com", "guess", attacker, tms.CodeRateLimited, 2)
	})
}

func TestBackoffSteps(t *testing.T) {
	for failures, want := range map[int]time.Duration{0: 0, 5: 0, 6: time.Second, 7: 2 * time.Second,
		15: 512 * time.Second, 16: 15 * time.Minute, 1000: 15 * time.Minute} {
		if got := auth.AccountBackoff.Wait(failures); got != want {
			t.Errorf("wait after %d failures: %v, want %v", failures, got, want)
		}
	}
}
