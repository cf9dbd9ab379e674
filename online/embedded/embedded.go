package embedded

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/online"
)

// FileName is the store's file inside its directory.
const FileName = "online.db"

// Backend is the bbolt file: one bucket per feature view, keyed by the
// encoded entity, holding the encoded row.
type Backend struct {
	db *bolt.DB
}

var _ online.Backend = (*Backend)(nil)

// Open opens (creating it if needed) the store in directory dir.
func Open(dir string) (online.Store, error) {
	b, err := OpenBackend(dir)
	if err != nil {
		return nil, err
	}
	return online.NewStore(b), nil
}

// OpenBackend opens the backend alone, for callers that wrap it.
func OpenBackend(dir string) (*Backend, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, sqlerr.Wrap(sqlerr.ConnectionFailure, err)
	}
	path := filepath.Join(dir, FileName)
	// The file lock keeps a second process out: one writer, as bbolt needs.
	db, err := bolt.Open(path, 0o600, &bolt.Options{
		Timeout: 2 * time.Second, NoFreelistSync: true,
		// A remap copies every dirty node first (bbolt's dereference):
		// reserve address space, not memory, so that growth rarely remaps.
		InitialMmapSize: 1 << 30,
		PageSize:        pageSize,
	})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, sqlerr.New(sqlerr.ConnectionFailure,
			"online store %s is in use by another process", path).
			WithHint("stop the other pitgate (serve, demo or materialize) using this directory, or point online.path elsewhere")
	}
	if err != nil {
		return nil, sqlerr.New(sqlerr.ConnectionFailure, "cannot open online store %s: %v", path, err)
	}
	db.AllocSize = 64 << 20 // grow the file in large steps
	return &Backend{db: db}, nil
}

// pageSize is the page size of a new file (an existing one keeps its
// own): 16 KiB pages make a materialization's sorted writes a quarter as
// many pages to split, spill and write (one pwrite each at commit) as 4 KiB
// ones, and the tree shallower; a lookup still reads one leaf.
const pageSize = 16 << 10

func bucketName(view string) []byte { return []byte("view:" + view) }

// Put writes all records in one transaction: a crash leaves either all of
// them or none, and each key's compare-and-set is atomic because bbolt
// has one writer at a time.
func (b *Backend) Put(ctx context.Context, recs []online.Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := b.db.Update(func(tx *bolt.Tx) error {
		for lo := 0; lo < len(recs); {
			hi := lo + 1
			for hi < len(recs) && recs[hi].View == recs[lo].View {
				hi++
			}
			bk, err := tx.CreateBucketIfNotExists(bucketName(recs[lo].View))
			if err != nil {
				return err
			}
			bk.FillPercent = 0.9 // keys arrive sorted
			if err := putSorted(bk, recs[lo:hi]); err != nil {
				return err
			}
			lo = hi
		}
		return nil
	})
	if err != nil {
		return sqlerr.New(sqlerr.Internal, "online store write: %v", err)
	}
	return nil
}

// Get reads every key in one read transaction (one consistent snapshot).
func (b *Backend) Get(ctx context.Context, keys []online.RecordKey) ([][]byte, error) {
	out := make([][]byte, len(keys))
	err := b.db.View(func(tx *bolt.Tx) error {
		var bk *bolt.Bucket
		view := "\x00" // no view is named so: the first key looks its bucket up
		for i, k := range keys {
			if k.View != view {
				bk, view = tx.Bucket(bucketName(k.View)), k.View
			}
			if bk == nil {
				continue
			}
			if v := bk.Get(k.Entity); v != nil {
				// bbolt's slice lives only inside the transaction.
				out[i] = append([]byte(nil), v...)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("online store read: %w", err)
	}
	return out, nil
}

// Close closes the file.
func (b *Backend) Close() error { return b.db.Close() }
