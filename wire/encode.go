package wire

import (
	"bytes"
	"database/sql/driver"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
)

// maxEncodeDepth bounds how far Valuers, pointers and nested arrays are
// followed, against a Valuer that returns itself.
const maxEncodeDepth = 16

// appendText appends v's PostgreSQL text form for type oid to buf and
// reports whether v is NULL (then nothing is appended).
//
// pgtype does most types; wire does itself the ones where pgtype's text
// differs from what PostgreSQL prints and clients parse: floats (shortest
// round-trip digits, exponent past 15 digits, NaN, Infinity), time.Time
// (ISO DateStyle, numeric zone offset, BC), intervals (IntervalStyle
// postgres) and arrays (so their elements get the same treatment). A Go
// string is taken to be the text form already.
func appendText(types *pgtype.Map, buf []byte, oid uint32, v any) ([]byte, bool, error) {
	return appendValue(types, buf, oid, v, 0)
}

func appendValue(types *pgtype.Map, buf []byte, oid uint32, v any, depth int) ([]byte, bool, error) {
	if depth > maxEncodeDepth {
		return buf, false, fmt.Errorf("value of Go type %T nests deeper than %d levels", v, maxEncodeDepth)
	}
	switch x := v.(type) {
	case nil:
		return buf, true, nil
	case string:
		return append(buf, x...), false, nil
	case float64:
		return appendFloat(types, buf, oid, x, 64)
	case float32:
		return appendFloat(types, buf, oid, float64(x), 32)
	case time.Time:
		return appendTime(types, buf, oid, x)
	case pgtype.Interval:
		if oid == pgtype.IntervalOID || isTextType(oid) {
			if !x.Valid {
				return buf, true, nil
			}
			return appendInterval(buf, x), false, nil
		}
	case time.Duration:
		if oid == pgtype.IntervalOID {
			return appendInterval(buf, pgtype.Interval{Microseconds: x.Microseconds(), Valid: true}), false, nil
		}
	}
	switch x := v.(type) {
	case driver.Valuer:
		if isNilPointer(v) {
			return buf, true, nil
		}
		inner, err := x.Value()
		if err != nil {
			return buf, false, fmt.Errorf("%T.Value: %w", v, err)
		}
		return appendValue(types, buf, oid, inner, depth+1)
	}
	rv := reflect.ValueOf(v)
	switch {
	case rv.Kind() == reflect.String: // a named string type
		return append(buf, rv.String()...), false, nil
	case rv.Kind() == reflect.Float64:
		return appendFloat(types, buf, oid, rv.Float(), 64)
	case rv.Kind() == reflect.Float32:
		return appendFloat(types, buf, oid, rv.Float(), 32)
	case rv.Kind() == reflect.Pointer && rv.IsNil():
		return buf, true, nil
	case rv.Kind() == reflect.Pointer:
		return appendValue(types, buf, oid, rv.Elem().Interface(), depth+1)
	case isList(rv):
		if elem, delim, ok := arrayElement(types, oid); ok {
			if rv.Kind() == reflect.Slice && rv.IsNil() {
				return buf, true, nil
			}
			return appendArray(types, buf, elem, delim, rv, depth+1)
		}
	}
	return appendWithPgtype(types, buf, oid, v)
}

// appendWithPgtype encodes v with pgtype, falling back on String for a
// fmt.Stringer and on fmt for text columns, so that any Go value can be
// shown as text; a value pgtype refuses for a non-text type is an error.
func appendWithPgtype(types *pgtype.Map, buf []byte, oid uint32, v any) ([]byte, bool, error) {
	out, err := types.Encode(oid, pgtype.TextFormatCode, v, buf)
	switch {
	case err == nil && out == nil:
		return buf, true, nil
	case err == nil:
		return out, false, nil
	}
	if s, ok := v.(fmt.Stringer); ok {
		return append(buf, s.String()...), false, nil
	}
	if isTextType(oid) {
		return fmt.Append(buf, v), false, nil
	}
	return buf, false, fmt.Errorf("cannot encode Go type %T as type OID %d: %w", v, oid, err)
}

// isTextType reports whether oid is a type whose text is free-form, or no
// type pgtype knows.
func isTextType(oid uint32) bool {
	switch oid {
	case 0, pgtype.TextOID, pgtype.VarcharOID, pgtype.BPCharOID, pgtype.NameOID, pgtype.UnknownOID:
		return true
	}
	return false
}

func isNilPointer(v any) bool {
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

// appendFloat writes f as PostgreSQL does for float4, float8, numeric and
// text; for other types (an integer column, say) pgtype decides.
func appendFloat(types *pgtype.Map, buf []byte, oid uint32, f float64, bits int) ([]byte, bool, error) {
	switch oid {
	case pgtype.Float4OID:
		return appendPGFloat(buf, f, 32), false, nil
	case pgtype.Float8OID:
		return appendPGFloat(buf, f, 64), false, nil
	case pgtype.NumericOID:
		return appendNumericFloat(buf, f), false, nil
	case pgtype.Int2OID, pgtype.Int4OID, pgtype.Int8OID:
		return appendIntegralFloat(types, buf, oid, f)
	}
	if isTextType(oid) {
		return appendPGFloat(buf, f, bits), false, nil
	}
	return appendWithPgtype(types, buf, oid, f)
}

// appendIntegralFloat writes a whole float as an integer; pgtype would
// silently truncate 3.5 to 3.
func appendIntegralFloat(types *pgtype.Map, buf []byte, oid uint32, f float64) ([]byte, bool, error) {
	if f != math.Trunc(f) || math.Abs(f) >= 1<<63 {
		return buf, false, fmt.Errorf("cannot encode float %v as integer type OID %d: not a whole number in range", f, oid)
	}
	return appendWithPgtype(types, buf, oid, int64(f))
}

// appendPGFloat is float4out/float8out: the shortest digits that read back
// to the same value, in fixed notation for decimal exponents from -4 up to
// the type's digit count (15 or 6) and in exponent notation beyond.
func appendPGFloat(buf []byte, f float64, bits int) []byte {
	switch {
	case math.IsNaN(f):
		return append(buf, "NaN"...)
	case math.IsInf(f, 1):
		return append(buf, "Infinity"...)
	case math.IsInf(f, -1):
		return append(buf, "-Infinity"...)
	}
	exp := shortestExp(f, bits)
	e, _ := strconv.Atoi(string(exp[bytes.LastIndexByte(exp, 'e')+1:]))
	digits := 15
	if bits == 32 {
		digits = 6
	}
	if e < -4 || e >= digits {
		return append(buf, exp...)
	}
	// No midpoint below 2^24 has few enough digits to be a shortest form
	// (see shortestExp), so Go's shortest fixed form is PostgreSQL's.
	return strconv.AppendFloat(buf, f, 'f', -1, bits)
}

// shortestExp is f's shortest round-trip form in exponent notation, as
// PostgreSQL's Ryu finds it. Go accepts a decimal lying exactly halfway to
// a neighbouring float, which reads back to f only by ties-to-even;
// PostgreSQL never does and prints more digits instead. A halfway point with
// few digits exists only for magnitudes of 2^53 (float4: 2^24) and up, where
// the midpoints are integers, so only there is it checked.
func shortestExp(f float64, bits int) []byte {
	s := strconv.AppendFloat(nil, f, 'e', -1, bits)
	mantissaBits, maxDigits := 53, 17
	if bits == 32 {
		mantissaBits, maxDigits = 24, 9
	}
	if math.Abs(f) < math.Ldexp(1, mantissaBits) || !isMidpoint(f, s, bits) {
		return s
	}
	// One more digit at a time: prec counts the digits after the point.
	for prec := mantissaDigits(s); prec < maxDigits; prec++ {
		s = strconv.AppendFloat(s[:0], f, 'e', prec, bits)
		if !isMidpoint(f, s, bits) {
			return trimMantissaZeros(s)
		}
	}
	return s
}

// isMidpoint reports whether the decimal s lies exactly halfway between f
// and one of its neighbouring floats.
func isMidpoint(f float64, s []byte, bits int) bool {
	d, ok := new(big.Rat).SetString(string(s))
	if !ok {
		return false
	}
	for _, dir := range []float64{math.Inf(-1), math.Inf(1)} {
		n := math.Nextafter(f, dir)
		if bits == 32 {
			n = float64(math.Nextafter32(float32(f), float32(dir)))
		}
		if math.IsInf(n, 0) {
			continue
		}
		mid := new(big.Rat).Add(new(big.Rat).SetFloat64(f), new(big.Rat).SetFloat64(n))
		if mid.Quo(mid, big.NewRat(2, 1)).Cmp(d) == 0 {
			return true
		}
	}
	return false
}

// mantissaDigits counts the digits before the 'e' of s.
func mantissaDigits(s []byte) int {
	n := 0
	for _, c := range s[:bytes.IndexByte(s, 'e')] {
		if c >= '0' && c <= '9' {
			n++
		}
	}
	return n
}

// trimMantissaZeros turns 1.2300e+20 into 1.23e+20.
func trimMantissaZeros(s []byte) []byte {
	e := bytes.IndexByte(s, 'e')
	m := bytes.TrimRight(s[:e], "0")
	m = bytes.TrimSuffix(m, []byte("."))
	return append(m[:len(m):len(m)], s[e:]...)
}

// appendNumericFloat writes f as numeric text, which never uses an exponent.
func appendNumericFloat(buf []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return appendPGFloat(buf, f, 64)
	}
	return strconv.AppendFloat(buf, f, 'f', -1, 64)
}
