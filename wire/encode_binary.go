package wire

import (
	"fmt"
	"math"
	"reflect"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
)

// jsonbVersion is the first byte of jsonb's binary form.
const jsonbVersion = 1

// appendBinary appends v's PostgreSQL binary form for type oid to buf and
// reports whether v is NULL.
//
// The binary form of text-like types and json is their text, and jsonb's is
// a version byte and the text, so those go through appendText. Other values
// are encoded by pgtype directly; what pgtype cannot encode in binary — a
// Go string holding a value's text (a numeric, a uuid), a whole float for an
// integer column — is turned into its text form by appendText, read back by
// the type's pgtype codec and encoded from that, so both formats accept the
// same values and mean the same thing.
func appendBinary(types *pgtype.Map, buf []byte, oid uint32, v any) ([]byte, bool, error) {
	if buf == nil {
		buf = make([]byte, 0, 16) // pgtype says NULL with a nil slice
	}
	switch {
	case isTextType(oid) || oid == pgtype.JSONOID:
		return appendText(types, buf, oid, v)
	case oid == pgtype.JSONBOID:
		out, null, err := appendText(types, append(buf, jsonbVersion), oid, v)
		if null || err != nil {
			return buf, null, err
		}
		return out, false, nil
	}
	switch x := v.(type) {
	case nil:
		return buf, true, nil
	case string:
		return appendBinaryFromText(types, buf, oid, v)
	case float64, float32:
		if oid != pgtype.Float8OID && oid != pgtype.Float4OID {
			return appendBinaryFromText(types, buf, oid, v)
		}
	case time.Time:
		v = x.Round(time.Microsecond) // PostgreSQL keeps microseconds
	}
	if isNilPointer(v) {
		return buf, true, nil
	}
	if rv := reflect.ValueOf(v); isList(rv) && hasNestedList(rv) {
		// pgtype would flatten [][]any into one dimension.
		return appendBinaryFromText(types, buf, oid, v)
	}
	out, err := types.Encode(oid, pgtype.BinaryFormatCode, canonicalNaN(v), buf)
	switch {
	case err == nil && out == nil:
		return buf, true, nil
	case err == nil && oid == pgtype.NumericOID:
		return canonicalZeroNumeric(out, len(buf)), false, nil
	case err == nil && oid == pgtype.NumericArrayOID:
		return canonicalNumericArray(out, len(buf)), false, nil
	case err == nil:
		return out, false, nil
	}
	return appendBinaryFromText(types, buf, oid, v)
}

// appendBinaryFromText encodes v in binary by way of its text form.
func appendBinaryFromText(types *pgtype.Map, buf []byte, oid uint32, v any) ([]byte, bool, error) {
	text, null, err := appendText(types, make([]byte, 0, 32), oid, v)
	if err != nil || null {
		return buf, null, err
	}
	value, err := decodeText(types, oid, text)
	if err != nil {
		return buf, false, fmt.Errorf("cannot encode %T %q as type OID %d: %w", v, text, oid, err)
	}
	out, err := types.Encode(oid, pgtype.BinaryFormatCode, canonicalNaN(value), buf)
	if err != nil {
		return buf, false, fmt.Errorf("cannot encode %T as binary type OID %d: %w", v, oid, err)
	}
	if out == nil {
		return buf, true, nil
	}
	switch oid {
	case pgtype.NumericOID:
		out = canonicalZeroNumeric(out, len(buf))
	case pgtype.NumericArrayOID:
		out = canonicalNumericArray(out, len(buf))
	}
	return out, false, nil
}

// decodeText reads a value's text form into the Go value pgtype encodes
// for oid. Two codecs need a target of their own: pgtype's interval codec
// decodes to text, and its array codec to a flat []any, losing the
// dimensions of a multi-dimensional array.
func decodeText(types *pgtype.Map, oid uint32, text []byte) (any, error) {
	t, ok := types.TypeForOID(oid)
	if !ok {
		return nil, fmt.Errorf("type OID %d has no binary format in pitgate", oid)
	}
	switch t.Codec.(type) {
	case pgtype.IntervalCodec:
		var iv pgtype.Interval
		err := types.Scan(oid, pgtype.TextFormatCode, text, &iv)
		return iv, err
	case *pgtype.ArrayCodec:
		var arr pgtype.Array[any]
		err := types.Scan(oid, pgtype.TextFormatCode, text, &arr)
		return arr, err
	}
	return t.Codec.DecodeValue(types, oid, pgtype.TextFormatCode, text)
}

// hasNestedList reports whether list rv holds lists: a multi-dimensional
// array.
func hasNestedList(rv reflect.Value) bool {
	for i := 0; i < rv.Len(); i++ {
		item := rv.Index(i)
		if item.Kind() == reflect.Interface && !item.IsNil() {
			item = item.Elem()
		}
		if item.IsValid() && isList(item) {
			return true
		}
	}
	return false
}

// canonicalNaN replaces NaNs in v (a float, or a list of them) by the NaN
// PostgreSQL sends, whose bits differ from Go's math.NaN().
func canonicalNaN(v any) any {
	switch x := v.(type) {
	case float64:
		if math.IsNaN(x) {
			return math.Float64frombits(pgNaN64)
		}
	case float32:
		if x != x {
			return math.Float32frombits(pgNaN32)
		}
	case []float64:
		return mapNaN(x, func(f float64) float64 { return canonicalNaN(f).(float64) })
	case []float32:
		return mapNaN(x, func(f float32) float32 { return canonicalNaN(f).(float32) })
	case []any:
		return mapNaN(x, canonicalNaN)
	case pgtype.Array[any]:
		x.Elements = mapNaN(x.Elements, canonicalNaN)
		return x
	}
	return v
}

// The quiet NaNs PostgreSQL's float8 and float4 produce.
const (
	pgNaN64 = 0x7ff8000000000000
	pgNaN32 = 0x7fc00000
)

func mapNaN[T any](in []T, f func(T) T) []T {
	out := make([]T, len(in))
	for i, x := range in {
		out[i] = f(x)
	}
	return out
}
