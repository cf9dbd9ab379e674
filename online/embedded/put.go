package embedded

import (
	"bytes"
	"sort"

	bolt "go.etcd.io/bbolt"

	"github.com/pitgate/pitgate/online"
)

// walkSteps is how far a cursor walks forward to the next record's key
// before seeking it from the root instead.
const walkSteps = 4

// putSorted writes recs (sorted by entity, one per key) into bk, each
// unless bk holds a greater or equal blob. Keys past the bucket's last are
// new and written without a lookup (the first materialization, new
// entities); the others are found by walking one cursor along the sorted
// keys, which a re-run that writes nothing does without a single search.
func putSorted(bk *bolt.Bucket, recs []online.Record) error {
	fresh := len(recs)
	if last, _ := bk.Cursor().Last(); last != nil {
		fresh = sort.Search(len(recs), func(i int) bool { return bytes.Compare(recs[i].Entity, last) > 0 })
	}
	c := bk.Cursor()
	var k, v []byte
	positioned := false // k, v are the cursor's, at the first key >= the last record's
	for i := 0; i < fresh; i++ {
		r := &recs[i]
		k, v, positioned = seekFrom(c, k, v, positioned, r.Entity)
		if k != nil && bytes.Equal(k, r.Entity) && !online.Greater(r.Blob, v) {
			continue
		}
		if err := bk.Put(r.Entity, r.Blob); err != nil {
			return err
		}
		positioned = false // a write invalidates the cursor
	}
	for i := fresh; i < len(recs); i++ {
		if err := bk.Put(recs[i].Entity, recs[i].Blob); err != nil {
			return err
		}
	}
	return nil
}

// seekFrom moves c to the first key >= key: a few steps forward from
// where it is when that suffices, else a seek.
func seekFrom(c *bolt.Cursor, k, v []byte, positioned bool, key []byte) ([]byte, []byte, bool) {
	if positioned {
		for step := 0; k != nil && step < walkSteps; step++ {
			if bytes.Compare(k, key) >= 0 {
				return k, v, true
			}
			k, v = c.Next()
		}
		if k == nil {
			return nil, nil, true // past the end: no key >= key
		}
	}
	k, v = c.Seek(key)
	return k, v, true
}
