package tracking

import (
	"sync"
	"time"
)

// ttlCache remembers values for a short time, so a device's every ping does not read the
// database; a change made on another instance is seen after at most ttl.
type ttlCache[K comparable, V any] struct {
	ttl     time.Duration
	mu      sync.Mutex
	entries map[K]cacheEntry[V]
}

type cacheEntry[V any] struct {
	v       V
	expires time.Time
}

func newCache[K comparable, V any](ttl time.Duration) *ttlCache[K, V] {
	return &ttlCache[K, V]{ttl: ttl, entries: map[K]cacheEntry[V]{}}
}

// lookup returns the cached value, if there is one that has not expired.
func (c *ttlCache[K, V]) lookup(k K, now time.Time) (V, bool) {
	c.mu.Lock()
	e, ok := c.entries[k]
	c.mu.Unlock()
	if ok && now.Before(e.expires) {
		return e.v, true
	}
	var zero V
	return zero, false
}

// get returns the cached value or loads, caches and returns it. Errors are not cached.
func (c *ttlCache[K, V]) get(k K, now time.Time, load func() (V, error)) (V, error) {
	if v, ok := c.lookup(k, now); ok {
		return v, nil
	}
	v, err := load()
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	if len(c.entries) > 100_000 {
		clear(c.entries)
	}
	c.entries[k] = cacheEntry[V]{v, now.Add(c.ttl)}
	c.mu.Unlock()
	return v, nil
}
