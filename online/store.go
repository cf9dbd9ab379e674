package online

import (
	"context"
	"time"

	"github.com/pitgate/pitgate/registry"
)

// Key is one entity key: the values of a view's join keys, in the order of
// FeatureView.JoinKeys(). Integers of any width are the same key (int4 1001
// equals int8 1001); see EncodeEntity for the other types.
type Key []any

// Row is one write: the latest feature values of one entity key.
type Row struct {
	Key     Key
	EventTS time.Time
	// Created is the source's created timestamp, the first tie-break when
	// two rows have the same EventTS; the zero time means none (NULL).
	Created time.Time
	// Values holds one value per feature of the view, in the view's order;
	// nil is NULL. Go types as in warehouse.Rows (int64 or any integer for
	// int8, float64 for float8, string for text/numeric/json/uuid, ...).
	Values []any
}

// Lookup asks for some entity keys of one view.
type Lookup struct {
	View *registry.FeatureView
	Keys []Key
}

// Result is what a store holds for one requested key.
type Result struct {
	// Found is false when the store holds nothing for the key (never
	// written, a NULL in the key, or written under an earlier definition of
	// the view); EventTS and Values are then zero.
	Found   bool
	EventTS time.Time
	// Values has one value per feature of the view, in the view's order, as
	// the Go types of warehouse.Rows.Values (int2 int16, int4 int32, int8
	// int64, float4 float32, float8 float64, text/numeric/json/jsonb/uuid
	// string, bytea []byte, date/timestamp/timestamptz time.Time in UTC,
	// arrays []any, NULL nil). It may be shared with other readers: treat it
	// as read-only.
	Values []any
}

// Expired reports whether r is older than the view's ttl at now: such a row
// comes back with NULL features (DESIGN §2.3). The bound is inclusive, as
// in point-in-time joins: a row exactly ttl old is still fresh.
func (r Result) Expired(v *registry.FeatureView, now time.Time) bool {
	return r.Found && v.TTL > 0 && r.EventTS.Before(now.Add(-v.TTL))
}

// Store is an online store: for each (view, entity key) it keeps only the
// row that ranks first by the tie rule of DESIGN §2.2 (greatest EventTS,
// then greatest Created with none losing, then the features in declared
// order, greatest first, NULL losing). A write that ranks lower than what
// is stored, an older one in particular, changes nothing.
//
// Implementations are safe for concurrent use.
type Store interface {
	// Write stores rows of one view. Every row is validated before any is
	// written; a row with a NULL in its key is an error (23502).
	Write(ctx context.Context, view *registry.FeatureView, rows []Row) error
	// Read answers every lookup in one round trip to the store: out[i][j]
	// is the result for lookups[i].Keys[j], in request order.
	Read(ctx context.Context, lookups []Lookup) ([][]Result, error)
	Close() error
}
