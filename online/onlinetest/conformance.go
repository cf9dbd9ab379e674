package onlinetest

import (
	"context"
	"testing"

	"github.com/pitgate/pitgate/online"
)

// Factory opens a fresh, empty store for t; Run closes it.
type Factory func(t *testing.T) online.Store

// Run is the conformance suite: every online store (and the cache in
// front of one) must pass it.
func Run(t *testing.T, open Factory) {
	cases := []struct {
		name string
		run  func(t *testing.T, s online.Store)
	}{
		{"latest event time wins", testLatestWins},
		{"older write ignored", testOlderIgnored},
		{"ties follow the tie rule", testTies},
		{"multi-column keys", testMultiColumnKeys},
		{"every type and NULL round-trip", testTypes},
		{"unknown keys", testUnknownKeys},
		{"many views in one read", testManyViews},
		{"invalid batch writes nothing", testInvalidBatch},
		{"rewrite is idempotent", testIdempotent},
		{"concurrent writers and readers", testConcurrent},
		{"batch of 10k keys", testBigBatch},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("close: %v", err)
				}
			})
			c.run(t, s)
		})
	}
}

func write(t *testing.T, s online.Store, v viewRef, rows ...online.Row) {
	t.Helper()
	if err := s.Write(context.Background(), v, rows); err != nil {
		t.Fatalf("write %s: %v", v.Name, err)
	}
}

func readOne(t *testing.T, s online.Store, v viewRef, key ...any) online.Result {
	t.Helper()
	res, err := s.Read(context.Background(), []online.Lookup{{View: v, Keys: []online.Key{key}}})
	if err != nil {
		t.Fatalf("read %s %v: %v", v.Name, key, err)
	}
	if len(res) != 1 || len(res[0]) != 1 {
		t.Fatalf("read %s %v: got %d lookups", v.Name, key, len(res))
	}
	return res[0][0]
}
