package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/online"
)

// StateOptions configure the materialization state kept in PostgreSQL
// (state: {type: postgres, dsn}).
type StateOptions struct {
	DSN string
	// Table is created if missing; default "pitgate_state" in the DSN's
	// search_path, optionally in Schema.
	Schema, Table string
	// Name is the document's row; default "materialized". Gateways that
	// share a Name share their materialized intervals.
	Name string
}

// StateBackend keeps online.State's JSON document in one row of a table
// (name text PRIMARY KEY, doc jsonb, updated timestamptz): several
// gateways and `pitgate materialize` runs then share one state. An Update
// locks the row (SELECT ... FOR UPDATE) for its read-modify-write, so
// concurrent Records in any number of processes all land.
type StateBackend struct {
	pool  *pgxpool.Pool
	table string // quoted
	name  string
}

var _ online.StateBackend = (*StateBackend)(nil)

// OpenState connects, creates the table if needed and returns the state.
// Close the returned backend when done.
func OpenState(ctx context.Context, o StateOptions) (*online.State, *StateBackend, error) {
	if o.Table == "" {
		o.Table = "pitgate_state"
	}
	if o.Name == "" {
		o.Name = "materialized"
	}
	pool, err := pgxpool.New(ctx, o.DSN)
	if err != nil {
		return nil, nil, sqlerr.New(sqlerr.ConnectionFailure, "materialization state (postgres): %v", err)
	}
	id := pgx.Identifier{o.Table}
	if o.Schema != "" {
		id = pgx.Identifier{o.Schema, o.Table}
	}
	b := &StateBackend{pool: pool, table: id.Sanitize(), name: o.Name}
	_, err = pool.Exec(ctx, `CREATE TABLE IF NOT EXISTS `+b.table+
		` (name text PRIMARY KEY, doc jsonb NOT NULL, updated timestamptz NOT NULL DEFAULT now())`)
	// Two processes creating the table at once: one gets 23505 or 42P07.
	var pe *pgconn.PgError
	if err != nil && !(errors.As(err, &pe) && (pe.Code == "23505" || pe.Code == "42P07")) {
		pool.Close()
		return nil, nil, b.fail(err)
	}
	st, err := online.NewState(b)
	if err != nil {
		pool.Close()
		return nil, nil, err
	}
	return st, b, nil
}

// Where names the document in messages.
func (b *StateBackend) Where() string {
	return fmt.Sprintf("postgres table %s, row %q", b.table, b.name)
}

// Load returns the document, nil when there is none yet.
func (b *StateBackend) Load(ctx context.Context) ([]byte, error) {
	var doc []byte
	err := b.pool.QueryRow(ctx, `SELECT doc::text FROM `+b.table+` WHERE name = $1`, b.name).Scan(&doc)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, b.fail(err)
	}
	return doc, nil
}

// Update runs change on the document under the row's lock and writes its
// result, in one transaction.
func (b *StateBackend) Update(ctx context.Context, change func(old []byte) ([]byte, error)) error {
	err := pgx.BeginFunc(ctx, b.pool, func(tx pgx.Tx) error {
		// The row must exist to be locked; a concurrent insert of it waits
		// for ours (or we for its) and then finds it.
		if _, err := tx.Exec(ctx, `INSERT INTO `+b.table+` (name, doc) VALUES ($1, 'null') ON CONFLICT (name) DO NOTHING`,
			b.name); err != nil {
			return err
		}
		var old []byte
		if err := tx.QueryRow(ctx, `SELECT doc::text FROM `+b.table+` WHERE name = $1 FOR UPDATE`, b.name).Scan(&old); err != nil {
			return err
		}
		if string(old) == "null" {
			old = nil
		}
		doc, err := change(old)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE `+b.table+` SET doc = $2::jsonb, updated = now() WHERE name = $1`, b.name, string(doc))
		return err
	})
	var se *sqlerr.Error
	if err != nil && !errors.As(err, &se) {
		return b.fail(err)
	}
	return err
}

// Close releases the connections.
func (b *StateBackend) Close() { b.pool.Close() }

func (b *StateBackend) fail(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return sqlerr.New(pe.Code, "materialization state (%s): %s", b.Where(), pe.Message)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return sqlerr.Wrap(sqlerr.QueryCanceled, err)
	}
	return sqlerr.New(sqlerr.ConnectionFailure, "materialization state (%s): %v", b.Where(), err).
		WithHint("check that PostgreSQL is reachable at state.dsn")
}

// OpenDatasets keeps the saved datasets' records (online.Datasets) in the
// row "datasets" (o.Name) of the state table of o, created if missing.
// Close the returned backend when done.
func OpenDatasets(ctx context.Context, o StateOptions) (*online.Datasets, *StateBackend, error) {
	if o.Name == "" {
		o.Name = "datasets"
	}
	// OpenState connects and creates the table; its own row, another
	// name's, is only read, never written.
	_, b, err := OpenState(ctx, StateOptions{DSN: o.DSN, Schema: o.Schema, Table: o.Table, Name: o.Name})
	if err != nil {
		return nil, nil, err
	}
	ds, err := online.NewDatasets(b)
	if err != nil {
		b.Close()
		return nil, nil, err
	}
	return ds, b, nil
}
