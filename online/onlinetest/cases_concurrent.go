package onlinetest

import (
	"context"
	"sync"
	"testing"

	"github.com/pitgate/pitgate/online"
)

// testConcurrent runs writers that race on the same keys with readers. A
// row is never torn (every value matches its event time), a reader never
// sees a key go back in time, and the end state is each key's latest row.
func testConcurrent(t *testing.T, s online.Store) {
	const writers, writes, readers, reads, keys = 4, 40, 4, 60, 10
	ctx := context.Background()
	row := func(key int64, sec int) online.Row {
		return online.Row{Key: online.Key{key}, EventTS: at(sec), Values: []any{float64(sec), int64(sec), "w"}}
	}
	allKeys := make([]online.Key, keys)
	for k := range allKeys {
		allKeys[k] = online.Key{int64(k)}
	}
	var wg sync.WaitGroup
	errs := make(chan error, writers+readers)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < writes; i++ {
				sec := i*writers + w
				// Two rows per write, one of them older than the other writers' latest.
				batch := []online.Row{row(int64(i%keys), sec), row(int64((i+3)%keys), sec-writers*keys)}
				if err := s.Write(ctx, Stats, batch); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for r := 0; r < readers; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			last := make([]int64, keys)
			for i := range last {
				last[i] = -1 << 62
			}
			for i := 0; i < reads; i++ {
				res, err := s.Read(ctx, []online.Lookup{{View: Stats, Keys: allKeys}})
				if err != nil {
					errs <- err
					return
				}
				for k, got := range res[0] {
					if !got.Found {
						continue
					}
					sec := int64(got.EventTS.Sub(T0).Seconds())
					if got.Values[1] != sec || got.Values[0] != float64(sec) {
						t.Errorf("key %d: torn row %+v", k, got)
					}
					if sec < last[k] {
						t.Errorf("key %d went back in time: %d after %d", k, sec, last[k])
					}
					last[k] = sec
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	latest := make([]int, keys)
	for w := 0; w < writers; w++ {
		for i := 0; i < writes; i++ {
			latest[i%keys] = max(latest[i%keys], i*writers+w)
		}
	}
	for k := 0; k < keys; k++ {
		got := readOne(t, s, Stats, int64(k))
		if !got.Found || !got.EventTS.Equal(at(latest[k])) {
			t.Errorf("key %d: got %+v, want event time %v", k, got, at(latest[k]))
		}
	}
}
