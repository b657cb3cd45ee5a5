// Package redis connects to Redis (ElastiCache in production) and provides what several
// instances behind the load balancer must share: login throttling and sessions.
package redis

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// Open connects to url (redis:// or rediss:// for TLS) and checks it answers. The URL may
// hold a password, so it is never part of an error. Over TLS the server's certificate and name
// are verified against caFile, or the system roots when caFile is empty.
func Open(ctx context.Context, url, caFile string) (*goredis.Client, error) {
	opt, err := goredis.ParseURL(url)
	if err != nil {
		return nil, errors.New("redis: the URL cannot be parsed")
	}
	if err := trustCA(opt, caFile); err != nil {
		return nil, err
	}
	opt.DialTimeout, opt.ReadTimeout, opt.WriteTimeout = 2*time.Second, 2*time.Second, 2*time.Second
	// A request's deadline bounds its Redis calls too, and a dead server is not retried for long.
	opt.ContextTimeoutEnabled, opt.PoolTimeout, opt.MaxRetries = true, 2*time.Second, 1
	c := goredis.NewClient(opt)
	if err := c.Ping(ctx).Err(); err != nil {
		c.Close()
		return nil, fmt.Errorf("redis: connect to %s: %w", opt.Addr, err)
	}
	return c, nil
}

// Limiter counts failures in Redis so every instance sees the same counts.
type Limiter struct {
	c      *goredis.Client
	prefix string
}

// NewLimiter returns a limiter storing its keys under prefix.
func NewLimiter(c *goredis.Client, prefix string) *Limiter { return &Limiter{c: c, prefix: prefix} }

// Failures returns the count under key and its remaining lifetime.
func (l *Limiter) Failures(ctx context.Context, key string) (int, time.Duration, error) {
	pipe := l.c.Pipeline()
	get := pipe.Get(ctx, l.prefix+key)
	ttl := pipe.PTTL(ctx, l.prefix+key)
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, goredis.Nil) {
		return 0, 0, fmt.Errorf("redis limiter: %w", err)
	}
	n, err := strconv.Atoi(get.Val())
	if err != nil {
		return 0, 0, nil
	}
	return n, max(ttl.Val(), 0), nil
}

// Fail increments key; the first failure starts the window (PEXPIRE NX keeps it fixed).
func (l *Limiter) Fail(ctx context.Context, key string, window time.Duration) error {
	pipe := l.c.TxPipeline()
	pipe.Incr(ctx, l.prefix+key)
	pipe.Do(ctx, "PEXPIRE", l.prefix+key, window.Milliseconds(), "NX")
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("redis limiter: %w", err)
	}
	return nil
}

// Reset deletes key.
func (l *Limiter) Reset(ctx context.Context, key string) error {
	if err := l.c.Del(ctx, l.prefix+key).Err(); err != nil {
		return fmt.Errorf("redis limiter: %w", err)
	}
	return nil
}
