package auth

import (
	"context"
	"sync"
	"time"
)

// MemoryLimiter is a Limiter for a single instance (the embedded default).
type MemoryLimiter struct {
	mu      sync.Mutex
	entries map[string]memoryEntry
	now     func() time.Time
	swept   time.Time // when forgotten entries were last dropped
}

type memoryEntry struct {
	failures int
	until    time.Time // no attempt before
	forget   time.Time // the entry is dropped from then on
}

// NewMemoryLimiter returns an empty in-process limiter reading the time from now.
func NewMemoryLimiter(now func() time.Time) *MemoryLimiter {
	return &MemoryLimiter{entries: map[string]memoryEntry{}, now: now}
}

// Attempt admits an attempt unless key must wait, counting it as a failure.
func (m *MemoryLimiter) Attempt(_ context.Context, key string, b Backoff) (time.Duration, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	m.dropForgotten(now)
	e := m.entries[key]
	if !now.Before(e.forget) {
		e = memoryEntry{}
	}
	if now.Before(e.until) {
		return e.until.Sub(now), nil
	}
	e.failures++
	e.until, e.forget = now.Add(b.Wait(e.failures)), now.Add(b.Forget)
	m.entries[key] = e
	return 0, nil
}

// dropForgotten removes, at most once a minute, the entries whose failures are forgotten, so
// memory stays bounded by the failures of the last day without a scan on every attempt.
func (m *MemoryLimiter) dropForgotten(now time.Time) {
	if now.Sub(m.swept) < time.Minute {
		return
	}
	m.swept = now
	for k, e := range m.entries {
		if !now.Before(e.forget) {
			delete(m.entries, k)
		}
	}
}

// Refund takes back one counted failure.
func (m *MemoryLimiter) Refund(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if e, ok := m.entries[key]; ok && e.failures > 0 {
		e.failures--
		m.entries[key] = e
	}
	return nil
}

// Reset forgets key.
func (m *MemoryLimiter) Reset(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.entries, key)
	return nil
}
