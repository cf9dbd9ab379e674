package planner

import (
	"math"
	"strconv"
	"strings"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
)

// constValue is an evaluated item: val is nil (NULL), int64 (int2, int4,
// int8), bool, string (text, varchar, numeric's canonical text, unknown)
// or float64.
type constValue struct {
	val any
	typ plan.Type
}

func evalConst(e plan.Expr, params []plan.Expr) (constValue, error) {
	switch e := e.(type) {
	case *plan.Const:
		return evalLiteral(e)
	case *plan.Param:
		if e.N < 1 || e.N > len(params) {
			return constValue{}, ErrNotConstant
		}
		return evalConst(params[e.N-1], nil)
	case *plan.Cast:
		x, err := evalConst(e.X, params)
		if err != nil {
			return constValue{}, err
		}
		return castConst(x, e.Type)
	case *plan.Op:
		return evalOp(e, params)
	}
	return constValue{}, ErrNotConstant
}

// evalLiteral is a literal's value. A bound parameter's literal holds an
// int64 without a type (then its cast types it).
func evalLiteral(c *plan.Const) (constValue, error) {
	if c.Type == "" {
		if _, ok := c.Value.(int64); ok {
			return constValue{c.Value, "int8"}, nil
		}
	}
	t, ok := literalType(c)
	if !ok {
		return constValue{}, ErrNotConstant
	}
	if t == "numeric" {
		text, _ := canonicalNumeric(c.Value.(string))
		return constValue{text, t}, nil
	}
	return constValue{c.Value, t}, nil
}

func castConst(x constValue, to plan.Type) (constValue, error) {
	if !castable[x.typ][to] {
		return constValue{}, ErrNotConstant
	}
	if x.val == nil {
		return constValue{nil, to}, nil
	}
	switch v := x.val.(type) {
	case int64:
		return intTo(v, to)
	case bool:
		if to == "bool" {
			return constValue{v, to}, nil
		}
		return constValue{strconv.FormatBool(v), to}, nil
	case float64:
		return constValue{v, to}, nil
	case string:
		if x.typ == unknown {
			return readInput(v, to)
		}
		if to == "float8" {
			return readFloat8(v) // numeric's canonical text
		}
		return constValue{v, to}, nil
	}
	return constValue{}, ErrNotConstant
}

// intTo converts an integer, with PostgreSQL's error for one out of the
// target's range.
func intTo(v int64, to plan.Type) (constValue, error) {
	switch to {
	case "int2", "int4", "int8":
		if err := intRange(v, to); err != nil {
			return constValue{}, err
		}
		return constValue{v, to}, nil
	case "float8":
		return constValue{float64(v), to}, nil
	}
	return constValue{strconv.FormatInt(v, 10), to}, nil // text, varchar, numeric
}

func intRange(v int64, t plan.Type) error {
	switch {
	case t == "int2" && (v < math.MinInt16 || v > math.MaxInt16):
		return outOfRange(t)
	case t == "int4" && (v < math.MinInt32 || v > math.MaxInt32):
		return outOfRange(t)
	}
	return nil
}

func outOfRange(t plan.Type) error {
	name := map[plan.Type]string{"int2": "smallint", "int4": "integer", "int8": "bigint"}[t]
	return sqlerr.New("22003", "%s out of range", name)
}

// readInput reads a string literal with to's input function, where the
// subset reads it exactly.
func readInput(s string, to plan.Type) (constValue, error) {
	switch to {
	case "text", "varchar":
		return constValue{s, to}, nil
	case "int2", "int4", "int8":
		v, ok := readInt(s)
		if !ok || intRange(v, to) != nil {
			return constValue{}, ErrNotConstant // PostgreSQL's message names the input: not reproduced
		}
		return constValue{v, to}, nil
	case "bool":
		b, ok := readBool(s)
		if !ok {
			return constValue{}, ErrNotConstant
		}
		return constValue{b, to}, nil
	case "numeric":
		text, ok := canonicalNumeric(s)
		if !ok {
			return constValue{}, ErrNotConstant
		}
		return constValue{text, to}, nil
	case "float8":
		return readFloat8(s)
	}
	return constValue{}, ErrNotConstant
}

// isSpace is C's isspace, which PostgreSQL's input functions skip.
func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f'
}

// readInt reads an integer as PostgreSQL 15's pg_strtoint64: spaces
// around, an optional sign, decimal digits only.
func readInt(s string) (int64, bool) {
	s = strings.TrimFunc(s, isSpace)
	digits := strings.TrimLeft(s, "+-")
	if len(s)-len(digits) > 1 || digits == "" || strings.Trim(digits, "0123456789") != "" {
		return 0, false
	}
	v, err := strconv.ParseInt(s, 10, 64)
	return v, err == nil
}

// readBool reads a boolean as PostgreSQL's boolin: spaces around, then a
// case-insensitive prefix of true, false, yes, no (at least one letter),
// of on, off (at least two), or exactly 1 or 0.
func readBool(s string) (bool, bool) {
	s = strings.ToLower(strings.TrimFunc(s, isSpace))
	prefixOf := func(word string, least int) bool {
		return len(s) >= least && len(s) <= len(word) && strings.HasPrefix(word, s)
	}
	switch {
	case prefixOf("true", 1), prefixOf("yes", 1), prefixOf("on", 2), s == "1":
		return true, true
	case prefixOf("false", 1), prefixOf("no", 1), prefixOf("off", 2), s == "0":
		return false, true
	}
	return false, false
}

// canonicalNumeric is s as numeric_out prints it, when s is written as
// -?(0|[1-9][0-9]*)(.[0-9]+)?: the same text, except that a zero has no
// sign.
func canonicalNumeric(s string) (string, bool) {
	body := strings.TrimPrefix(s, "-")
	whole, frac, dot := strings.Cut(body, ".")
	switch {
	case whole == "" || strings.Trim(whole, "0123456789") != "" || (len(whole) > 1 && whole[0] == '0'):
		return "", false
	case dot && (frac == "" || strings.Trim(frac, "0123456789") != ""):
		return "", false
	}
	if strings.Trim(whole+frac, "0") == "" {
		return body, true
	}
	return s, true
}

// readFloat8 reads a canonical decimal as float8in does (correctly
// rounded, as strconv); a value out of float8's range, or one that rounds
// to zero, is left to the warehouse.
func readFloat8(s string) (constValue, error) {
	text, ok := canonicalNumeric(s)
	if !ok {
		return constValue{}, ErrNotConstant
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsInf(f, 0) || (f == 0 && strings.Trim(text, "-0.") != "") {
		return constValue{}, ErrNotConstant
	}
	return constValue{f, "float8"}, nil
}

// evalOp is an integer operator, NULL when an operand is.
func evalOp(e *plan.Op, params []plan.Expr) (constValue, error) {
	var args [2]int64
	var typ plan.Type
	null := false
	for i, a := range e.Args {
		v, err := evalConst(a, params)
		if err != nil {
			return constValue{}, err
		}
		if !isInteger(v.typ) {
			return constValue{}, ErrNotConstant
		}
		typ = wider(typ, v.typ)
		if v.val == nil {
			null = true
			continue
		}
		args[i] = v.val.(int64)
	}
	if null {
		return constValue{nil, typ}, nil
	}
	v, err := intOp(e.Op, len(e.Args), args[0], args[1], typ)
	return constValue{v, typ}, err
}

// intOp computes an integer operator in type t, as PostgreSQL's int2, int4
// and int8 functions: an overflow of t is 22003, a zero divisor 22012, and
// the remainder of the smallest value by -1 is 0.
func intOp(op string, n int, a, b int64, t plan.Type) (int64, error) {
	if n == 1 {
		if op == "+" {
			return a, nil
		}
		a, b, op = 0, a, "-"
	}
	var r int64
	switch op {
	case "+":
		r = a + b
		if (b > 0 && r < a) || (b < 0 && r > a) {
			return 0, outOfRange(t)
		}
	case "-":
		r = a - b
		if (b < 0 && r < a) || (b > 0 && r > a) {
			return 0, outOfRange(t)
		}
	case "*":
		r = a * b
		if a != 0 && (r/a != b || (a == -1 && b == math.MinInt64)) {
			return 0, outOfRange(t)
		}
	case "/", "%":
		if b == 0 {
			return 0, sqlerr.New(sqlerr.DivisionByZero, "division by zero")
		}
		if b == -1 {
			// The one overflow: -min. PostgreSQL's remainder is 0.
			if op == "%" {
				return 0, nil
			}
			return intOp("-", 1, a, 0, t)
		}
		if op == "/" {
			r = a / b
		} else {
			r = a % b
		}
	}
	return r, intRange(r, t)
}
