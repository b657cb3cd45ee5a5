package sqlstore

import (
	"context"
	"fmt"
	"sync"

	"github.com/anditms/tms/internal/tms"
)

// readCacheItems bounds what the read cache holds, in records (a load with its stops counts
// one): a two-stop load is about 830 bytes of structs plus its text, a customer 340 (measured
// with runtime.MemStats), so some 20-30 MB at most, inside the seed's 512 MB task.
const readCacheItems = 20_000

// readCache keeps the answers of the reads every page and list repeats (loads, their stops,
// master data) for as long as the database's data version says nothing they read has changed.
//
// The data version is one counter in the database (table data_version) that a trigger on
// every table of business data raises in the same transaction as the change (migration
// 00019): an answer kept at version v is given only to a read that finds the version still v,
// so it is as current as reading the tables, on every instance, whoever wrote (another
// instance, a CLI command, SQL by hand). Machine-paced tables (positions, sessions, queues)
// raise nothing, and the cached reads do not read them. Only answers of the current version are
// kept; a read at any other version empties the cache (see moveTo).
type readCache struct {
	mu      sync.Mutex
	version int64
	entries map[string]any
	items   int
}

func newReadCache() *readCache { return &readCache{entries: map[string]any{}} }

// dataVersionSQL reads the counter the triggers raise.
const dataVersionSQL = `SELECT n FROM data_version`

// dataVersion is the current data version (see readCache).
func (db *DB) dataVersion(ctx context.Context) (int64, error) {
	var v int64
	err := db.read.QueryRowContext(ctx, dataVersionSQL).Scan(&v)
	return v, db.wrap(err, "data version")
}

// pinnedVersion is the data version one request's reads share (PinDataVersion).
type pinnedVersion struct {
	mu sync.Mutex
	v  int64
	ok bool
}

type pinKey struct{ db *DB }

// PinDataVersion returns a context whose cached reads read the data version once and share it,
// instead of once per read: for a request that reads many things (a page), its reads then answer
// as of its first read, as one snapshot would. A write committed through this context forgets
// the pinned version, so the request reads what it wrote. Not for streams: a request that
// lives on would keep reading its first version.
func (db *DB) PinDataVersion(ctx context.Context) context.Context {
	return context.WithValue(ctx, pinKey{db}, &pinnedVersion{})
}

// dataVersionOf is ctx's pinned version (read on first use), else the current one.
func (db *DB) dataVersionOf(ctx context.Context) (int64, error) {
	p, _ := ctx.Value(pinKey{db}).(*pinnedVersion)
	if p == nil {
		return db.dataVersion(ctx)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.ok {
		v, err := db.dataVersion(ctx)
		if err != nil {
			return v, err
		}
		p.v, p.ok = v, true
	}
	return p.v, nil
}

// forgetPinnedVersion makes ctx's next cached read read the version again (after a commit).
func (db *DB) forgetPinnedVersion(ctx context.Context) {
	if p, _ := ctx.Value(pinKey{db}).(*pinnedVersion); p != nil {
		p.mu.Lock()
		p.ok = false
		p.mu.Unlock()
	}
}

// cached answers read through the read cache: key names the read and its arguments (see
// cacheKey), items is how many records an answer holds. The caller gets its own copy.
func cached[T any](ctx context.Context, db *DB, key string, items func(T) int, read func() (T, error)) (T, error) {
	v, err := db.dataVersionOf(ctx)
	if err != nil {
		return read() // the read reports the database's trouble its own way
	}
	if hit, ok := db.cache.get(v, key); ok {
		return deepCopy(hit.(T)), nil
	}
	out, err := read()
	if err == nil {
		db.cache.put(v, key, deepCopy(out), items(out))
	}
	return out, err
}

func (c *readCache) get(version int64, key string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.moveTo(version)
	v, ok := c.entries[key]
	return v, ok
}

// put keeps an answer read at version, unless the cache is full or holds a newer version (the
// read began before a change another read has seen: keeping it would empty the newer answers).
func (c *readCache) put(version int64, key string, v any, items int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if version < c.version {
		return
	}
	c.moveTo(version)
	if _, ok := c.entries[key]; ok || c.items+items > readCacheItems {
		return
	}
	c.entries[key] = v
	c.items += items
}

// moveTo empties the cache when version is not the one it holds. A lower version is a read
// that started before the last change seen (its answers may be newer than it: dropping is
// safe) or a database restored under a running server, whose counter will pass the kept
// version again: what was kept must not come back then.
func (c *readCache) moveTo(version int64) {
	if version != c.version {
		c.version, c.entries, c.items = version, map[string]any{}, 0
	}
}

// cacheKey names a read and its arguments: %#v writes every field of a filter, exported or
// not, by value (TestCacheKeysSeeEveryArgument keeps the arguments free of pointers, whose
// %#v would be an address).
func cacheKey(read string, args ...any) string {
	return read + fmt.Sprintf("%#v", args)
}

func one[T any](T) int                   { return 1 }
func pageItems[T any](p tms.Page[T]) int { return max(1, len(p.Items)) }
func sliceItems[T any](s []T) int        { return max(1, len(s)) }
