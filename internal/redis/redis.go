// Package redis connects to Redis (ElastiCache in production) and provides what several
// instances behind the load balancer must share: login throttling and sessions.
package redis

import (
	"context"
	"errors"
	"fmt"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/anditms/tms/internal/auth"
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

// Limiter keeps login failures in Redis so every instance sees the same counts and waits.
// Each key is a hash (f: failures, u: no attempt before, g: forgotten from; times in Unix ms)
// changed only by Lua scripts, which Redis runs atomically.
type Limiter struct {
	c      *goredis.Client
	prefix string
	now    func() time.Time
}

// NewLimiter returns a limiter storing its keys under prefix and reading the time from now
// (the instances' clocks, not Redis's, so tests can move it).
func NewLimiter(c *goredis.Client, prefix string, now func() time.Time) *Limiter {
	return &Limiter{c: c, prefix: prefix, now: now}
}

// attemptScript admits an attempt (counting it as a failure and starting the wait the new
// count earns) or returns the milliseconds still to wait. ARGV: now, forget, free, then the
// waits after each failure beyond free (auth.Backoff.Steps; the last one repeats).
var attemptScript = goredis.NewScript(`
local now, forget, free = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local h = redis.call('HMGET', KEYS[1], 'f', 'u', 'g')
local failures, untl = tonumber(h[1]) or 0, tonumber(h[2]) or 0
if now >= (tonumber(h[3]) or 0) then failures, untl = 0, 0 end
if now < untl then return untl - now end
failures = failures + 1
local wait = 0
if failures > free then wait = tonumber(ARGV[3 + math.min(failures - free, #ARGV - 3)]) end
redis.call('HSET', KEYS[1], 'f', failures, 'u', now + wait, 'g', now + forget)
redis.call('PEXPIRE', KEYS[1], forget)
return 0`)

// refundScript takes back one failure of an existing key.
var refundScript = goredis.NewScript(`
local failures = tonumber(redis.call('HGET', KEYS[1], 'f'))
if failures and failures > 0 then redis.call('HINCRBY', KEYS[1], 'f', -1) end
return 0`)

// Attempt admits an attempt unless key must wait, counting it as a failure.
func (l *Limiter) Attempt(ctx context.Context, key string, b auth.Backoff) (time.Duration, error) {
	args := []any{l.now().UnixMilli(), b.Forget.Milliseconds(), b.Free}
	for _, step := range b.Steps() {
		args = append(args, step.Milliseconds())
	}
	wait, err := attemptScript.Run(ctx, l.c, []string{l.prefix + key}, args...).Int64()
	if err != nil {
		return 0, fmt.Errorf("redis limiter: %w", err)
	}
	return time.Duration(wait) * time.Millisecond, nil
}

// Refund takes back one counted failure.
func (l *Limiter) Refund(ctx context.Context, key string) error {
	if err := refundScript.Run(ctx, l.c, []string{l.prefix + key}).Err(); err != nil {
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
