package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/online"
)

// Options configure the PostgreSQL store.
type Options struct {
	DSN string
	// Table is the shared table, created if missing; default
	// "pitgate_online" in the DSN's search_path. It may be schema-qualified
	// as Schema.
	Schema, Table string
}

// rowsPerStatement bounds one upsert's arrays (and its lock set).
const rowsPerStatement = 5000

// Backend keeps every view's rows in one table keyed by (feature_view,
// entity): no DDL when a view is added, and a feature service's views are
// read by one statement.
type Backend struct {
	pool         *pgxpool.Pool
	table        string // quoted
	upsert, read string
	channel      string // of invalidations (notify.go)
}

var _ online.Backend = (*Backend)(nil)

// Open connects, creates the table if needed and returns the store.
func Open(ctx context.Context, o Options) (online.Store, error) {
	b, err := OpenBackend(ctx, o)
	if err != nil {
		return nil, err
	}
	return online.NewStore(b), nil
}

// OpenBackend opens the backend alone.
func OpenBackend(ctx context.Context, o Options) (*Backend, error) {
	if o.Table == "" {
		o.Table = "pitgate_online"
	}
	pool, err := pgxpool.New(ctx, o.DSN)
	if err != nil {
		return nil, sqlerr.New(sqlerr.ConnectionFailure, "online store (postgres): %v", err)
	}
	name := pgx.Identifier{o.Table}
	if o.Schema != "" {
		name = pgx.Identifier{o.Schema, o.Table}
	}
	b := &Backend{pool: pool, table: name.Sanitize()}
	b.upsert = fmt.Sprintf(`INSERT INTO %s AS s (feature_view, entity, event_ts, blob)
SELECT * FROM unnest($1::text[], $2::bytea[], $3::timestamptz[], $4::bytea[])
ON CONFLICT (feature_view, entity) DO UPDATE SET event_ts = excluded.event_ts, blob = excluded.blob
WHERE excluded.event_ts > s.event_ts OR (excluded.event_ts = s.event_ts AND excluded.blob > s.blob)`, b.table)
	b.read = fmt.Sprintf(`SELECT k.n, s.blob
FROM unnest($1::text[], $2::bytea[]) WITH ORDINALITY AS k(feature_view, entity, n)
JOIN %s AS s ON s.feature_view = k.feature_view AND s.entity = k.entity`, b.table)
	if err := b.createTable(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	if err := b.initChannel(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return b, nil
}

// createTable is idempotent; two processes creating it at once is fine.
func (b *Backend) createTable(ctx context.Context) error {
	_, err := b.pool.Exec(ctx, `CREATE TABLE IF NOT EXISTS `+b.table+` (
  feature_view text NOT NULL,
  entity bytea NOT NULL,
  event_ts timestamptz NOT NULL,
  blob bytea NOT NULL,
  PRIMARY KEY (feature_view, entity)
)`)
	var pe *pgconn.PgError
	if errors.As(err, &pe) && (pe.Code == "23505" || pe.Code == "42P07") {
		return nil
	}
	return b.fail(err)
}

func (b *Backend) fail(err error) error {
	if err == nil {
		return nil
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return sqlerr.New(pe.Code, "online store (postgres): %s", pe.Message)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return sqlerr.Wrap(sqlerr.QueryCanceled, err)
	}
	return sqlerr.New(sqlerr.ConnectionFailure, "online store (postgres): %v", err).
		WithHint("check that PostgreSQL is reachable at online.dsn")
}

// Put upserts all records in one transaction. Records arrive sorted by key,
// so concurrent writers lock rows in one order; a deadlock or
// serialization failure all the same is retried.
func (b *Backend) Put(ctx context.Context, recs []online.Record) error {
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		if err = b.putOnce(ctx, recs); !retryable(err) {
			break
		}
		time.Sleep(time.Duration(attempt+1) * 10 * time.Millisecond)
	}
	return b.fail(err)
}

func (b *Backend) putOnce(ctx context.Context, recs []online.Record) error {
	return pgx.BeginFunc(ctx, b.pool, func(tx pgx.Tx) error {
		for lo := 0; lo < len(recs); lo += rowsPerStatement {
			part := recs[lo:min(lo+rowsPerStatement, len(recs))]
			views := make([]string, len(part))
			entities := make([][]byte, len(part))
			times := make([]time.Time, len(part))
			blobs := make([][]byte, len(part))
			for i, r := range part {
				views[i], entities[i], times[i], blobs[i] = r.View, r.Entity, r.EventTS, r.Blob
			}
			if _, err := tx.Exec(ctx, b.upsert, views, entities, times, blobs); err != nil {
				return err
			}
		}
		return b.notify(ctx, tx, recs)
	})
}

func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40P01" || pe.Code == "40001")
}

// Get reads every key with one statement.
func (b *Backend) Get(ctx context.Context, keys []online.RecordKey) ([][]byte, error) {
	views := make([]string, len(keys))
	entities := make([][]byte, len(keys))
	for i, k := range keys {
		views[i], entities[i] = k.View, k.Entity
	}
	rows, err := b.pool.Query(ctx, b.read, views, entities)
	if err != nil {
		return nil, b.fail(err)
	}
	defer rows.Close()
	out := make([][]byte, len(keys))
	for rows.Next() {
		var n int64
		var blob []byte
		if err := rows.Scan(&n, &blob); err != nil {
			return nil, b.fail(err)
		}
		out[n-1] = blob
	}
	return out, b.fail(rows.Err())
}

// Close closes the pool.
func (b *Backend) Close() error {
	b.pool.Close()
	return nil
}
