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
}

type memoryEntry struct {
	count   int
	expires time.Time
}

// NewMemoryLimiter returns an empty in-process limiter.
func NewMemoryLimiter() *MemoryLimiter {
	return &MemoryLimiter{entries: map[string]memoryEntry{}, now: time.Now}
}

// Failures returns the live count for key.
func (m *MemoryLimiter) Failures(_ context.Context, key string) (int, time.Duration, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[key]
	now := m.now()
	if !ok || !now.Before(e.expires) {
		return 0, 0, nil
	}
	return e.count, e.expires.Sub(now), nil
}

// Fail counts a failure, starting a window on the first one, and drops expired keys.
func (m *MemoryLimiter) Fail(_ context.Context, key string, window time.Duration) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	for k, e := range m.entries {
		if !now.Before(e.expires) {
			delete(m.entries, k)
		}
	}
	e, ok := m.entries[key]
	if !ok {
		e.expires = now.Add(window)
	}
	e.count++
	m.entries[key] = e
	return nil
}

// Reset forgets key.
func (m *MemoryLimiter) Reset(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.entries, key)
	return nil
}
