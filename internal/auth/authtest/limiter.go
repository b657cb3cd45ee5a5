// Package authtest holds the conformance test every auth.Limiter must pass.
package authtest

import (
	"context"
	"testing"
	"time"

	"github.com/anditms/tms/internal/auth"
)

// RunLimiter checks counting, the window, isolation between keys and reset.
func RunLimiter(t *testing.T, l auth.Limiter, key string) {
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		if err := l.Fail(ctx, key, 300*time.Millisecond); err != nil {
			t.Fatal(err)
		}
	}
	n, wait, err := l.Failures(ctx, key)
	if err != nil || n != 3 || wait <= 0 || wait > 300*time.Millisecond {
		t.Fatalf("Failures = %d, %v, %v; want 3 within the window", n, wait, err)
	}
	if n, _, _ := l.Failures(ctx, key+":other"); n != 0 {
		t.Errorf("another key counts %d, want 0", n)
	}
	time.Sleep(350 * time.Millisecond)
	if n, _, _ := l.Failures(ctx, key); n != 0 {
		t.Errorf("after the window: %d failures, want 0", n)
	}
	_ = l.Fail(ctx, key, time.Minute)
	if err := l.Reset(ctx, key); err != nil {
		t.Fatal(err)
	}
	if n, _, _ := l.Failures(ctx, key); n != 0 {
		t.Errorf("after reset: %d failures, want 0", n)
	}
}
