package duckdb

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"strconv"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
	"github.com/pitgate/pitgate/warehouse/loadconv"
)

// loadConv turns one non-nil value of the warehouse.Rows contract into what
// the Appender stores for the column. The Appender itself narrows integers
// without a range check, so converters check ranges first.
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
	"float4":      {"FLOAT", convFloat},
	"float8":      {"DOUBLE", convFloat},
	"text":        {"VARCHAR", convText},
	"bytea":       {"BLOB", convBytes},
	"date":        {"DATE", convDate},
	"time":        {"TIME", convTimeOfDay},
	"timestamp":   {"TIMESTAMP", convInstant},
	"timestamptz": {"TIMESTAMPTZ", convInstant},
	"interval":    {"INTERVAL", convInterval},
	"json":        {"JSON", convJSON},
	"jsonb":       {"JSON", convJSON},
	"uuid":        {"UUID", convUUID},
}

// typeAliases are other PostgreSQL spellings of the registry's type names.
var typeAliases = map[string]string{
	"boolean": "bool", "smallint": "int2", "integer": "int4", "int": "int4", "bigint": "int8",
	"real": "float4", "double precision": "float8", "varchar": "text",
	"character varying": "text", "decimal": "numeric",
	"timestamp without time zone": "timestamp", "timestamp with time zone": "timestamptz",
	"time without time zone": "time",
}

// unconstrainedNumeric is what PostgreSQL's bare numeric becomes, as the
// duckdb dialect casts it: DuckDB's default DECIMAL(18,3) would round.
const unconstrainedPrecision, unconstrainedScale = 38, 10

// loadType maps a PostgreSQL column type to a DuckDB DDL type and converter.
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

func numericType(col string, p, s int) (string, loadConv, error) {
	if p == 0 {
		p, s = unconstrainedPrecision, unconstrainedScale
	}
	switch {
	case p > 38:
		return "", nil, sqlerr.Unsupported(fmt.Sprintf("numeric precision %d (column %q; DuckDB allows at most 38)", p, col))
	case p < 1 || s < 0 || s > p:
		return "", nil, sqlerr.New(sqlerr.InvalidParameter, "invalid numeric(%d,%d) for column %q", p, s, col)
	}
	return fmt.Sprintf("DECIMAL(%d,%d)", p, s), convNumeric(p, s), nil
}

func mismatch(v any, typ string) *sqlerr.Error { return loadconv.Mismatch(v, typ) }

var (
	convBool  = loadconv.Bool
	convFloat = loadconv.Float
	asInt64   = loadconv.AsInt64
)

func convInt(typ string, lo, hi int64) loadConv {
	return func(v any) (any, *sqlerr.Error) {
		if _, err := loadconv.Int(v, typ, lo, hi); err != nil {
			return nil, err
		}
		// Handing v back unchanged saves boxing a new interface per value.
		return v, nil
	}
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
	t, ok := v.(time.Time)
	switch {
	case !ok:
		return nil, mismatch(v, "timestamp")
	case t.Location() == time.UTC:
		return v, nil
	}
	return t.UTC(), nil
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
	if t, ok := v.(time.Time); ok {
		return t, nil
	}
	return nil, mismatch(v, "time")
}

func convInterval(v any) (any, *sqlerr.Error) {
	switch x := v.(type) {
	case warehouse.Interval:
		return duckdb.Interval{Months: x.Months, Days: x.Days, Micros: x.Micros}, nil
	case time.Duration:
		return duckdb.Interval{Micros: x.Microseconds()}, nil
	}
	return nil, mismatch(v, "interval")
}

// convJSON passes JSON text through as raw JSON: the Appender marshals
// what it is given, which would turn a string into a JSON string literal.
func convJSON(v any) (any, *sqlerr.Error) {
	var raw []byte
	switch x := v.(type) {
	case string:
		raw = []byte(x)
	case []byte:
		raw = x
	default:
		return nil, mismatch(v, "json")
	}
	if !json.Valid(raw) {
		return nil, sqlerr.New(sqlerr.InvalidText, "invalid input syntax for type json: %.40q", raw)
	}
	return json.RawMessage(raw), nil
}

func convUUID(v any) (any, *sqlerr.Error) {
	switch x := v.(type) {
	case string:
		b, err := hex.DecodeString(strings.ReplaceAll(strings.Trim(x, "{}"), "-", ""))
		if err != nil || len(b) != 16 {
			return nil, sqlerr.New(sqlerr.InvalidText, "invalid input syntax for type uuid: %q", x)
		}
		return b, nil
	case [16]byte:
		return x[:], nil
	case []byte:
		if len(x) == 16 {
			return x, nil
		}
	}
	return nil, mismatch(v, "uuid")
}

// convNumeric rounds half away from zero to the column's scale, as
// PostgreSQL does on assignment, and rejects values that need more digits
// than the precision.
func convNumeric(p, s int) loadConv {
	limit := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(p)), nil)
	factor := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(s)), nil)
	typ := fmt.Sprintf("numeric(%d,%d)", p, s)
	return func(v any) (any, *sqlerr.Error) {
		r, err := asRat(v, typ)
		if err != nil {
			return nil, err
		}
		unscaled := roundHalfAway(r.Mul(r, new(big.Rat).SetInt(factor)))
		if new(big.Int).Abs(unscaled).Cmp(limit) >= 0 {
			return nil, sqlerr.New(numericOutOfRange, "value %v is out of range for type %s", v, typ)
		}
		if p <= 18 {
			return unscaled.Int64(), nil
		}
		return unscaled, nil
	}
}

func asRat(v any, typ string) (*big.Rat, *sqlerr.Error) {
	switch x := v.(type) {
	case string:
		if r, ok := new(big.Rat).SetString(strings.TrimSpace(x)); ok {
			return r, nil
		}
		return nil, sqlerr.New(sqlerr.InvalidText, "invalid input syntax for type numeric: %q", x)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, sqlerr.New(numericOutOfRange, "value %v cannot be stored in %s", x, typ)
		}
		return new(big.Rat).SetFloat64(x), nil
	case float32:
		return asRat(float64(x), typ)
	case *big.Int:
		return new(big.Rat).SetInt(x), nil
	}
	if n, ok, inRange := asInt64(v); ok && inRange {
		return new(big.Rat).SetInt64(n), nil
	}
	if u, ok := v.(uint64); ok {
		return new(big.Rat).SetUint64(u), nil
	}
	return nil, mismatch(v, typ)
}

func roundHalfAway(r *big.Rat) *big.Int {
	num, den := new(big.Int).Abs(r.Num()), r.Denom()
	q, m := new(big.Int).QuoRem(num, den, new(big.Int))
	if m.Lsh(m, 1).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if r.Sign() < 0 {
		q.Neg(q)
	}
	return q
}

func convList(elem loadConv) loadConv {
	return func(v any) (any, *sqlerr.Error) {
		rv := reflect.ValueOf(v)
		if rv.Kind() != reflect.Slice || rv.Type().Elem().Kind() == reflect.Uint8 {
			return nil, mismatch(v, "array")
		}
		out := make([]any, rv.Len())
		for i := range out {
			e := rv.Index(i).Interface()
			if e == nil {
				continue
			}
			cv, err := elem(e)
			if err != nil {
				return nil, err
			}
			out[i] = cv
		}
		return out, nil
	}
}
