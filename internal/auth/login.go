package auth

import (
	"context"
	"fmt"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// Limiter counts failures under a key within a window. The in-process MemoryLimiter serves
// one instance; internal/redis provides one shared by every instance.
type Limiter interface {
	// Failures returns the failures counted under key and how long until the count resets.
	Failures(ctx context.Context, key string) (int, time.Duration, error)
	// Fail counts one failure under key; the count expires window after the first one.
	Fail(ctx context.Context, key string, window time.Duration) error
	// Reset forgets key.
	Reset(ctx context.Context, key string) error
}

// Login throttling slows a guesser without locking the owner out: failures count per account
// and IP (the 11th within the window is refused, for that address only) and per IP over every
// account (the 51st); an owner logging in from another address is never refused for failures
// made elsewhere. Each refusal says how long to wait (Retry-After).
const (
	MaxFailures      = 10
	MaxFailuresPerIP = 50
	FailureWindow    = 15 * time.Minute
)

// Login checks credentials for logins from ip, throttled per IP and per account.
type Login struct {
	Users   tms.UserStore
	Limiter Limiter
}

// Check returns the user for email and password. Throttled callers get CodeRateLimited with
// retry_after_seconds; wrong credentials get CodeUnauthorized without saying which part was wrong.
func (l Login) Check(ctx context.Context, email, password, ip string) (tms.User, error) {
	email = tms.NormalizeEmail(email)
	keys := []string{"login:ip:" + ip, "login:account-ip:" + email + "|" + ip}
	if err := l.throttled(ctx, keys); err != nil {
		return tms.User{}, err
	}
	u, err := l.Users.UserByEmail(ctx, email)
	if err != nil && tms.ErrorCode(err) != tms.CodeNotFound {
		return tms.User{}, err
	}
	hash := u.PasswordHash
	if err != nil {
		hash = string(dummyHash)
	}
	if !CheckPassword(hash, password) || !u.Active {
		for _, k := range keys {
			if err := l.Limiter.Fail(ctx, k, FailureWindow); err != nil {
				return tms.User{}, err
			}
		}
		return tms.User{}, &tms.Error{Code: tms.CodeUnauthorized, Message: "wrong email or password", Err: ErrBadCredentials}
	}
	return u, l.Limiter.Reset(ctx, keys[1])
}

func (l Login) throttled(ctx context.Context, keys []string) error {
	for i, k := range keys {
		n, wait, err := l.Limiter.Failures(ctx, k)
		if err != nil {
			return err
		}
		if n >= []int{MaxFailuresPerIP, MaxFailures}[i] {
			secs := int(wait.Round(time.Second).Seconds()) + 1
			return &tms.Error{Code: tms.CodeRateLimited,
				Message: fmt.Sprintf("too many failed logins; try again in %d seconds", secs),
				Detail:  map[string]any{"retry_after_seconds": secs}}
		}
	}
	return nil
}
