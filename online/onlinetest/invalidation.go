package onlinetest

import (
	"context"
	"testing"
	"time"

	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/registry"
)

// Shared describes a store that several processes can open (Redis,
// PostgreSQL), for RunInvalidation.
type Shared struct {
	// Open opens another instance of the same store (same prefix or
	// table), as a second process would; RunInvalidation closes it.
	Open func(t *testing.T) online.Store
	// WriteSilently stores rows as Open's stores do but publishes nothing:
	// a write whose notification was lost.
	WriteSilently func(t *testing.T, v *registry.FeatureView, rows []online.Row)
	// KillSubscribers closes, from the server, every connection
	// subscribed to the store's invalidations.
	KillSubscribers func(t *testing.T)
	// BigBatch is a number of rows whose write is published as a
	// whole-view invalidation; 0 skips that case.
	BigBatch int
}

// deadline bounds every wait for an invalidation to arrive.
const deadline = 10 * time.Second

// RunInvalidation checks that caches on two instances of one store see
// each other's writes, and that a lost subscription serves no stale row.
func RunInvalidation(t *testing.T, sh Shared) {
	cases := []struct {
		name string
		run  func(t *testing.T, sh Shared, a, b *online.Cache)
	}{
		{"write through one cache, the other sees it", testPeerWrite},
		{"a write to the bare store invalidates", testBareStoreWrite},
		{"a large batch invalidates the whole view", testPeerBigBatch},
		{"killed subscription, no stale read after", testKilledSubscription},
		{"a cache skips its own write's notification", testOwnWrite},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, b := openCache(t, sh), openCache(t, sh)
			c.run(t, sh, a, b)
		})
	}
}

func openCache(t *testing.T, sh Shared) *online.Cache {
	c, err := online.NewCache(sh.Open(t), online.CacheOptions{MaxEntries: 100_000})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func scoreRow(id int64, ts time.Time, score float64) online.Row {
	return online.Row{Key: online.Key{id}, EventTS: ts, Values: []any{score}}
}

// cached reads key until a read is a hit: the cache holds the row, so only
// an invalidation can make it see another. It retries because the
// notification of the write that stored the row (the caches hear their own
// and each other's) may still be on its way and drop the entry once more.
func cached(t *testing.T, c *online.Cache, id int64, score float64) {
	t.Helper()
	for end := time.Now().Add(deadline); ; time.Sleep(5 * time.Millisecond) {
		if got := readOne(t, c, Profile, id); !got.Found || got.Values[0] != score {
			t.Fatalf("key %d: got %+v, want score %v", id, got, score)
		}
		before := c.Stats().Hits
		readOne(t, c, Profile, id)
		if c.Stats().Hits != before {
			return
		}
		if time.Now().After(end) {
			t.Fatalf("key %d was not answered from the cache within %s", id, deadline)
		}
	}
}

// eventually polls c until key id has score, failing after deadline.
func eventually(t *testing.T, c *online.Cache, id int64, score float64) {
	t.Helper()
	end := time.Now().Add(deadline)
	var got online.Result
	for time.Now().Before(end) {
		if got = readOne(t, c, Profile, id); got.Found && got.Values[0] == score {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("key %d still %+v after %s, want score %v", id, got, deadline, score)
}

func testPeerWrite(t *testing.T, _ Shared, a, b *online.Cache) {
	write(t, a, Profile, scoreRow(1, T0, 1))
	cached(t, b, 1, 1)
	cached(t, a, 1, 1)
	write(t, a, Profile, scoreRow(1, T0.Add(time.Minute), 2))
	eventually(t, b, 1, 2)
	write(t, b, Profile, scoreRow(1, T0.Add(2*time.Minute), 3))
	eventually(t, a, 1, 3)
}

func testBareStoreWrite(t *testing.T, sh Shared, a, _ *online.Cache) {
	write(t, a, Profile, scoreRow(7, T0, 1))
	cached(t, a, 7, 1)
	// pitgate materialize writes the store without a cache in front.
	bare := sh.Open(t)
	defer bare.Close()
	write(t, bare, Profile, scoreRow(7, T0.Add(time.Minute), 2))
	eventually(t, a, 7, 2)
}

func testPeerBigBatch(t *testing.T, sh Shared, a, b *online.Cache) {
	if sh.BigBatch == 0 {
		t.Skip("no batch size given for a whole-view invalidation")
	}
	write(t, a, Profile, scoreRow(1000, T0, 1))
	cached(t, b, 1000, 1)
	rows := make([]online.Row, sh.BigBatch)
	for i := range rows {
		rows[i] = scoreRow(int64(1000+i), T0.Add(time.Minute), 2)
	}
	if err := a.Write(context.Background(), Profile, rows); err != nil {
		t.Fatal(err)
	}
	eventually(t, b, 1000, 2)
}

func testKilledSubscription(t *testing.T, sh Shared, a, _ *online.Cache) {
	write(t, a, Profile, scoreRow(5, T0, 1))
	// A cache subscribed after that write's notification was sent: none
	// can arrive late and drop its entry before the silent write below.
	b := openCache(t, sh)
	cached(t, b, 5, 1)
	sh.WriteSilently(t, Profile, []online.Row{scoreRow(5, T0.Add(time.Minute), 2)})
	// The lost notification: b serves its entry until it learns that it
	// may have missed something.
	cached(t, b, 5, 1)
	sh.KillSubscribers(t)
	eventually(t, b, 5, 2)
	// Subscribed again: b caches again and hears new writes.
	end := time.Now().Add(deadline)
	for before := b.Stats().Hits; b.Stats().Hits == before; readOne(t, b, Profile, 5) {
		if time.Now().After(end) {
			t.Fatalf("the cache answers nothing from memory %s after its subscription was killed", deadline)
		}
		time.Sleep(5 * time.Millisecond)
	}
	write(t, a, Profile, scoreRow(5, T0.Add(2*time.Minute), 3))
	eventually(t, b, 5, 3)
}
