package wire

import (
	"reflect"

	"github.com/jackc/pgx/v5/pgtype"
)

// isList reports whether rv is a Go slice or array to write as a
// PostgreSQL array. Byte slices and arrays are values of their own
// (bytea, uuid), not lists.
func isList(rv reflect.Value) bool {
	k := rv.Kind()
	return (k == reflect.Slice || k == reflect.Array) && rv.Type().Elem().Kind() != reflect.Uint8
}

// arrayElement returns the element type and delimiter of array type oid.
func arrayElement(types *pgtype.Map, oid uint32) (uint32, byte, bool) {
	t, ok := types.TypeForOID(oid)
	if !ok {
		return 0, 0, false
	}
	codec, ok := t.Codec.(*pgtype.ArrayCodec)
	if !ok || codec.ElementType == nil {
		return 0, 0, false
	}
	delim := codec.Delimiter
	if delim == 0 {
		delim = ','
	}
	return codec.ElementType.OID, delim, true
}

// appendArray writes rv as array_out does: {a,b}, nested lists as
// sub-arrays, NULL unquoted, and elements quoted where they would be
// misread.
func appendArray(types *pgtype.Map, buf []byte, elem uint32, delim byte, rv reflect.Value, depth int) ([]byte, bool, error) {
	buf = append(buf, '{')
	for i := 0; i < rv.Len(); i++ {
		if i > 0 {
			buf = append(buf, delim)
		}
		var err error
		if buf, err = appendArrayItem(types, buf, elem, delim, rv.Index(i), depth); err != nil {
			return buf, false, err
		}
	}
	return append(buf, '}'), false, nil
}

func appendArrayItem(types *pgtype.Map, buf []byte, elem uint32, delim byte, item reflect.Value, depth int) ([]byte, error) {
	if item.Kind() == reflect.Interface && !item.IsNil() {
		item = item.Elem()
	}
	if item.IsValid() && isList(item) {
		buf, _, err := appendArray(types, buf, elem, delim, item, depth+1)
		return buf, err
	}
	var v any
	if item.IsValid() {
		v = item.Interface()
	}
	text, null, err := appendValue(types, nil, elem, v, depth+1)
	if err != nil {
		return buf, err
	}
	if null {
		return append(buf, "NULL"...), nil
	}
	return appendArrayText(buf, text, delim), nil
}

// appendArrayText quotes text if array_in would otherwise misread it.
func appendArrayText(buf, text []byte, delim byte) []byte {
	if !needsQuotes(text, delim) {
		return append(buf, text...)
	}
	buf = append(buf, '"')
	for _, c := range text {
		if c == '"' || c == '\\' {
			buf = append(buf, '\\')
		}
		buf = append(buf, c)
	}
	return append(buf, '"')
}

func needsQuotes(text []byte, delim byte) bool {
	if len(text) == 0 || isNullWord(text) {
		return true
	}
	for _, c := range text {
		switch c {
		case '{', '}', '"', '\\', delim, ' ', '\t', '\n', '\r', '\v', '\f':
			return true
		}
	}
	return false
}

func isNullWord(text []byte) bool {
	return len(text) == 4 &&
		text[0]|0x20 == 'n' && text[1]|0x20 == 'u' && text[2]|0x20 == 'l' && text[3]|0x20 == 'l'
}
