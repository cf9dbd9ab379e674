package online

import (
	"slices"
	"strings"
	"testing"

	"github.com/pitgate/pitgate/registry"
)

var invView = &registry.FeatureView{
	Name:     "inv",
	Entities: []*registry.Entity{{Name: "driver", JoinKeys: []string{"driver_id"}}},
	Features: []*registry.Feature{{Name: "x", Type: registry.Type{Base: "float8"}}},
}

// The cache keys an invalidation names must be the cache's own.
func TestEntityCacheKey(t *testing.T) {
	for _, key := range []Key{{int64(1)}, {int64(-7)}, {"a b"}} {
		e, err := EncodeEntity(invView, key)
		if err != nil {
			t.Fatal(err)
		}
		want, err := cacheKey(invView, key)
		if err != nil {
			t.Fatal(err)
		}
		if got := entityCacheKey(invView.Name, e); got != want {
			t.Errorf("key %v: entityCacheKey %q, cacheKey %q", key, got, want)
		}
	}
}

func records(view string, n int) []Record {
	recs := make([]Record, n)
	for i := range recs {
		e, _ := EncodeEntity(invView, Key{int64(i)})
		recs[i] = Record{View: view, Entity: e}
	}
	return recs
}

func TestInvalidationMessagesRoundTrip(t *testing.T) {
	recs := append(records("a", 300), records("b z", 2)...)
	msgs := InvalidationMessages("c1", recs, 1000, 10)
	var got []Record
	for _, m := range msgs {
		if len(m) > 1000 {
			t.Fatalf("message of %d bytes, limit 1000", len(m))
		}
		if strings.ContainsRune(m, 0) {
			t.Fatal("a message holds a NUL byte, which NOTIFY refuses")
		}
		inv, ok := ParseInvalidation(m)
		if !ok || inv.All || inv.Sender != "c1" {
			t.Fatalf("message %.40q: ok %v, all %v, sender %q", m, ok, inv.All, inv.Sender)
		}
		for _, e := range inv.Entities {
			got = append(got, Record{View: inv.View, Entity: e})
		}
	}
	if !slices.EqualFunc(got, recs, func(a, b Record) bool { return compareKey(a, b) == 0 }) {
		t.Fatalf("decoded %d keys, want the %d written, in order", len(got), len(recs))
	}
}

func TestInvalidationMessagesTooManyIsWholeView(t *testing.T) {
	msgs := InvalidationMessages("", append(records("a", 3000), records("b", 1)...), 1000, 4)
	if len(msgs) != 2 {
		t.Fatalf("got %d messages, want one for each view", len(msgs))
	}
	if inv, ok := ParseInvalidation(msgs[0]); !ok || !inv.All || inv.View != "a" {
		t.Fatalf("first message %q: want all of view a", msgs[0])
	}
	if inv, ok := ParseInvalidation(msgs[1]); !ok || inv.All || len(inv.Entities) != 1 {
		t.Fatalf("second message %q: want one key of view b", msgs[1])
	}
}

func TestParseInvalidationRejects(t *testing.T) {
	for _, m := range []string{"", "pitgate1", "pitgate2 YQ *", "pitgate2  YQ *", "pitgate1 c1 YQ *", "pitgate1 YQ", "pitgate1 !! *", "pitgate1 YQ a,,b"} {
		if _, ok := ParseInvalidation(m); ok {
			t.Errorf("%q parsed", m)
		}
	}
}
