package gateway

import (
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

// Numbers: PostgreSQL's integer, float and numeric input and the casts
// between them (see online_values.go).

var intNames = map[string]string{"int2": "smallint", "int4": "integer", "int8": "bigint"}

// inRange reports whether i fits integer type t.
func inRange(i int64, t string) bool {
	switch t {
	case "int2":
		return i >= math.MinInt16 && i <= math.MaxInt16
	case "int4":
		return i >= math.MinInt32 && i <= math.MaxInt32
	}
	return true
}

func toInt(v any, from, to string) (any, error) {
	var i int64
	switch x := v.(type) {
	case int64:
		i = x
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) >= 1<<63 {
			return nil, badValue("22003", "%s out of range", intNames[to])
		}
		i = int64(math.RoundToEven(x))
	case float32:
		return toInt(float64(x), from, to)
	case string:
		var err error
		if i, err = parseInt(x, from, to); err != nil {
			return nil, err
		}
	case bool:
		if x {
			i = 1
		}
	default:
		return nil, mismatch(v, to)
	}
	if !inRange(i, to) {
		return nil, badValue("22003", "%s out of range: %d", intNames[to], i)
	}
	if _, same := v.(int64); same {
		return v, nil // no new boxing on the hot path
	}
	return i, nil
}

// parseInt reads integer text; numeric text (a literal like 1.5) rounds
// half away from zero, as PostgreSQL's numeric-to-integer cast does.
func parseInt(s, from, to string) (int64, error) {
	t := strings.TrimSpace(s)
	if i, err := strconv.ParseInt(t, 10, 64); err == nil {
		return i, nil
	} else if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
		return 0, badValue("22003", "%s out of range: %s", intNames[to], t)
	}
	if from == "numeric" {
		if r, ok := new(big.Rat).SetString(t); ok {
			half := new(big.Rat).SetFrac64(1, 2)
			if r.Sign() < 0 {
				half.Neg(half)
			}
			r.Add(r, half) // then truncate toward zero
			n := new(big.Int).Quo(r.Num(), r.Denom())
			if !n.IsInt64() {
				return 0, badValue("22003", "%s out of range: %s", intNames[to], t)
			}
			return n.Int64(), nil
		}
	}
	return 0, badValue(sqlerr.InvalidText, "invalid input syntax for type %s: %q", intNames[to], s)
}

func toFloat(v any, to string) (any, error) {
	var f float64
	switch x := v.(type) {
	case int64:
		f = float64(x)
	case float64:
		f = x
	case float32:
		f = float64(x)
	case string:
		t := strings.TrimSpace(x)
		var err error
		f, err = strconv.ParseFloat(t, 64)
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return nil, badValue("22003", "%q is out of range for type %s", x, to)
		}
		if err != nil || strings.EqualFold(strings.TrimLeft(t, "+-"), "inf") {
			return nil, badValue(sqlerr.InvalidText, "invalid input syntax for type %s: %q", to, x)
		}
	default:
		return nil, mismatch(v, to)
	}
	if to == "float4" {
		if !math.IsInf(f, 0) && !math.IsNaN(f) && math.Abs(f) > math.MaxFloat32 {
			return nil, badValue("22003", "value out of range: overflow")
		}
		return float32(f), nil
	}
	return f, nil
}

func toNumeric(v any) (any, error) {
	switch x := v.(type) {
	case int64:
		return strconv.FormatInt(x, 10), nil
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	case float32:
		return strconv.FormatFloat(float64(x), 'f', -1, 32), nil
	case string:
		t := strings.TrimSpace(x)
		if _, ok := new(big.Rat).SetString(t); ok && !strings.ContainsAny(t, "/xXpP_") {
			return t, nil
		}
		switch strings.ToLower(strings.TrimLeft(t, "+-")) {
		case "nan", "infinity", "inf":
			return t, nil
		}
		return nil, badValue(sqlerr.InvalidText, "invalid input syntax for type numeric: %q", x)
	}
	return nil, mismatch(v, "numeric")
}
