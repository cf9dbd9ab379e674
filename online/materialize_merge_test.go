package online

import (
	"slices"
	"testing"
)

// mergeRecords joins batches in key order as they are, and sorts again
// (keeping each key's greatest blob) when two batches overlap.
func TestMergeRecords(t *testing.T) {
	rec := func(key, blob byte) Record { return Record{View: "v", Entity: []byte{key}, Blob: []byte{blob}} }
	b := func(recs ...Record) batch { return batch{recs: recs} }
	for _, c := range []struct {
		name  string
		group []batch
		want  []Record
	}{
		{"one batch", []batch{b(rec(1, 0), rec(2, 0))}, []Record{rec(1, 0), rec(2, 0)}},
		{"in order", []batch{b(rec(1, 0)), b(), b(rec(2, 0), rec(3, 0))}, []Record{rec(1, 0), rec(2, 0), rec(3, 0)}},
		{"a key in two batches", []batch{b(rec(1, 0), rec(2, 1)), b(rec(2, 5), rec(3, 0))},
			[]Record{rec(1, 0), rec(2, 5), rec(3, 0)}},
		{"out of order", []batch{b(rec(3, 0)), b(rec(1, 0), rec(3, 2))}, []Record{rec(1, 0), rec(3, 2)}},
	} {
		got := mergeRecords(c.group)
		if !slices.EqualFunc(got, c.want, func(a, b Record) bool {
			return compareKey(a, b) == 0 && string(a.Blob) == string(b.Blob)
		}) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}
