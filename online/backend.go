package online

import (
	"bytes"
	"context"
	"slices"
	"time"
)

// Record is one encoded row as a Backend stores it.
type Record struct {
	View string
	// Entity is EncodeEntity of the row's key.
	Entity []byte
	// Blob is the encoded row (see blob.go). Blobs of one key compare
	// byte-wise in the order of the tie rule: the greater blob wins.
	Blob []byte
	// EventTS is the row's event time, also at the start of Blob, for
	// backends that keep it beside the blob.
	EventTS time.Time
}

// RecordKey names one stored record.
type RecordKey struct {
	View   string
	Entity []byte
}

// Backend is what a store implementation provides: bytes in, bytes out.
// The typed Store on top (NewStore) encodes, validates and decodes.
type Backend interface {
	// Put stores each record unless the backend holds a greater or equal
	// Blob for its key, comparing atomically with the write (server-side
	// where there is a server). recs are sorted by (View, Entity) with one
	// record per key. All of recs are applied, or none where the backend
	// has transactions (embedded, postgres; redis applies them in one
	// MULTI/EXEC).
	Put(ctx context.Context, recs []Record) error
	// Get returns the stored blob of each key, nil where there is none, in
	// one round trip.
	Get(ctx context.Context, keys []RecordKey) ([][]byte, error)
	Close() error
}

// Greater reports whether blob a wins over blob b: the one comparison
// every backend makes (byte-wise, as bytea compares in PostgreSQL).
func Greater(a, b []byte) bool { return bytes.Compare(a, b) > 0 }

// sortAndDedupe orders records by key and keeps, per key, the greatest
// blob: the backends' batch statements then touch each key once, in one
// order (no upsert of the same key twice, no lock-order deadlocks).
func sortAndDedupe(recs []Record) []Record {
	slices.SortFunc(recs, func(a, b Record) int {
		if c := compareKey(a, b); c != 0 {
			return c
		}
		return -bytes.Compare(a.Blob, b.Blob) // greatest first, kept below
	})
	return slices.CompactFunc(recs, func(a, b Record) bool { return compareKey(a, b) == 0 })
}

func compareKey(a, b Record) int {
	if a.View != b.View {
		if a.View < b.View {
			return -1
		}
		return 1
	}
	return bytes.Compare(a.Entity, b.Entity)
}
