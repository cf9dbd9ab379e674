package dialects

import (
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/pitgate/pitgate/plan"
)

// DuckDB is the dialect of the embedded warehouse. The connector sets
// TimeZone=UTC and integer_division=true so that DuckDB computes like
// PostgreSQL where the two differ.
//
// ASOF joins use DuckDB's own ASOF join on the feature rows' (keys, ts)
// and then fetch the winning row (pit_pick.go), except known_at joins,
// which use the window strategy (pit.go); Window selects the window
// strategy for every join, Dedup the ASOF join after removing ties from
// the whole feature table (duckdb_asof.go).
type DuckDB struct {
	Window bool
	Dedup  bool
}

func (DuckDB) Name() string     { return "duckdb" }
func (DuckDB) HasQualify() bool { return true }

// Bytes is from_hex: DuckDB reads '\x00ff' as escapes, not PostgreSQL's hex.
func (DuckDB) Bytes(b []byte) string { return "from_hex('" + hex.EncodeToString(b) + "')" }

func (DuckDB) String(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

func (DuckDB) QuoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

var duckTypes = map[string]string{
	"bool": "BOOLEAN", "int2": "SMALLINT", "int4": "INTEGER", "int8": "BIGINT",
	"float4": "FLOAT", "float8": "DOUBLE", "text": "VARCHAR", "varchar": "VARCHAR",
	"bpchar": "VARCHAR", "name": "VARCHAR", "bytea": "BLOB", "date": "DATE", "time": "TIME",
	"timestamp": "TIMESTAMP", "timestamptz": "TIMESTAMPTZ", "interval": "INTERVAL",
	"json": "JSON", "jsonb": "JSON", "uuid": "UUID", "oid": "UINTEGER",
}

func (d DuckDB) TypeName(t plan.Type) (string, error) {
	base, mods, array := splitType(t)
	base = canonical(base)
	var name string
	switch {
	case base == "numeric" && mods != "":
		name = "DECIMAL(" + mods + ")"
	case base == "numeric":
		// PostgreSQL's unconstrained numeric; DuckDB's default DECIMAL(18,3) would round.
		name = "DECIMAL(38,10)"
	default:
		n, ok := duckTypes[base]
		if !ok {
			return "", unsupportedType(d, t)
		}
		name = n
	}
	if array {
		name += "[]"
	}
	return name, nil
}

func (d DuckDB) Cast(x string, t plan.Type) (string, error) {
	name, err := d.TypeName(t)
	if err != nil {
		return "", err
	}
	return "CAST(" + x + " AS " + name + ")", nil
}

func (DuckDB) MinusDuration(ts string, dur time.Duration) string {
	if secs, whole := durationSeconds(dur); whole {
		return fmt.Sprintf("(%s - INTERVAL '%d seconds')", ts, secs)
	}
	return fmt.Sprintf("(%s - to_microseconds(%s))", ts, fmtMicros(dur))
}

// duckFuncs renames PostgreSQL functions whose DuckDB spelling differs.
var duckFuncs = map[string]string{
	"extract": "date_part", "btrim": "trim", "char_length": "length", "character_length": "length",
}

func (d DuckDB) Func(name string, args []string) (string, error) {
	if s, ok, err := d.duckRegexFunc(name, args); ok {
		return s, err
	}
	if s, ok := d.duckMoreFunc(name, args); ok {
		return s, nil
	}
	if n, ok := duckFuncs[name]; ok {
		name = n
	}
	return callSQL(d, name, args), nil
}

// duckSpecial spells the keyword values as calls: a bare current_timestamp
// under the alias "current_timestamp" reads as that alias in DuckDB (a
// binder error), so none is printed bare.
var duckSpecial = map[string]string{
	"CURRENT_TIMESTAMP": "get_current_timestamp()", "CURRENT_DATE": "CAST(get_current_timestamp() AS DATE)",
	"CURRENT_TIME": "CAST(get_current_timestamp() AS TIMETZ)", "LOCALTIMESTAMP": "CAST(get_current_timestamp() AS TIMESTAMP)",
	"LOCALTIME": "CAST(get_current_timestamp() AS TIME)", "CURRENT_USER": "current_user",
	"SESSION_USER": "current_user", "USER": "current_user", "CURRENT_ROLE": "current_user",
	"CURRENT_CATALOG": "current_database()", "CURRENT_SCHEMA": "current_schema()",
}

func (d DuckDB) Special(name string) (string, error) {
	if s, ok := duckSpecial[name]; ok {
		return s, nil
	}
	return "", unsupportedFunc(d, name)
}

// BinaryOp raises PostgreSQL's division-by-zero error where DuckDB would
// return NULL (or Infinity for floats), and prints the operators DuckDB
// spells or reads otherwise (duckOp).
func (d DuckDB) BinaryOp(op, l, r string) (string, bool) {
	if s, ok := d.duckOp(op, l, r); ok {
		return s, true
	}
	if op != "/" && op != "%" {
		return "", false
	}
	return "CASE WHEN " + r + " = 0 THEN error(" + d.String("division by zero") + ") ELSE (" + l + " " + op + " " + r + ") END", true
}
