package online

import (
	"context"
	"slices"
	"time"

	"github.com/pitgate/pitgate/registry"
)

// NewStore puts the typed Store on a backend: it validates and encodes
// rows, encodes keys, and decodes what the backend returns.
func NewStore(b Backend) Store { return &typedStore{b: b} }

type typedStore struct{ b Backend }

func (s *typedStore) Write(ctx context.Context, v *registry.FeatureView, rows []Row) error {
	recs, err := encodeBatch(v, rows) // EncodeRows in shared buffers
	if err != nil || len(recs) == 0 {
		return err
	}
	return s.b.Put(ctx, recs)
}

// EncodeRows validates and encodes rows of one view into records sorted by
// key, keeping per key the row that ranks first.
func EncodeRows(v *registry.FeatureView, rows []Row) ([]Record, error) {
	l := layoutOf(v)
	recs := make([]Record, len(rows))
	for i, row := range rows {
		entity, err := EncodeEntity(v, row.Key)
		if err != nil {
			return nil, err
		}
		blob, err := encodeRow(v, l, row)
		if err != nil {
			return nil, err
		}
		recs[i] = Record{View: v.Name, Entity: entity, Blob: blob, EventTS: time.UnixMicro(row.EventTS.UnixMicro()).UTC()}
	}
	return sortAndDedupe(recs), nil
}

func (s *typedStore) Read(ctx context.Context, lookups []Lookup) ([][]Result, error) {
	out := newResults(lookups)
	var keys []RecordKey
	var where [][2]int // (lookup, key) of each backend key
	for i, lk := range lookups {
		for j, key := range lk.Keys {
			if slices.Contains(key, nil) {
				continue // a NULL names no entity: not found
			}
			entity, err := EncodeEntity(lk.View, key)
			if err != nil {
				return nil, err
			}
			keys = append(keys, RecordKey{View: lk.View.Name, Entity: entity})
			where = append(where, [2]int{i, j})
		}
	}
	if len(keys) == 0 {
		return out, nil
	}
	blobs, err := s.b.Get(ctx, keys)
	if err != nil {
		return nil, err
	}
	for n, blob := range blobs {
		if blob == nil {
			continue
		}
		i, j := where[n][0], where[n][1]
		v := lookups[i].View
		if out[i][j], _, err = decodeBlob(v, layoutOf(v), blob); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *typedStore) Close() error { return s.b.Close() }

// newResults allocates the answer of lookups in two allocations.
func newResults(lookups []Lookup) [][]Result {
	n := 0
	for _, lk := range lookups {
		n += len(lk.Keys)
	}
	flat := make([]Result, n)
	out := make([][]Result, len(lookups))
	for i, lk := range lookups {
		out[i], flat = flat[:len(lk.Keys):len(lk.Keys)], flat[len(lk.Keys):]
	}
	return out
}
