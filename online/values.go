package online

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// appendValue encodes one non-NULL value of base type t (order-preserving
// for the compared types, framed for json). It accepts the Go types a
// warehouse returns and the ones a client's parameters bind to, and
// refuses anything it would have to guess at.
func appendValue(b []byte, base string, v any) ([]byte, error) {
	switch base {
	case "bool":
		x, ok := v.(bool)
		if !ok {
			return nil, mismatch(base, v)
		}
		if x {
			return append(b, 1), nil
		}
		return append(b, 0), nil
	case "int2", "int4", "int8":
		i, err := intValue(base, v)
		return appendInt64(b, i), err
	case "float4":
		f, err := floatValue(base, v)
		return appendFloat32(b, float32(f)), err
	case "float8":
		f, err := floatValue(base, v)
		return appendFloat64(b, f), err
	case "numeric":
		d, err := numericValue(v)
		return d.append(b), err
	case "text", "uuid":
		s, ok := v.(string)
		if !ok {
			return nil, mismatch(base, v)
		}
		if base == "uuid" {
			s = strings.ToLower(s)
		}
		return appendString(b, s), nil
	case "bytea":
		switch x := v.(type) {
		case []byte:
			return appendBytes(b, x), nil
		case string:
			return appendString(b, x), nil
		}
		return nil, mismatch(base, v)
	case "date", "timestamp", "timestamptz":
		t, ok := v.(time.Time)
		if !ok {
			return nil, mismatch(base, v)
		}
		if base == "date" {
			t = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		}
		return appendInt64(b, t.UnixMicro()), nil
	case "json", "jsonb":
		switch x := v.(type) {
		case string:
			return append(appendLen(b, len(x)), x...), nil
		case []byte:
			return append(appendLen(b, len(x)), x...), nil
		}
		return nil, mismatch(base, v)
	}
	return nil, fmt.Errorf("type %s is not supported by the online store", base)
}

func readValue(b []byte, base string) (any, []byte, error) {
	switch base {
	case "bool":
		if len(b) < 1 {
			return nil, nil, errCorrupt
		}
		return b[0] == 1, b[1:], nil
	case "int2":
		i, rest, err := readInt64(b)
		return int16(i), rest, err
	case "int4":
		i, rest, err := readInt64(b)
		return int32(i), rest, err
	case "int8":
		i, rest, err := readInt64(b)
		return i, rest, err
	case "float4":
		f, rest, err := readFloat32(b)
		return f, rest, err
	case "float8":
		f, rest, err := readFloat64(b)
		return f, rest, err
	case "numeric":
		d, rest, err := readDecimal(b)
		return d.String(), rest, err
	case "text", "uuid":
		s, rest, err := readBytes(b)
		return string(s), rest, err
	case "bytea":
		s, rest, err := readBytes(b)
		return s, rest, err
	case "date", "timestamp", "timestamptz":
		i, rest, err := readInt64(b)
		return time.UnixMicro(i).UTC(), rest, err
	case "json", "jsonb":
		n, rest, err := readLen(b)
		if err != nil {
			return nil, nil, err
		}
		return string(rest[:n]), rest[n:], nil
	}
	return nil, nil, errCorrupt
}

var intRanges = map[string][2]int64{
	"int2": {math.MinInt16, math.MaxInt16},
	"int4": {math.MinInt32, math.MaxInt32},
	"int8": {math.MinInt64, math.MaxInt64},
}

func intValue(base string, v any) (int64, error) {
	i, ok, err := asInt64(v)
	if err != nil {
		return 0, outOfRange(err.Error())
	}
	if !ok {
		return 0, mismatch(base, v)
	}
	if r := intRanges[base]; i < r[0] || i > r[1] {
		return 0, outOfRange(fmt.Sprintf("%d is out of range for type %s", i, base))
	}
	return i, nil
}

func floatValue(base string, v any) (float64, error) {
	switch x := v.(type) {
	case float64:
		return x, nil
	case float32:
		return float64(x), nil
	}
	if i, ok, err := asInt64(v); ok && err == nil {
		return float64(i), nil
	}
	return 0, mismatch(base, v)
}

func numericValue(v any) (decimal, error) {
	switch x := v.(type) {
	case string:
		d, err := parseDecimal(x)
		if err != nil {
			return decimal{}, invalidText(err.Error())
		}
		return d, nil
	case float64:
		if math.IsNaN(x) {
			return decimal{class: numNaN}, nil
		}
		if math.IsInf(x, 1) {
			return decimal{class: numPosInf}, nil
		}
		if math.IsInf(x, -1) {
			return decimal{class: numNegInf}, nil
		}
		return parseDecimal(strconv.FormatFloat(x, 'f', -1, 64))
	}
	if i, ok, err := asInt64(v); ok && err == nil {
		return parseDecimal(strconv.FormatInt(i, 10))
	}
	return decimal{}, mismatch("numeric", v)
}

// valueError is a problem with one value; the caller adds the column.
type valueError struct {
	code, msg string
}

func (e *valueError) Error() string { return e.msg }

func mismatch(base string, v any) error {
	return &valueError{codeDatatype, fmt.Sprintf("a %T value cannot be stored as %s", v, base)}
}

func outOfRange(msg string) error { return &valueError{codeOutOfRange, msg} }

func invalidText(msg string) error { return &valueError{codeInvalidText, msg} }
