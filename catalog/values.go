package catalog

import (
	"fmt"
	"reflect"
	"strings"
)

// normalize converts a row value to the Go type the loader expects for an
// engine column of type typ (warehouse.Column spelling).
func normalize(typ string, v any) (any, error) {
	if elem, ok := strings.CutSuffix(typ, "[]"); ok {
		rv := reflect.ValueOf(v)
		if rv.Kind() != reflect.Slice {
			return nil, fmt.Errorf("%T is not an array", v)
		}
		out := make([]any, rv.Len())
		for i := range out {
			e, err := normalize(elem, rv.Index(i).Interface())
			if err != nil {
				return nil, err
			}
			out[i] = e
		}
		return out, nil
	}
	switch typ {
	case "int2", "int4", "int8":
		n, ok := asInt(v)
		if !ok {
			return nil, fmt.Errorf("%T is not an integer", v)
		}
		switch typ {
		case "int2":
			return int16(n), nil
		case "int4":
			return int32(n), nil
		}
		return n, nil
	case "float4":
		if f, ok := v.(float32); ok {
			return f, nil
		}
		n, _ := asInt(v)
		return float32(n), nil
	}
	return v, nil
}

func asInt(v any) (int64, bool) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), true
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uint:
		return int64(rv.Uint()), true
	}
	return 0, false
}

// zeroOf is what a NOT NULL column holds when a row leaves it out.
func zeroOf(typ string) any {
	if strings.HasSuffix(typ, "[]") {
		return []any{}
	}
	switch typ {
	case "int2":
		return int16(0)
	case "int4":
		return int32(0)
	case "int8":
		return int64(0)
	case "float4":
		return float32(0)
	case "float8":
		return float64(0)
	case "bool":
		return false
	}
	return ""
}
