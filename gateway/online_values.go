package gateway

import (
	"fmt"
	"strings"
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
)

// The values of online statements. The planner leaves them as expressions
// (literals, bound parameters, casts and arrays of them, now()); the gateway
// converts each to the Go value the online store takes for its column's
// type, as PostgreSQL's input functions and assignment casts would: int
// types as int64 (range-checked, numeric rounded half away from zero),
// float8 float64, float4 float32, numeric and text string, timestamps
// time.Time in UTC (text without a zone read in the session's TimeZone),
// bytea []byte, uuid canonical lower-case text, json checked text, arrays
// []any. An unknown type ("") keeps the literal as it is.

// evaluator converts online values for one statement.
type evaluator struct {
	now time.Time // now() and CURRENT_TIMESTAMP: the statement's start
	loc *time.Location
}

func (s *Session) evaluator() *evaluator {
	return &evaluator{now: time.Now().Truncate(time.Microsecond), loc: s.loc}
}

// valueError is a problem with one value; the caller names its column.
type valueError struct{ code, msg string }

func (e *valueError) Error() string { return e.msg }

func badValue(code, format string, args ...any) error {
	return &valueError{code: code, msg: fmt.Sprintf(format, args...)}
}

// inColumn names where a value error happened: `column "x" of online.v`.
func inColumn(err error, format string, args ...any) error {
	where := fmt.Sprintf(format, args...)
	if ve, ok := err.(*valueError); ok {
		return sqlerr.New(ve.code, "%s: %s", where, ve.msg)
	}
	return err
}

// value evaluates e to a Go value of type t.
func (ev *evaluator) value(e plan.Expr, t plan.Type) (any, error) {
	switch x := e.(type) {
	case *plan.Const:
		return ev.convert(x.Value, x.Type, t)
	case *plan.Cast:
		v, err := ev.value(x.X, x.Type)
		if err != nil || x.Type == t {
			return v, err // already of type t
		}
		return ev.convert(v, x.Type, t)
	case *plan.Func: // now() and its siblings: the planner admits no other
		return ev.convert(ev.now, "timestamptz", t)
	case *plan.Special:
		return ev.special(x.Name, t)
	case *plan.Array:
		return ev.array(x, t)
	case *plan.Param:
		return nil, sqlerr.New("42P02", "there is no parameter $%d", x.N).
			WithHint("send the values with a prepared statement, or write them in the statement")
	}
	return nil, sqlerr.New(sqlerr.Internal, "gateway: %T is not an online value", e)
}

func (ev *evaluator) special(name string, t plan.Type) (any, error) {
	switch name {
	case "CURRENT_TIMESTAMP":
		return ev.convert(ev.now, "timestamptz", t)
	case "LOCALTIMESTAMP":
		return ev.convert(wallClock(ev.now, ev.loc), "timestamp", t)
	case "CURRENT_DATE":
		return ev.convert(dateOf(ev.now.In(ev.loc)), "date", t)
	}
	return nil, badValue(sqlerr.FeatureNotSupported, "%s is not supported as an online value", name)
}

func (ev *evaluator) array(a *plan.Array, t plan.Type) (any, error) {
	elem, ok := strings.CutSuffix(string(t), "[]")
	if !ok && t != "" {
		return nil, badValue(sqlerr.DatatypeMismatch, "an array cannot be a value of type %s", t)
	}
	out := make([]any, len(a.Elems))
	for i, el := range a.Elems {
		v, err := ev.value(el, plan.Type(elem))
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// baseType is t without modifiers: "numeric(10,2)" is numeric.
func baseType(t plan.Type) string {
	switch t { // the names the planner and the registry use, without work
	case "int8", "int4", "int2", "float8", "float4", "numeric", "text", "bool", "timestamptz", "timestamp", "date",
		"uuid", "bytea", "json", "jsonb", "", "int8[]", "text[]", "float8[]":
		return string(t)
	}
	s := strings.ToLower(string(t))
	if i := strings.IndexByte(s, '('); i >= 0 {
		end := strings.IndexByte(s, ')')
		if end < i {
			end = len(s) - 1
		}
		s = s[:i] + s[end+1:]
	}
	switch s {
	case "integer", "int":
		return "int4"
	case "bigint":
		return "int8"
	case "smallint":
		return "int2"
	case "varchar", "bpchar", "name", "character varying":
		return "text"
	case "double precision":
		return "float8"
	case "real":
		return "float4"
	case "boolean":
		return "bool"
	}
	return s
}

// convert turns v, a value of type from, into type to.
func (ev *evaluator) convert(v any, from, to plan.Type) (any, error) {
	if v == nil || to == "" {
		return v, nil
	}
	base := baseType(to)
	if _, ok := v.(string); ok && baseType(from) == "numeric" && !numberTypes[base] {
		return nil, badValue(sqlerr.DatatypeMismatch, "a numeric value cannot be used as %s", to)
	}
	if elem, ok := strings.CutSuffix(base, "[]"); ok {
		return ev.toArray(v, plan.Type(elem))
	}
	switch base {
	case "int2", "int4", "int8":
		return toInt(v, baseType(from), base)
	case "float4", "float8":
		return toFloat(v, base)
	case "numeric":
		return toNumeric(v)
	case "text":
		return toText(v)
	case "bool":
		return toBool(v)
	case "timestamptz", "timestamp", "date":
		return ev.toTime(v, baseType(from), base)
	case "uuid":
		return toUUID(v)
	case "bytea":
		return toBytea(v)
	case "json", "jsonb":
		return toJSON(v, base)
	}
	return nil, badValue(sqlerr.FeatureNotSupported, "type %s is not supported by the online store", to)
}

// numberTypes take a numeric literal (1.5).
var numberTypes = map[string]bool{"int2": true, "int4": true, "int8": true, "float4": true, "float8": true, "numeric": true, "text": true}

func mismatch(v any, to string) error {
	return badValue(sqlerr.DatatypeMismatch, "a %s value cannot be used as %s", goKind(v), to)
}

func goKind(v any) string {
	switch v.(type) {
	case int64:
		return "integer"
	case float64, float32:
		return "float"
	case bool:
		return "boolean"
	case string:
		return "text"
	case time.Time:
		return "timestamp"
	case []any:
		return "array"
	case []byte:
		return "bytea"
	}
	return fmt.Sprintf("%T", v)
}
