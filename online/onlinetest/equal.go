package onlinetest

import (
	"bytes"
	"math"
	"strings"
	"time"

	"github.com/pitgate/pitgate/online"
)

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func resultEqual(a, b online.Result) bool {
	if a.Found != b.Found || !a.EventTS.Equal(b.EventTS) || len(a.Values) != len(b.Values) {
		return false
	}
	if !a.Found {
		return a.Values == nil && b.Values == nil
	}
	for i := range a.Values {
		if !valueEqual(a.Values[i], b.Values[i]) {
			return false
		}
	}
	return true
}

// valueEqual is exact equality: same Go type, floats bit for bit (so NaN
// payloads and -0 count), times as instants in UTC.
func valueEqual(a, b any) bool {
	switch x := a.(type) {
	case float64:
		y, ok := b.(float64)
		return ok && math.Float64bits(x) == math.Float64bits(y)
	case float32:
		y, ok := b.(float32)
		return ok && math.Float32bits(x) == math.Float32bits(y)
	case []byte:
		y, ok := b.([]byte)
		return ok && bytes.Equal(x, y) && (x == nil) == (y == nil)
	case time.Time:
		y, ok := b.(time.Time)
		return ok && x.Equal(y) && x.Location() == time.UTC
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !valueEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	}
	return a == b
}

// ValueEqual is valueEqual for other packages' tests.
func ValueEqual(a, b any) bool { return valueEqual(a, b) }
