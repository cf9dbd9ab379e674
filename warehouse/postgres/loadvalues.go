package postgres

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
	"github.com/pitgate/pitgate/warehouse/loadconv"
)

// SQLSTATE this package needs that internal/sqlerr does not name.
const numericOutOfRange = "22003"

// loadConv turns one non-nil value of the warehouse.Rows contract into what
// pgx encodes for the column, checking what pgx would not report as a
// SQLSTATE (integer ranges, Go types).
type loadConv func(v any) (any, *sqlerr.Error)

type loadScalar struct {
	ddl  string
	conv loadConv
}

var loadScalars = map[string]loadScalar{
	"bool":        {"BOOLEAN", convBool},
	"int2":        {"SMALLINT", convInt("int2", math.MinInt16, math.MaxInt16)},
	"int4":        {"INTEGER", convInt("int4", math.MinInt32, math.MaxInt32)},
	"int8":        {"BIGINT", convInt("int8", math.MinInt64, math.MaxInt64)},
	"float4":      {"REAL", convFloat},
	"float8":      {"DOUBLE PRECISION", convFloat},
	"text":        {"TEXT", convText},
	"bytea":       {"BYTEA", convBytes},
	"date":        {"DATE", convDate},
	"time":        {"TIME", convTimeOfDay},
	"timestamp":   {"TIMESTAMP", convInstant},
	"timestamptz": {"TIMESTAMPTZ", convInstant},
	"interval":    {"INTERVAL", convInterval},
	"json":        {"JSON", convText},
	"jsonb":       {"JSONB", convText},
	"uuid":        {"UUID", convUUID},
}

// typeAliases are other PostgreSQL spellings of the contract's type names.
var typeAliases = map[string]string{
	"boolean": "bool", "smallint": "int2", "integer": "int4", "int": "int4", "bigint": "int8",
	"real": "float4", "double precision": "float8", "varchar": "text",
	"character varying": "text", "decimal": "numeric",
	"timestamp without time zone": "timestamp", "timestamp with time zone": "timestamptz",
	"time without time zone": "time",
}

// loadType maps a contract column type to PostgreSQL DDL and a converter.
func loadType(c warehouse.Column) (string, loadConv, error) {
	base := strings.ToLower(strings.TrimSpace(c.Type))
	if elem, ok := strings.CutSuffix(base, "[]"); ok {
		ddl, conv, err := loadType(warehouse.Column{Name: c.Name, Type: elem, Precision: c.Precision, Scale: c.Scale})
		if err != nil {
			return "", nil, err
		}
		return ddl + "[]", convList(conv), nil
	}
	base, p, s, err := numericMods(base, c)
	if err != nil {
		return "", nil, err
	}
	if a, ok := typeAliases[base]; ok {
		base = a
	}
	if base == "numeric" {
		return numericType(c.Name, p, s)
	}
	if t, ok := loadScalars[base]; ok {
		return t.ddl, t.conv, nil
	}
	return "", nil, sqlerr.New(sqlerr.UndefinedObject, "type %q of column %q does not exist", c.Type, c.Name)
}

// numericMods reads "numeric(p,s)" written in the type name; otherwise the
// column's Precision and Scale stand.
func numericMods(base string, c warehouse.Column) (string, int, int, error) {
	name, mods, ok := strings.Cut(base, "(")
	if !ok {
		return base, c.Precision, c.Scale, nil
	}
	ps, _ := strings.CutSuffix(mods, ")")
	pStr, sStr, _ := strings.Cut(ps, ",")
	p, err1 := strconv.Atoi(strings.TrimSpace(pStr))
	s, err2 := 0, error(nil)
	if sStr != "" {
		s, err2 = strconv.Atoi(strings.TrimSpace(sStr))
	}
	if err1 != nil || err2 != nil {
		return "", 0, 0, sqlerr.New(sqlerr.Syntax, "invalid type modifier in %q for column %q", c.Type, c.Name)
	}
	return strings.TrimSpace(name), p, s, nil
}

// numericType is NUMERIC(p,s), or PostgreSQL's exact unconstrained NUMERIC
// when no precision is given.
func numericType(col string, p, s int) (string, loadConv, error) {
	switch {
	case p == 0:
		return "NUMERIC", convNumeric, nil
	case p < 1 || p > 1000 || s < 0 || s > p:
		return "", nil, sqlerr.New(sqlerr.InvalidParameter, "invalid numeric(%d,%d) for column %q", p, s, col)
	}
	return fmt.Sprintf("NUMERIC(%d,%d)", p, s), convNumeric, nil
}

func mismatch(v any, typ string) *sqlerr.Error { return loadconv.Mismatch(v, typ) }

var (
	convBool  = loadconv.Bool
	convFloat = loadconv.Float
	asInt64   = loadconv.AsInt64
)

func convInt(typ string, lo, hi int64) loadConv {
	return func(v any) (any, *sqlerr.Error) {
		n, err := loadconv.Int(v, typ, lo, hi)
		if err != nil {
			return nil, err
		}
		return n, nil
	}
}

// convNumeric takes the contract's exact decimal text (or a Go number) and
// checks it is a number before COPY sends it.
func convNumeric(v any) (any, *sqlerr.Error) {
	text := ""
	switch x := v.(type) {
	case string:
		text = x
	case float64:
		text = strconv.FormatFloat(x, 'g', -1, 64)
	default:
		n, ok, inRange := asInt64(v)
		if !ok || !inRange {
			return nil, mismatch(v, "numeric")
		}
		text = strconv.FormatInt(n, 10)
	}
	var n pgtype.Numeric
	if err := n.Scan(strings.TrimSpace(text)); err != nil {
		return nil, sqlerr.New(sqlerr.InvalidText, "invalid input syntax for type numeric: %q", text)
	}
	return n, nil
}

func convText(v any) (any, *sqlerr.Error) {
	switch x := v.(type) {
	case string:
		return v, nil
	case []byte:
		return string(x), nil
	}
	return nil, mismatch(v, "text")
}

func convBytes(v any) (any, *sqlerr.Error) {
	switch x := v.(type) {
	case []byte:
		return x, nil
	case string:
		return []byte(x), nil
	}
	return nil, mismatch(v, "bytea")
}

// Time values are instants: timestamp and timestamptz store their UTC
// reading and a date the UTC calendar day, matching what Rows returns.
func convInstant(v any) (any, *sqlerr.Error) {
	if t, ok := v.(time.Time); ok {
		return t.UTC(), nil
	}
	return nil, mismatch(v, "timestamp")
}

func convDate(v any) (any, *sqlerr.Error) {
	t, ok := v.(time.Time)
	if !ok {
		return nil, mismatch(v, "date")
	}
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
}

func convTimeOfDay(v any) (any, *sqlerr.Error) {
	t, ok := v.(time.Time)
	if !ok {
		return nil, mismatch(v, "time")
	}
	h, m, s := t.Clock()
	us := (int64(h)*3600+int64(m)*60+int64(s))*1e6 + int64(t.Nanosecond()/1e3)
	return pgtype.Time{Microseconds: us, Valid: true}, nil
}

func convInterval(v any) (any, *sqlerr.Error) {
	switch x := v.(type) {
	case warehouse.Interval:
		return pgtype.Interval{Months: x.Months, Days: x.Days, Microseconds: x.Micros, Valid: true}, nil
	case time.Duration:
		return pgtype.Interval{Microseconds: x.Microseconds(), Valid: true}, nil
	}
	return nil, mismatch(v, "interval")
}

func convUUID(v any) (any, *sqlerr.Error) {
	switch x := v.(type) {
	case string:
		var u pgtype.UUID
		if err := u.Scan(x); err != nil {
			return nil, sqlerr.New(sqlerr.InvalidText, "invalid input syntax for type uuid: %q", x)
		}
		return u, nil
	case [16]byte:
		return pgtype.UUID{Bytes: x, Valid: true}, nil
	}
	return nil, mismatch(v, "uuid")
}

// convList converts each element of a []any; NULL elements stay NULL.
func convList(elem loadConv) loadConv {
	return func(v any) (any, *sqlerr.Error) {
		list, ok := v.([]any)
		if !ok {
			return nil, mismatch(v, "array")
		}
		out := make([]any, len(list))
		for i, e := range list {
			if e == nil {
				continue
			}
			c, err := elem(e)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	}
}
