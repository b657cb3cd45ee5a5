package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/anditms/tms/internal/tms"
)

// Limiter keeps, per key, the failures counted and the time before which the next attempt
// must wait. The in-process MemoryLimiter serves one instance; internal/redis provides one
// shared by every instance. authtest.RunLimiter is the contract both pass.
type Limiter interface {
	// Attempt admits an attempt under key, or returns how long it must still wait. An admitted
	// attempt is counted as a failure at once, so parallel attempts cannot slip in together
	// before the first one fails; a refused one changes nothing.
	Attempt(ctx context.Context, key string, b Backoff) (time.Duration, error)
	// Refund takes back the failure an admitted attempt counted (it succeeded, or never
	// ran); a wait already started stays.
	Refund(ctx context.Context, key string) error
	// Reset forgets key.
	Reset(ctx context.Context, key string) error
}

// Backoff is a throttling policy: Free failures cost nothing; each further one doubles the
// wait before the next attempt, from Base up to Max; a key without a failure for Forget
// starts over.
type Backoff struct {
	Free      int
	Base, Max time.Duration
	Forget    time.Duration
}

// Wait is how long the next attempt waits once failures have been counted.
func (b Backoff) Wait(failures int) time.Duration {
	over := failures - b.Free
	if over <= 0 {
		return 0
	}
	steps := b.Steps()
	return steps[min(over, len(steps))-1]
}

// Steps are the waits after the first, second … failure beyond Free, doubling from Base and
// ending with the first that reaches Max (every later failure waits Max too).
func (b Backoff) Steps() []time.Duration {
	steps := []time.Duration{min(b.Base, b.Max)}
	for last := steps[0]; last > 0 && last < b.Max; {
		last = min(2*last, b.Max)
		steps = append(steps, last)
	}
	return steps
}

// Describe is the policy in words, for the API documentation.
func (b Backoff) Describe() string {
	return fmt.Sprintf("%d free failures, then each failure doubles the wait before the next attempt from %s up to %s; "+
		"forgotten %s after the last failure", b.Free, words(b.Base), words(b.Max), words(b.Forget))
}

// words writes a whole number of hours, minutes or seconds.
func words(d time.Duration) string {
	switch {
	case d%time.Hour == 0:
		return fmt.Sprintf("%d h", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%d min", d/time.Minute)
	}
	return fmt.Sprintf("%d s", d/time.Second)
}

// ThrottlePolicy describes login throttling for the API documentation.
func ThrottlePolicy() string {
	return "Failed logins are slowed per email and IP address (" + AccountBackoff.Describe() + "; a success clears it) " +
		"and per IP address over all emails (" + AddressBackoff.Describe() + "). An attempt that must wait gets 429 " +
		"with Retry-After and retry_after_seconds, the right password included; other addresses are not slowed."
}

// Login throttling slows a guesser without locking the owner out. Per account and IP: 5 free
// failures, then 1 s, 2 s, 4 s … up to 15 minutes between attempts, forgotten a day after the
// last failure and at once by a successful login. Per IP over every account: 50 free failures,
// then the same doubling, forgotten after an hour without one (a success does not lift it, so a
// guesser cannot clear it with an account of their own). The owner logging in from another
// address is never slowed by failures made elsewhere. Each refusal says how long to wait.
var (
	AccountBackoff = Backoff{Free: 5, Base: time.Second, Max: 15 * time.Minute, Forget: 24 * time.Hour}
	AddressBackoff = Backoff{Free: 50, Base: time.Second, Max: 15 * time.Minute, Forget: time.Hour}
)

// Login checks credentials for logins from ip, throttled per account and IP and per IP.
type Login struct {
	Users   tms.UserStore
	Limiter Limiter
}

// Check returns the user for email and password. Throttled callers get CodeRateLimited with
// retry_after_seconds; wrong credentials get CodeUnauthorized without saying which part was wrong.
func (l Login) Check(ctx context.Context, email, password, ip string) (tms.User, error) {
	email = tms.NormalizeEmail(email)
	account, address := "login:account-ip:"+email+"|"+ip, "login:ip:"+ip
	if err := l.attempt(ctx, account, AccountBackoff); err != nil {
		return tms.User{}, err
	}
	if err := l.attempt(ctx, address, AddressBackoff); err != nil {
		return tms.User{}, errors.Join(err, l.Limiter.Refund(ctx, account))
	}
	u, err := l.verify(ctx, email, password)
	switch {
	case tms.ErrorCode(err) == tms.CodeUnauthorized:
		return tms.User{}, err // both failures stay counted
	case err != nil: // not the caller's fault: the attempt does not count
		return tms.User{}, errors.Join(err, l.Limiter.Refund(ctx, account), l.Limiter.Refund(ctx, address))
	}
	return u, errors.Join(l.Limiter.Reset(ctx, account), l.Limiter.Refund(ctx, address))
}

// verify returns the active user whose password matches, spending a bcrypt comparison on
// unknown emails too so the answer's timing does not tell which accounts exist.
func (l Login) verify(ctx context.Context, email, password string) (tms.User, error) {
	u, err := l.Users.UserByEmail(ctx, email)
	if err != nil && tms.ErrorCode(err) != tms.CodeNotFound {
		return tms.User{}, err
	}
	hash := u.PasswordHash
	if err != nil {
		hash = string(dummyHash)
	}
	if !CheckPassword(hash, password) || !u.Active {
		return tms.User{}, &tms.Error{Code: tms.CodeUnauthorized, Message: "wrong email or password", Err: ErrBadCredentials}
	}
	return u, nil
}

// attempt asks the limiter to admit an attempt under key, or says how long to wait.
func (l Login) attempt(ctx context.Context, key string, b Backoff) error {
	wait, err := l.Limiter.Attempt(ctx, key, b)
	if err != nil || wait <= 0 {
		return err
	}
	secs := int((wait + time.Second - 1) / time.Second)
	return &tms.Error{Code: tms.CodeRateLimited,
		Message: fmt.Sprintf("too many failed logins; try again in %d seconds", secs),
		Detail:  map[string]any{"retry_after_seconds": secs}}
}
