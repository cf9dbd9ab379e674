package online_test

import (
	"context"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/online/embedded"
	"github.com/pitgate/pitgate/online/onlinetest"
	"github.com/pitgate/pitgate/registry"
)

func openEmbedded(t testing.TB) online.Store {
	s, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func newCache(t testing.TB, s online.Store, max int) *online.Cache {
	c, err := online.NewCache(s, online.CacheOptions{MaxEntries: max})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCacheConformance(t *testing.T) {
	onlinetest.Run(t, func(t *testing.T) online.Store { return newCache(t, openEmbedded(t), 1000) })
}

// slowReads delays every read after the store answered: the window in
// which a write can land between a cache miss's read and its fill.
type slowReads struct{ online.Store }

func (s slowReads) Read(ctx context.Context, lookups []online.Lookup) ([][]online.Result, error) {
	res, err := s.Store.Read(ctx, lookups)
	time.Sleep(time.Duration(rand.IntN(200)) * time.Microsecond)
	return res, err
}

// TestCacheNoStaleReadAfterWrite: once a write has returned, no read may
// answer an older row, whatever reads were in flight when it ran.
func TestCacheNoStaleReadAfterWrite(t *testing.T) {
	const keys, writes, readers = 4, 60, 6
	c := newCache(t, slowReads{openEmbedded(t)}, 100)
	defer c.Close()
	ctx := context.Background()
	v := onlinetest.Stats
	var committed [keys]atomic.Int64
	var stop atomic.Bool
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
	var stale atomic.Int64
	var readWG sync.WaitGroup
	for r := 0; r < readers; r++ {
		readWG.Add(1)
		go func() {
			defer readWG.Done()
			for !stop.Load() {
				k := rand.IntN(keys)
				floor := committed[k].Load()
				res, err := c.Read(ctx, []online.Lookup{{View: v, Keys: []online.Key{{int64(k)}}}})
				if err != nil {
					t.Error(err)
					return
				}
				got := int64(0)
				if res[0][0].Found {
					got = res[0][0].Values[1].(int64)
				}
				if got < floor {
					stale.Add(1)
					t.Errorf("key %d: read row %d after write %d had returned", k, got, floor)
				}
			}
		}()
	}
	wg.Wait()
	stop.Store(true)
	readWG.Wait()
	st := c.Stats()
	if st.Hits == 0 || st.Misses == 0 {
		t.Errorf("the test did not exercise both paths: %+v", st)
	}
}

func TestCacheIsBounded(t *testing.T) {
	c := newCache(t, openEmbedded(t), 50)
	defer c.Close()
	var keys []online.Key
	for i := 0; i < 500; i++ {
		keys = append(keys, online.Key{int64(i)})
	}
	for i := 0; i < 3; i++ {
		if _, err := c.Read(context.Background(), []online.Lookup{{View: onlinetest.Stats, Keys: keys}}); err != nil {
			t.Fatal(err)
		}
	}
	c.CleanUp()
	if n := c.Stats().Entries; n > 50 {
		t.Errorf("cache holds %d entries, max_entries is 50", n)
	}
}

func TestCacheRejectsNoBound(t *testing.T) {
	if _, err := online.NewCache(openEmbedded(t), online.CacheOptions{}); err == nil {
		t.Fatal("a cache without max_entries was made")
	}
}

func TestExpired(t *testing.T) {
	v := &registry.FeatureView{TTL: time.Hour}
	now := onlinetest.T0
	cases := []struct {
		r    online.Result
		want bool
	}{
		{online.Result{Found: true, EventTS: now.Add(-time.Hour)}, false}, // inclusive
		{online.Result{Found: true, EventTS: now.Add(-time.Hour - time.Microsecond)}, true},
		{online.Result{Found: true, EventTS: now.Add(time.Minute)}, false},
		{online.Result{}, false},
	}
	for _, c := range cases {
		if got := c.r.Expired(v, now); got != c.want {
			t.Errorf("%v: Expired %v, want %v", c.r.EventTS, got, c.want)
		}
	}
	if (online.Result{Found: true, EventTS: now.Add(-1000 * time.Hour)}).Expired(&registry.FeatureView{}, now) {
		t.Error("a view without ttl expired a row")
	}
}

func codeOf(err error) string { return sqlerr.Code(err) }
