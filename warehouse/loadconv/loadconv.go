// Package loadconv holds the value checks every connector's Load shares:
// Go values of the warehouse.Rows contract are checked against the column
// they go into before the engine sees them, so a wrong type or an integer
// out of range is a SQLSTATE error naming the type, never a silent
// truncation by an appender or a COPY.
package loadconv

import (
	"math"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

// NumericOutOfRange is 22003.
const NumericOutOfRange = "22003"

// Mismatch is the error for a Go value that cannot go into a column of typ.
func Mismatch(v any, typ string) *sqlerr.Error {
	return sqlerr.New(sqlerr.DatatypeMismatch, "cannot load a Go %T into a %s column", v, typ)
}

// Bool checks a bool.
func Bool(v any) (any, *sqlerr.Error) {
	if _, ok := v.(bool); ok {
		return v, nil
	}
	return nil, Mismatch(v, "bool")
}

// AsInt64 reads any Go integer; ok is false for other types, inRange false
// for a uint64 above MaxInt64.
func AsInt64(v any) (n int64, ok, inRange bool) {
	switch x := v.(type) {
	case int64:
		return x, true, true
	case int32:
		return int64(x), true, true
	case int16:
		return int64(x), true, true
	case int8:
		return int64(x), true, true
	case int:
		return int64(x), true, true
	case uint8:
		return int64(x), true, true
	case uint16:
		return int64(x), true, true
	case uint32:
		return int64(x), true, true
	case uint64:
		return int64(x), true, x <= math.MaxInt64
	}
	return 0, false, false
}

// Int checks that v is an integer within [lo, hi] for a column of typ.
func Int(v any, typ string, lo, hi int64) (int64, *sqlerr.Error) {
	n, ok, inRange := AsInt64(v)
	if !ok {
		return 0, Mismatch(v, typ)
	}
	if !inRange || n < lo || n > hi {
		return 0, sqlerr.New(NumericOutOfRange, "value %v is out of range for type %s", v, typ)
	}
	return n, nil
}

// Float checks a float, taking integers as their float64.
func Float(v any) (any, *sqlerr.Error) {
	switch v.(type) {
	case float64, float32:
		return v, nil
	}
	if n, ok, _ := AsInt64(v); ok {
		return float64(n), nil
	}
	return nil, Mismatch(v, "float")
}
