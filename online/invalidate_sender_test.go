package online

import (
	"context"
	"testing"
)

// A message without a sender, or from an older pitgate (pitgate1), names
// no sender: every cache applies it.
func TestInvalidationSender(t *testing.T) {
	recs := records("a", 2)
	for _, c := range []struct{ sender, want string }{{"", ""}, {"c1", "c1"}} {
		for _, m := range InvalidationMessages(c.sender, recs, 1000, 10) {
			inv, ok := ParseInvalidation(m)
			if !ok || inv.Sender != c.want || len(inv.Entities) != 2 {
				t.Errorf("sender %q: %q parsed as %+v, %v", c.sender, m, inv, ok)
			}
		}
	}
	inv, ok := ParseInvalidation("pitgate1 YQ *")
	if !ok || !inv.All || inv.View != "a" || inv.Sender != "" {
		t.Errorf("the older format: %+v, %v", inv, ok)
	}
	if SenderOf(context.Background()) != "" || SenderOf(WithSender(context.Background(), "x")) != "x" {
		t.Error("WithSender/SenderOf do not round-trip")
	}
}

// A cache skips the notification of its own write (Cache.Write already
// invalidated those keys) and applies every other.
func TestCacheSkipsOwnInvalidation(t *testing.T) {
	c, err := NewCache(nil, CacheOptions{MaxEntries: 100}) // no store: nothing is read
	if err != nil {
		t.Fatal(err)
	}
	defer c.c.StopAllGoroutines()
	e, err := EncodeEntity(invView, Key{int64(1)})
	if err != nil {
		t.Fatal(err)
	}
	recs := []Record{{View: invView.Name, Entity: e}}
	ck := entityCacheKey(invView.Name, e)
	sub := &cacheSubscriber{c: c}
	for _, step := range []struct {
		sender string
		kept   bool
	}{{c.sender, true}, {"another", false}, {"", false}} {
		c.c.Set(ck, Result{Found: true})
		gen := c.gen(ck).Load()
		for _, m := range InvalidationMessages(step.sender, recs, 1000, 10) {
			Deliver(sub, m)
		}
		_, kept := c.c.GetIfPresent(ck)
		if kept != step.kept || (c.gen(ck).Load() == gen) != step.kept {
			t.Errorf("notification from %q (own %q): entry kept %v, generation kept %v; want %v",
				step.sender, c.sender, kept, c.gen(ck).Load() == gen, step.kept)
		}
	}
}
