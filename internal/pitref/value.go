package pitref

import (
	"cmp"
	"fmt"
	"math"
	"strings"
	"time"
)

// compareSameType orders two non-NULL values of one Go type. It panics on
// two different types or an unsupported type: comparing an int64 key with a
// string key has no defined answer here, so the scenario is wrong.
func compareSameType(a, b any) int {
	switch x := a.(type) {
	case int64:
		return cmp.Compare(x, mustBe[int64](a, b))
	case float64:
		return compareFloat(x, mustBe[float64](a, b))
	case string:
		return strings.Compare(x, mustBe[string](a, b))
	case bool:
		return compareBool(x, mustBe[bool](a, b))
	case time.Time:
		return x.Compare(mustBe[time.Time](a, b))
	}
	panic(fmt.Sprintf("pitref: unsupported value %T(%v)", a, a))
}

func mustBe[T any](a, b any) T {
	y, ok := b.(T)
	if !ok {
		panic(fmt.Sprintf("pitref: cannot compare %T(%v) with %T(%v)", a, a, b, b))
	}
	return y
}

// compareFloat is numeric order with NaN above every number and equal to
// itself, as PostgreSQL sorts floats; -0 equals +0.
func compareFloat(a, b float64) int {
	switch {
	case math.IsNaN(a) && math.IsNaN(b):
		return 0
	case math.IsNaN(a):
		return 1
	case math.IsNaN(b):
		return -1
	}
	return cmp.Compare(a, b)
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// compareNullsLow orders two values of one column with NULL below any value
// (two NULLs tie): the tie-break order of the package doc.
func compareNullsLow(a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	return compareSameType(a, b)
}

// keysEqual is SQL equality in a join condition: NULL matches nothing.
func keysEqual(a, b any) bool {
	return a != nil && b != nil && compareSameType(a, b) == 0
}

// timeValue reads a timestamp column value; ok is false for NULL.
func timeValue(v any, col string) (t time.Time, ok bool) {
	if v == nil {
		return time.Time{}, false
	}
	t, ok = v.(time.Time)
	if !ok {
		panic(fmt.Sprintf("pitref: column %q holds %T(%v), want time.Time", col, v, v))
	}
	return t, true
}
