package dialects

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
)

// Dialect is what differs between warehouses' SQL.
type Dialect interface {
	// Name is the dialect's name as used in configuration and EXPLAIN (DIALECT d).
	Name() string
	// QuoteIdent quotes one identifier part.
	QuoteIdent(name string) string
	// String prints a string literal.
	String(s string) string
	// TypeName prints a PostgreSQL type (with modifiers, "[]" arrays) in the dialect.
	TypeName(t plan.Type) (string, error)
	// Cast prints CAST(x AS t).
	Cast(x string, t plan.Type) (string, error)
	// MinusDuration prints ts minus an exact duration (never calendar units).
	MinusDuration(ts string, d time.Duration) string
	// Func prints a call of a PostgreSQL function with already printed args.
	Func(name string, args []string) (string, error)
	// Special prints CURRENT_TIMESTAMP, CURRENT_DATE, ...
	Special(name string) (string, error)
	// HasQualify reports whether the dialect has QUALIFY.
	HasQualify() bool
	// Bytes prints a binary literal (bytea).
	Bytes(b []byte) string
	// BinaryOp prints "l op r" where the dialect must spell it differently
	// to keep PostgreSQL's meaning; ok false means the plain spelling.
	BinaryOp(op, l, r string) (sql string, ok bool)
	// OrderKey prints a key of the ASOF winner's ORDER BY, a column of type
	// t, so that it orders as the contract says: text byte-wise.
	OrderKey(sql string, t plan.Type) string
}

// OrderKey is the identity: DuckDB compares text byte-wise already
// (internal/difftest checks this premise).
func (DuckDB) OrderKey(sql string, _ plan.Type) string { return sql }

// ByName returns the dialect with that name.
func ByName(name string) (Dialect, error) {
	switch strings.ToLower(name) {
	case "duckdb":
		return DuckDB{}, nil
	case "postgres":
		return Postgres{}, nil
	case "bigquery":
		return BigQuery{}, nil
	case "snowflake":
		return Snowflake{}, nil
	}
	return nil, sqlerr.New(sqlerr.InvalidParameter, "unknown dialect %q", name).
		WithHint("known dialects: %s", strings.Join(Names(), ", "))
}

// Names lists the known dialects.
func Names() []string {
	names := []string{"bigquery", "duckdb", "postgres", "snowflake"}
	sort.Strings(names)
	return names
}

// splitType parses "numeric(10,2)[]" into base "numeric", mods "10,2", array true.
func splitType(t plan.Type) (base, mods string, array bool) {
	s := strings.TrimSpace(strings.ToLower(string(t)))
	if strings.HasSuffix(s, "[]") {
		array = true
		s = strings.TrimSuffix(s, "[]")
	}
	if i := strings.IndexByte(s, '('); i >= 0 && strings.HasSuffix(s, ")") {
		base, mods = strings.TrimSpace(s[:i]), s[i+1:len(s)-1]
		return base, strings.ReplaceAll(mods, " ", ""), array
	}
	return s, "", array
}

// canonicalType maps PostgreSQL's type spellings to the short names.
var canonicalType = map[string]string{
	"boolean": "bool", "smallint": "int2", "integer": "int4", "int": "int4", "bigint": "int8",
	"real": "float4", "double precision": "float8", "float": "float8", "decimal": "numeric",
	"character varying": "varchar", "character": "bpchar", "char": "bpchar",
	"timestamp without time zone": "timestamp", "timestamp with time zone": "timestamptz",
	"time without time zone": "time", "time with time zone": "timetz",
}

func canonical(base string) string {
	if c, ok := canonicalType[base]; ok {
		return c
	}
	return base
}

func unsupportedType(d Dialect, t plan.Type) error {
	return sqlerr.New(sqlerr.FeatureNotSupported, "type %s is not supported by the %s dialect", t, d.Name())
}

func unsupportedFunc(d Dialect, name string) error {
	return sqlerr.New(sqlerr.FeatureNotSupported, "function %s is not supported by the %s dialect", name, d.Name())
}

// callSQL prints name(args) with the name quoted only when it must be.
func callSQL(d Dialect, name string, args []string) string {
	return identOrQuoted(d, name) + "(" + strings.Join(args, ", ") + ")"
}

func identOrQuoted(d Dialect, name string) string {
	for i, r := range name {
		ok := r == '_' || (r >= 'a' && r <= 'z') || (i > 0 && r >= '0' && r <= '9')
		if !ok {
			return d.QuoteIdent(name)
		}
	}
	if name == "" {
		return d.QuoteIdent(name)
	}
	return name
}

func durationSeconds(d time.Duration) (secs int64, whole bool) {
	return int64(d / time.Second), d%time.Second == 0
}

func fmtMicros(d time.Duration) string { return fmt.Sprint(d.Microseconds()) }
