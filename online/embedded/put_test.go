package embedded_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/online/embedded"
)

// Put's cursor walk and its skipped lookups past the last key must keep
// the rule: per key the greatest blob, whatever mix of present, absent,
// greater and lesser keys a batch holds.
func TestPutKeepsGreatest(t *testing.T) {
	b, err := embedded.OpenBackend(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	model := map[string][]byte{}
	for round := 0; round < 20; round++ {
		var recs []online.Record
		for k := 0; k < 3000; k++ {
			if rng.IntN(4) != 0 { // sparse batches: walks and seeks both
				continue
			}
			recs = append(recs, online.Record{View: "v", Entity: []byte(fmt.Sprintf("k%06d", k+100*round)),
				Blob: []byte{byte(rng.IntN(8))}})
		}
		if err := b.Put(ctx, recs); err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			if old, ok := model[string(r.Entity)]; !ok || bytes.Compare(r.Blob, old) > 0 {
				model[string(r.Entity)] = r.Blob
			}
		}
	}
	var keys []online.RecordKey
	var want [][]byte
	for k, v := range model {
		keys = append(keys, online.RecordKey{View: "v", Entity: []byte(k)})
		want = append(want, v)
	}
	got, err := b.Get(ctx, keys)
	if err != nil {
		t.Fatal(err)
	}
	for i := range keys {
		if !bytes.Equal(got[i], want[i]) {
			t.Fatalf("key %s: stored %v, want %v", keys[i].Entity, got[i], want[i])
		}
	}
}
