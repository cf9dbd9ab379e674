package online_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/online/onlinetest"
)

// readerStore is a Cache whose reads go through one Reader (under a lock:
// a Reader is not safe for concurrent use), results copied out of the
// Reader's buffers, so that the store conformance suite runs on it.
type readerStore struct {
	*online.Cache
	mu sync.Mutex
	r  *online.Reader
}

func (s *readerStore) Read(ctx context.Context, lookups []online.Lookup) ([][]online.Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	res, err := s.r.Read(ctx, lookups)
	if err != nil {
		return nil, err
	}
	out := make([][]online.Result, len(res))
	for i, rs := range res {
		out[i] = slices.Clone(rs)
	}
	return out, nil
}

func TestCacheReaderConformance(t *testing.T) {
	onlinetest.Run(t, func(t *testing.T) online.Store {
		c := newCache(t, openEmbedded(t), 1000)
		return &readerStore{Cache: c, r: c.Reader()}
	})
}

// TestCacheReaderNoStaleReadAfterWrite is TestCacheNoStaleReadAfterWrite
// with every reader reading through a Reader of its own.
func TestCacheReaderNoStaleReadAfterWrite(t *testing.T) {
	const keys, writes, readers = 4, 60, 6
	c := newCache(t, slowReads{openEmbedded(t)}, 100)
	defer c.Close()
	ctx := context.Background()
	v := onlinetest.Stats
	var committed [keys]atomic.Int64
	var wg sync.WaitGroup
	for k := 0; k < keys; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 1; i <= writes; i++ {
				row := online.Row{Key: online.Key{int64(k)}, EventTS: onlinetest.T0.Add(time.Duration(i) * time.Second),
					Values: []any{float64(i), int64(i), "w"}}
				if err := c.Write(ctx, v, []online.Row{row}); err != nil {
					t.Error(err)
					return
				}
				committed[k].Store(int64(i))
			}
		}()
	}
	var stop atomic.Bool
	var readWG sync.WaitGroup
	for range readers {
		readWG.Add(1)
		go func() {
			defer readWG.Done()
			r := c.Reader()
			lookups := []online.Lookup{{View: v, Keys: []online.Key{nil}}}
			for !stop.Load() {
				k := rand.IntN(keys)
				floor := committed[k].Load()
				lookups[0].Keys[0] = online.Key{int64(k)}
				res, err := r.Read(ctx, lookups)
				if err != nil {
					t.Error(err)
					return
				}
				got := int64(0)
				if res[0][0].Found {
					got = res[0][0].Values[1].(int64)
				}
				if got < floor {
					t.Errorf("key %d: read row %d after write %d had returned", k, got, floor)
				}
			}
		}()
	}
	wg.Wait()
	stop.Store(true)
	readWG.Wait()
	if st := c.Stats(); st.Hits == 0 || st.Misses == 0 {
		t.Errorf("the test did not exercise both paths: %+v", st)
	}
}

// TestCacheReaderReusesResults: a Read answers each key in order, not
// found keys zero, and leaves nothing of an earlier Read in its results.
func TestCacheReaderReusesResults(t *testing.T) {
	c := newCache(t, openEmbedded(t), 100)
	defer c.Close()
	ctx := context.Background()
	v := onlinetest.Stats
	row := online.Row{Key: online.Key{int64(1)}, EventTS: onlinetest.T0, Values: []any{1.5, int64(7), "a"}}
	if err := c.Write(ctx, v, []online.Row{row}); err != nil {
		t.Fatal(err)
	}
	r := c.Reader()
	for round := range 3 { // a miss, then hits
		res, err := r.Read(ctx, []online.Lookup{{View: v, Keys: []online.Key{{int64(1)}, {int64(2)}, {nil}}}})
		if err != nil {
			t.Fatal(err)
		}
		if !res[0][0].Found || res[0][0].Values[1] != int64(7) || res[0][1].Found || res[0][2].Found {
			t.Fatalf("round %d: %+v", round, res)
		}
		res, err = r.Read(ctx, []online.Lookup{{View: v, Keys: []online.Key{{int64(2)}, {int64(1)}}}})
		if err != nil {
			t.Fatal(err)
		}
		if res[0][0].Found || !res[0][1].Found {
			t.Fatalf("round %d, reversed: %+v", round, res)
		}
	}
	if st := c.Stats(); st.Hits != 10 || st.Misses != 2 {
		t.Errorf("stats %+v, want 2 misses (the first read) and 10 hits", st)
	}
	hit := []online.Lookup{{View: v, Keys: []online.Key{{int64(1)}}}}
	if allocs := testing.AllocsPerRun(100, func() {
		if _, err := r.Read(ctx, hit); err != nil {
			t.Fatal(err)
		}
	}); allocs != 0 {
		t.Errorf("a cache hit through a Reader allocates %.0f times, want 0", allocs)
	}
}

// BenchmarkCacheReader is BenchmarkLookup's cache case through a Reader.
func BenchmarkCacheReader(b *testing.B) {
	store := openEmbedded(b)
	if err := store.Write(context.Background(), tenFeatures, tenRows(benchKeys, onlinetest.T0)); err != nil {
		b.Fatal(err)
	}
	cache, err := online.NewCache(store, online.CacheOptions{MaxEntries: 2 * benchKeys})
	if err != nil {
		b.Fatal(err)
	}
	defer cache.Close()
	warm(b, cache)
	r := cache.Reader()
	boxed := make([]any, benchKeys) // keys boxed once: the Reader's cost alone
	for i := range boxed {
		boxed[i] = int64(i)
	}
	for _, n := range []int{1, 100} {
		b.Run(fmt.Sprintf("keys=%d", n), func(b *testing.B) {
			keys := make([]online.Key, n)
			parts := make([]any, n)
			for j := range keys {
				keys[j] = parts[j : j+1 : j+1]
			}
			lookups := []online.Lookup{{View: tenFeatures, Keys: keys}}
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				for j := range parts {
					parts[j] = boxed[(i*n+j*7919)%benchKeys]
				}
				res, err := r.Read(context.Background(), lookups)
				if err != nil || !res[0][0].Found {
					b.Fatal("key not found", err)
				}
			}
		})
	}
}
