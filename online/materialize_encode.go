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

func (m *Materializer) write(ctx context.Context, v *registry.FeatureView, b batch) error {
	if rw, ok := m.Store.(recordWriter); ok {
		return rw.writeRecords(ctx, b.recs)
	}
	return m.Store.Write(ctx, v, b.rows)
}
