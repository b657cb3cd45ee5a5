// Package authtest holds the conformance test every auth.Limiter must pass.
package authtest

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/anditms/tms/internal/auth"
)

// Clock is a time source the test moves by hand, so no test sleeps through a wait.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock stopped at a fixed instant.
func NewClock() *Clock { return &Clock{now: time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// policy is small enough to walk to its cap: 3 free failures, then 1 s, 2 s, 4 s, 8 s, 10 s.
var policy = auth.Backoff{Free: 3, Base: time.Second, Max: 10 * time.Second, Forget: time.Minute}

// RunLimiter checks a limiter built by open around a clock: free failures, the doubling wait
// and its cap, refusals that change nothing, refunds, reset, forgetting, isolation between
// keys, and that parallel attempts cannot pass together.
func RunLimiter(t *testing.T, open func(now func() time.Time) auth.Limiter) {
	cases := map[string]func(t *testing.T, l auth.Limiter, c *Clock){
		"backoff doubles up to the cap":     backoffDoubles,
		"refused attempts change nothing":   refusalsChangeNothing,
		"refund takes back one failure":     refundTakesBackOne,
		"reset and forgetting start over":   resetAndForget,
		"parallel attempts pass one by one": parallelAttempts,
	}
	for name, run := range cases {
		t.Run(name, func(t *testing.T) {
			c := NewClock()
			run(t, open(c.Now), c)
		})
	}
}

// attempt calls l.Attempt and fails the test on an error.
func attempt(t *testing.T, l auth.Limiter, key string) time.Duration {
	t.Helper()
	wait, err := l.Attempt(context.Background(), key, policy)
	if err != nil {
		t.Fatal(err)
	}
	return wait
}

// wantWait checks that an attempt under key is refused with exactly want to wait.
func wantWait(t *testing.T, l auth.Limiter, key string, want time.Duration) {
	t.Helper()
	if got := attempt(t, l, key); got != want {
		t.Fatalf("attempt under %s: wait %v, want %v", key, got, want)
	}
}

// fail makes n attempts under key that must all be admitted.
func fail(t *testing.T, l auth.Limiter, key string, n int) {
	t.Helper()
	for i := range n {
		if wait := attempt(t, l, key); wait != 0 {
			t.Fatalf("attempt %d under %s: wait %v, want admitted", i+1, key, wait)
		}
	}
}

func backoffDoubles(t *testing.T, l auth.Limiter, c *Clock) {
	fail(t, l, "k", policy.Free)
	for _, want := range []time.Duration{1, 2, 4, 8, 10, 10} {
		fail(t, l, "k", 1)
		wantWait(t, l, "k", want*time.Second)
		wantWait(t, l, "other", 0) // another key is not slowed
		c.Advance(want * time.Second)
	}
}

func refusalsChangeNothing(t *testing.T, l auth.Limiter, c *Clock) {
	fail(t, l, "k", policy.Free+1)
	for range 5 {
		wantWait(t, l, "k", time.Second)
	}
	c.Advance(999 * time.Millisecond)
	wantWait(t, l, "k", time.Millisecond)
	c.Advance(time.Millisecond)
	fail(t, l, "k", 1) // the second failure beyond the free ones, not the seventh
	wantWait(t, l, "k", 2*time.Second)
}

func refundTakesBackOne(t *testing.T, l auth.Limiter, _ *Clock) {
	ctx := context.Background()
	fail(t, l, "k", policy.Free)
	if err := l.Refund(ctx, "k"); err != nil {
		t.Fatal(err)
	}
	fail(t, l, "k", 2) // the last free failure again, then the first that waits
	wantWait(t, l, "k", time.Second)
	if err := l.Refund(ctx, "k"); err != nil {
		t.Fatal(err)
	}
	wantWait(t, l, "k", time.Second) // the wait already started stays
	if err := l.Refund(ctx, "never-seen"); err != nil {
		t.Fatal(err)
	}
	fail(t, l, "never-seen", policy.Free)
	fail(t, l, "never-seen", 1)
	wantWait(t, l, "never-seen", time.Second)
}

func resetAndForget(t *testing.T, l auth.Limiter, c *Clock) {
	fail(t, l, "k", policy.Free+1)
	if err := l.Reset(context.Background(), "k"); err != nil {
		t.Fatal(err)
	}
	fail(t, l, "k", policy.Free+1)
	wantWait(t, l, "k", time.Second)
	c.Advance(policy.Forget - time.Millisecond)
	fail(t, l, "k", 1) // not forgotten yet: the second failure beyond the free ones
	wantWait(t, l, "k", 2*time.Second)
	c.Advance(policy.Forget)
	fail(t, l, "k", policy.Free+1)
	wantWait(t, l, "k", time.Second)
}

func parallelAttempts(t *testing.T, l auth.Limiter, _ *Clock) {
	const callers = 20
	var admitted atomic.Int32
	var wg sync.WaitGroup
	for range callers {
		wg.Go(func() {
			wait, err := l.Attempt(context.Background(), "k", policy)
			if err != nil {
				t.Error(err)
			} else if wait == 0 {
				admitted.Add(1)
			}
		})
	}
	wg.Wait()
	if n := int(admitted.Load()); n != policy.Free+1 {
		t.Errorf("%d of %d parallel attempts admitted, want %d (the free ones and the one that starts the wait)", n, callers, policy.Free+1)
	}
}
