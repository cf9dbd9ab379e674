package online_test

import (
	"context"
	"testing"

	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/online/onlinetest"
)

// A whole-view invalidation drops that view's entries and no other's.
func TestInvalidateView(t *testing.T) {
	c := newCache(t, openEmbedded(t), 100)
	defer c.Close()
	ctx := context.Background()
	keys := []online.Key{{int64(1)}, {int64(2)}}
	views := []*online.Lookup{{View: onlinetest.Stats, Keys: keys}, {View: onlinetest.Profile, Keys: keys}}
	for _, lk := range views {
		if _, err := c.Read(ctx, []online.Lookup{*lk}); err != nil {
			t.Fatal(err)
		}
	}
	c.ApplyInvalidation(online.Invalidation{View: onlinetest.Stats.Name, All: true})
	for i, wantHits := range []uint64{0, 2} {
		before := c.Stats().Hits
		if _, err := c.Read(ctx, []online.Lookup{*views[i]}); err != nil {
			t.Fatal(err)
		}
		if got := c.Stats().Hits - before; got != wantHits {
			t.Errorf("view %s: %d hits after invalidating view stats, want %d", views[i].View.Name, got, wantHits)
		}
	}
}
