package online

import (
	"context"

	"github.com/pitgate/pitgate/registry"
)

// recordWriter is a Store that also takes rows already encoded: the typed
// store over a backend. Materialization into one encodes each batch on
// its reading goroutine, so that the writing goroutine only writes (two
// cores share the work instead of one doing both). The Cache is none: its
// writes also invalidate, and go through Store.Write.
type recordWriter interface {
	writeRecords(ctx context.Context, recs []Record) error
}

func (s *typedStore) writeRecords(ctx context.Context, recs []Record) error {
	if len(recs) == 0 {
		return nil
	}
	return s.b.Put(ctx, recs)
}

// batch is one store write of materialization: its rows, and their
// records when the store takes them encoded.
type batch struct {
	rows []Row
	recs []Record
}

// prepare encodes rows when the store takes records.
func (m *Materializer) prepare(v *registry.FeatureView, rows []Row) (batch, error) {
	if _, ok := m.Store.(recordWriter); !ok {
		return batch{rows: rows}, nil
	}
	recs, err := encodeBatch(v, rows)
	return batch{rows: rows, recs: recs}, err
}

// writeGroup writes batches in order: into a store taking records as one
// write (one transaction of the embedded store), else one write a batch.
// It returns the rows written.
func (m *Materializer) writeGroup(ctx context.Context, v *registry.FeatureView, group []batch) (int64, error) {
	var n int64
	for _, b := range group {
		n += int64(len(b.rows))
	}
	if rw, ok := m.Store.(recordWriter); ok {
		return n, rw.writeRecords(ctx, mergeRecords(group))
	}
	for _, b := range group {
		if err := m.Store.Write(ctx, v, b.rows); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// mergeRecords joins the batches' records, each batch sorted and one per
// key, into one such list. The query returns rows sorted by key, so the
// batches follow each other; where they do not (rows tied on a key across
// two batches, keys the warehouse orders otherwise than their encoding)
// the list is sorted again, keeping each key's greatest blob.
func mergeRecords(group []batch) []Record {
	if len(group) == 1 {
		return group[0].recs
	}
	total := 0
	for _, b := range group {
		total += len(b.recs)
	}
	out := make([]Record, 0, total)
	sorted := true
	for _, b := range group {
		if len(out) > 0 && len(b.recs) > 0 && compareKey(out[len(out)-1], b.recs[0]) >= 0 {
			sorted = false
		}
		out = append(out, b.recs...)
	}
	if !sorted {
		out = sortAndDedupe(out)
	}
	return out
}
