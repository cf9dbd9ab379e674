package online

import (
	"context"
	"hash/maphash"
	"slices"
	"sync/atomic"
	"time"

	"github.com/maypok86/otter/v2"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/registry"
)

// CacheOptions configure the in-process cache.
type CacheOptions struct {
	// MaxEntries bounds the cache: one entry per (view, entity key),
	// including keys the store does not hold.
	MaxEntries int
	// ExpireAfter drops an entry that long after it was filled; 0 keeps it
	// until evicted or invalidated. Other processes' writes to a Redis or
	// PostgreSQL store invalidate this cache by notification
	// (invalidate.go); this bounds staleness only against writers that do
	// not publish (another program writing the store directly).
	ExpireAfter time.Duration
}

// genStripes is how many write generations the cache keeps; keys share a
// stripe by hash. More stripes only make fewer fills skipped.
const genStripes = 4096

// Cache is a Store in front of a Store: reads are answered from an otter
// cache where it holds the key (found or not found) and from the store for
// the rest, in one round trip; writes go to the store and then invalidate
// their keys.
//
// No stale read after a write returns, and reads stay monotonic while a
// write runs: per key stripe, a writer marks itself active, invalidates
// the key, writes the store, bumps the stripe's generation, unmarks itself
// and invalidates again. A reader that missed snapshots the generation and
// fills the cache only if, under otter's per-key lock, no write is active
// and the generation is unchanged. So no entry read before a write can be
// served once any reader could have seen that write's row: it was removed
// by the first invalidation, or its fill was refused.
type Cache struct {
	store Store
	c     *otter.Cache[string, Result]
	seed  maphash.Seed
	// hits and misses count keys; otter's own counters also count fills.
	hits, misses atomic.Uint64
	gens         [genStripes]atomic.Uint64
	active       [genStripes]atomic.Int64 // writes in progress per stripe
	sub          *subscription            // other processes' writes (invalidate.go)
	// sender is this cache's id in the invalidations its writes publish,
	// so that it skips its own (invalidate.go).
	sender string
}

var _ Store = (*Cache)(nil)

// NewCache puts a cache of o.MaxEntries entries in front of s.
func NewCache(s Store, o CacheOptions) (*Cache, error) {
	if o.MaxEntries <= 0 {
		return nil, sqlerr.New(sqlerr.InvalidParameter, "cache.max_entries must be positive, got %d", o.MaxEntries)
	}
	opts := &otter.Options[string, Result]{MaximumSize: o.MaxEntries}
	if o.ExpireAfter > 0 {
		opts.ExpiryCalculator = otter.ExpiryWriting[string, Result](o.ExpireAfter)
	}
	c, err := otter.New(opts)
	if err != nil {
		return nil, sqlerr.New(sqlerr.InvalidParameter, "cache: %v", err)
	}
	cache := &Cache{store: s, c: c, seed: maphash.MakeSeed(), sender: newSenderID()}
	cache.sub = cache.subscribe(s)
	return cache, nil
}

func (c *Cache) stripe(key string) uint64 { return maphash.String(c.seed, key) % genStripes }

func (c *Cache) gen(key string) *atomic.Uint64 { return &c.gens[c.stripe(key)] }

// writing reports whether a write to key's stripe is in progress.
func (c *Cache) writing(key string) bool { return c.active[c.stripe(key)].Load() > 0 }

// miss is a key the cache did not hold.
type miss struct {
	lookup, key int
	cacheKey    string
	gen         uint64
	writing     bool // a write was in progress when the miss was seen: never fill
}

// Read answers from the cache, and reads the misses from the store in one call.
func (c *Cache) Read(ctx context.Context, lookups []Lookup) ([][]Result, error) {
	out := newResults(lookups)
	var misses []miss
	hits := 0
	for i, lk := range lookups {
		for j, key := range lk.Keys {
			if slices.Contains(key, nil) {
				continue
			}
			ck, err := cacheKey(lk.View, key)
			if err != nil {
				return nil, err
			}
			if r, ok := c.c.GetIfPresent(ck); ok {
				out[i][j] = r
				hits++
				continue
			}
			misses = append(misses, miss{lookup: i, key: j, cacheKey: ck, gen: c.gen(ck).Load(), writing: c.writing(ck)})
		}
	}
	c.hits.Add(uint64(hits))
	c.misses.Add(uint64(len(misses)))
	if len(misses) == 0 {
		return out, nil
	}
	return out, c.fill(ctx, lookups, misses, out)
}

func (c *Cache) fill(ctx context.Context, lookups []Lookup, misses []miss, out [][]Result) error {
	// Misses are in lookup order: each run of one lookup's keys is one
	// lookup of the store, and the results come back in the same order.
	var sub []Lookup
	for n, m := range misses {
		if n == 0 || m.lookup != misses[n-1].lookup {
			sub = append(sub, Lookup{View: lookups[m.lookup].View})
		}
		last := &sub[len(sub)-1]
		last.Keys = append(last.Keys, lookups[m.lookup].Keys[m.key])
	}
	res, err := c.store.Read(ctx, sub)
	if err != nil {
		return err
	}
	n := 0
	for _, rs := range res {
		for _, r := range rs {
			m := misses[n]
			n++
			out[m.lookup][m.key] = r
			if m.writing {
				continue
			}
			gen := c.gen(m.cacheKey)
			c.c.Compute(m.cacheKey, func(old Result, found bool) (Result, otter.ComputeOp) {
				if gen.Load() != m.gen || c.writing(m.cacheKey) {
					return old, otter.CancelOp // a write ran or runs since our read began
				}
				return r, otter.WriteOp
			})
		}
	}
	return nil
}

// Write writes through to the store, then invalidates the written keys
// (also when the store failed: it may have applied part of the rows).
func (c *Cache) Write(ctx context.Context, v *registry.FeatureView, rows []Row) error {
	keys := make([]string, 0, len(rows))
	for _, row := range rows {
		if ck, err := cacheKey(v, row.Key); err == nil {
			keys = append(keys, ck)
		}
	}
	// Invalidating before the write keeps reads monotonic while it runs: a
	// reader that sees the new row in the store can no longer find an
	// older entry in the cache.
	for _, ck := range keys {
		c.active[c.stripe(ck)].Add(1)
		c.c.Invalidate(ck)
	}
	err := c.store.Write(WithSender(ctx, c.sender), v, rows)
	for _, ck := range keys {
		c.gen(ck).Add(1)
		c.active[c.stripe(ck)].Add(-1)
		c.c.Invalidate(ck)
	}
	return err
}

// InvalidateAll empties the cache (after a registry change, say).
func (c *Cache) InvalidateAll() {
	for i := range c.gens {
		c.gens[i].Add(1)
	}
	c.c.InvalidateAll()
}

// CacheStats counts lookups answered by the cache and by the store.
type CacheStats struct {
	Hits, Misses uint64
	Entries      int
}

// Stats reports the cache's counters since it was made.
func (c *Cache) Stats() CacheStats {
	return CacheStats{Hits: c.hits.Load(), Misses: c.misses.Load(), Entries: c.c.EstimatedSize()}
}

// Close closes the store behind the cache.
func (c *Cache) Close() error {
	c.sub.stop()
	c.c.StopAllGoroutines()
	return c.store.Close()
}
