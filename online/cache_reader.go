package online

import (
	"context"
	"slices"
	"unsafe"
)

// Reader reads through a Cache with buffers of its own that every Read
// reuses: the cache keys are encoded into one byte buffer and looked up
// without being copied into strings (otter's lookup keeps no reference to
// the key), and the results live in slices kept from one Read to the next.
// A Read whose keys all hit allocates nothing. Misses are read from the
// store and filled exactly as Cache.Read fills them.
//
// A Reader is not safe for concurrent use: a session keeps one per
// prepared lookup. The results of a Read are valid until its next Read.
type Reader struct {
	c      *Cache
	key    []byte
	flat   []Result
	out    [][]Result
	misses []miss
}

// Reader returns a Reader of c.
func (c *Cache) Reader() *Reader { return &Reader{c: c, key: make([]byte, 0, 64)} }

// Read answers lookups as Cache.Read does, into r's buffers.
func (r *Reader) Read(ctx context.Context, lookups []Lookup) ([][]Result, error) {
	out := r.results(lookups)
	r.misses = r.misses[:0]
	hits := 0
	for i, lk := range lookups {
		for j, key := range lk.Keys {
			if slices.Contains(key, nil) {
				continue
			}
			b, err := appendCacheKey(r.key[:0], lk.View, key)
			if err != nil {
				return nil, err
			}
			r.key = b
			if res, ok := r.c.c.GetIfPresent(unsafe.String(unsafe.SliceData(b), len(b))); ok {
				out[i][j] = res
				hits++
				continue
			}
			ck := string(b) // kept by the miss: a copy
			r.misses = append(r.misses, miss{lookup: i, key: j, cacheKey: ck, gen: r.c.gen(ck).Load(), writing: r.c.writing(ck)})
		}
	}
	r.c.hits.Add(uint64(hits))
	if len(r.misses) == 0 {
		return out, nil
	}
	r.c.misses.Add(uint64(len(r.misses)))
	return out, r.c.fill(ctx, lookups, r.misses, out)
}

// results is newResults in r's buffers, every Result zero.
func (r *Reader) results(lookups []Lookup) [][]Result {
	n := 0
	for _, lk := range lookups {
		n += len(lk.Keys)
	}
	if cap(r.flat) < n {
		r.flat = make([]Result, n)
	}
	flat := r.flat[:n]
	clear(flat)
	if cap(r.out) < len(lookups) {
		r.out = make([][]Result, len(lookups))
	}
	out := r.out[:len(lookups)]
	for i, lk := range lookups {
		out[i], flat = flat[:len(lk.Keys):len(lk.Keys)], flat[len(lk.Keys):]
	}
	return out
}
