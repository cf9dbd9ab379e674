// Package warehouse defines what pitgate needs from a warehouse: run SQL the
// dialects printed, stream typed rows back, describe tables, and bulk-load
// rows (demo data, client-supplied entity rows). Each connector lives in its
// own subpackage and is the only importer of its SDK.
//
// Invariants: a connector never rewrites the SQL it is given; every error it
// returns carries a SQLSTATE (the warehouse's own where it has one); values
// come back as the Go types listed on Rows.Values, whatever the engine.
package warehouse

import "context"

// Column is one result or table column. Type is a PostgreSQL type name as in
// the registry (bool int2 int4 int8 float4 float8 numeric text bytea date
// timestamp timestamptz interval json jsonb uuid, or one of these with "[]").
type Column struct {
	Name string
	Type string
	// Precision and Scale are set for numeric columns when the engine knows them.
	Precision, Scale int
}

// Rows streams a result. Next advances; Values returns the current row.
//
// Values holds, per column type: bool; int16/int32/int64; float32/float64;
// string (text, numeric as its exact decimal text, json, jsonb, uuid as its
// canonical text); []byte (bytea); time.Time (date at midnight UTC,
// timestamp in UTC, timestamptz as an instant); Interval; []any (arrays);
// nil (NULL).
type Rows interface {
	Columns() []Column
	Next() bool
	Values() []any
	Err() error
	Close() error
}

// Interval is a PostgreSQL-style interval.
type Interval struct {
	Months, Days int32
	Micros       int64
}

// RowSource yields rows for a bulk load; it returns false when done.
type RowSource func(row []any) (more bool, err error)

// Warehouse is a connection to one warehouse.
type Warehouse interface {
	// Dialect names the SQL dialect the warehouse speaks (duckdb, postgres, bigquery, snowflake).
	Dialect() string
	// Query runs one statement and streams its rows.
	Query(ctx context.Context, sql string) (Rows, error)
	// Exec runs statements that return no rows.
	Exec(ctx context.Context, sql string) error
	// Table describes a table or view by its qualified name parts; it
	// returns a 42P01 error when there is none.
	Table(ctx context.Context, name []string) ([]Column, error)
	// Load creates table (replacing it) with cols and fills it from src.
	Load(ctx context.Context, table []string, cols []Column, src RowSource) (rows int64, err error)
	Close() error
}
