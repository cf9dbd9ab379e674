package dialects

import (
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/pitgate/pitgate/plan"
)

// Postgres is the dialect of a PostgreSQL warehouse. PostgreSQL is the
// reference for pitgate's semantics, so most of it is the identity: no
// division guard (PostgreSQL raises 22012 itself), PostgreSQL's own type
// and function names. What it adds: no QUALIFY (the printer filters a rank
// column instead), string literals that mean the same whatever
// standard_conforming_strings is, and COLLATE "C" on text in the ASOF
// winner's ORDER BY, because the contract compares text byte-wise and
// PostgreSQL databases often have a linguistic default collation.
//
// ASOF joins use, per join, the LATERAL strategy (postgres_lateral.go)
// where the right table has a btree on (keys, ts) (plan.PITJoin.
// RightIndexed) and the window strategy (pit.go), which needs no index,
// otherwise. Lateral or Window forces one of them for every join.
type Postgres struct {
	Lateral bool
	Window  bool
}

func (Postgres) Name() string     { return "postgres" }
func (Postgres) HasQualify() bool { return false }

func (Postgres) QuoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// String prints '…' with each quote doubled, and E'…' with each
// backslash doubled as well when s holds one: a plain literal's backslash
// is literal only under standard_conforming_strings = on, and the SQL
// printed here may run on a server (or reach a user, through transpile)
// with it off. An E-literal reads the same either way.
// Bytes decodes hex text, which reads the same whatever
// standard_conforming_strings is.
func (Postgres) Bytes(b []byte) string { return "decode('" + hex.EncodeToString(b) + "', 'hex')" }

func (Postgres) String(s string) string {
	quoted := "'" + strings.ReplaceAll(s, "'", "''") + "'"
	if !strings.Contains(s, `\`) {
		return quoted
	}
	return "E" + strings.ReplaceAll(quoted, `\`, `\\`)
}

var pgTypes = map[string]string{
	"bool": "BOOLEAN", "int2": "SMALLINT", "int4": "INTEGER", "int8": "BIGINT",
	"float4": "REAL", "float8": "DOUBLE PRECISION", "numeric": "NUMERIC", "text": "TEXT",
	"varchar": "VARCHAR", "bpchar": "CHAR", "name": "NAME", "bytea": "BYTEA", "date": "DATE",
	"time": "TIME", "timetz": "TIMETZ", "timestamp": "TIMESTAMP", "timestamptz": "TIMESTAMPTZ",
	"interval": "INTERVAL", "json": "JSON", "jsonb": "JSONB", "uuid": "UUID", "oid": "OID",
}

// pgModifiable are the types whose modifiers change values (rounding,
// truncation, precision), so they are kept; PostgreSQL's unconstrained
// numeric is exact, so a bare numeric stays bare.
var pgModifiable = map[string]bool{
	"numeric": true, "varchar": true, "bpchar": true, "time": true, "timetz": true,
	"timestamp": true, "timestamptz": true,
}

func (d Postgres) TypeName(t plan.Type) (string, error) {
	base, mods, array := splitType(t)
	base = canonical(base)
	name, ok := pgTypes[base]
	if !ok || (mods != "" && !pgModifiable[base]) {
		return "", unsupportedType(d, t)
	}
	if base == "bpchar" && mods == "" {
		name = "BPCHAR" // CHAR alone would be char(1)
	}
	if mods != "" {
		name += "(" + mods + ")"
	}
	if array {
		name += "[]"
	}
	return name, nil
}

func (d Postgres) Cast(x string, t plan.Type) (string, error) {
	name, err := d.TypeName(t)
	if err != nil {
		return "", err
	}
	return "CAST(" + x + " AS " + name + ")", nil
}

// MinusDuration subtracts an interval of seconds (or microseconds): such
// an interval has no day or month part, so timestamptz - interval is exact
// and a DST change in the session's time zone does not move it.
func (Postgres) MinusDuration(ts string, dur time.Duration) string {
	if secs, whole := durationSeconds(dur); whole {
		return fmt.Sprintf("(%s - INTERVAL '%d seconds')", ts, secs)
	}
	return fmt.Sprintf("(%s - INTERVAL '%s microseconds')", ts, fmtMicros(dur))
}

// pgKeywordFuncs are functions whose names PostgreSQL's grammar reserves
// for special syntax (EXTRACT(f FROM x), POSITION(a IN b), OVERLAY(...
// PLACING ...), (a, b) OVERLAPS (c, d), NORMALIZE(x, NFC)); the parser has
// already turned them into calls of these pg_catalog functions, which can
// be called by their qualified names with ordinary arguments.
var pgKeywordFuncs = map[string]bool{
	"extract": true, "position": true, "overlay": true, "overlaps": true, "normalize": true,
}

func (d Postgres) Func(name string, args []string) (string, error) {
	if pgKeywordFuncs[name] {
		return "pg_catalog." + name + "(" + strings.Join(args, ", ") + ")", nil
	}
	return callSQL(d, name, args), nil
}

var pgSpecial = map[string]bool{
	"CURRENT_TIMESTAMP": true, "CURRENT_DATE": true, "CURRENT_TIME": true, "LOCALTIMESTAMP": true,
	"LOCALTIME": true, "CURRENT_USER": true, "SESSION_USER": true, "USER": true,
	"CURRENT_ROLE": true, "CURRENT_CATALOG": true, "CURRENT_SCHEMA": true,
}

func (d Postgres) Special(name string) (string, error) {
	if pgSpecial[name] {
		return name, nil
	}
	return "", unsupportedFunc(d, name)
}

// BinaryOp is PostgreSQL's own: / and % by zero raise 22012 there.
func (Postgres) BinaryOp(op, l, r string) (string, bool) { return "", false }

// OrderKey compares text byte-wise, as the contract's tie-break rule
// says, whatever the database's or the column's collation.
func (Postgres) OrderKey(sql string, t plan.Type) string {
	base, _, array := splitType(t)
	switch canonical(base) {
	case "text", "varchar", "bpchar", "name":
		if !array {
			return sql + ` COLLATE "C"`
		}
	}
	return sql
}
