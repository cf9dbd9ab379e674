package planner

import (
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
)

// The values and operators of a COPY FROM WHERE condition (copy_where.go),
// as PostgreSQL 15 computes them. A value is nil (NULL), int64 (int2,
// int4, int8), *wnum (numeric), float64 (float8), bool, or string (text,
// varchar).

// wtype is a type of the condition: name is the canonical name ("int4"),
// "unknown" for an untyped literal; display is PostgreSQL's name for
// messages; varchar's length and numeric's precision and scale are its
// modifiers (0: none).
type wtype struct {
	name, display string
	length        int
	prec, scale   int
}

var (
	unknownType = wtype{name: "unknown", display: "unknown"}
	boolType    = typeNamed("bool")
	numericType = typeNamed("numeric")
)

var typeDisplay = map[string]string{
	"int2": "smallint", "int4": "integer", "int8": "bigint", "numeric": "numeric",
	"float8": "double precision", "bool": "boolean", "text": "text", "varchar": "character varying",
}

var typeAliases = map[string]string{
	"smallint": "int2", "integer": "int4", "int": "int4", "bigint": "int8", "decimal": "numeric",
	"double precision": "float8", "boolean": "bool", "character varying": "varchar",
}

func typeNamed(name string) wtype { return wtype{name: name, display: typeDisplay[name]} }

var typmodRe = regexp.MustCompile(`^([a-z0-9 ]+?)\s*(?:\((\d+)(?:\s*,\s*(\d+))?\))?$`)

// whereType reads a column's type name ("numeric(10,2)", "integer").
func whereType(s string) (wtype, error) {
	m := typmodRe.FindStringSubmatch(strings.ToLower(strings.TrimSpace(s)))
	if m == nil {
		return wtype{}, whereUnsupported("type " + s)
	}
	name := m[1]
	if a, ok := typeAliases[name]; ok {
		name = a
	}
	if _, ok := typeDisplay[name]; !ok {
		return wtype{}, whereUnsupported("type " + s)
	}
	t := typeNamed(name)
	if m[2] != "" {
		n, _ := strconv.Atoi(m[2])
		switch name {
		case "varchar":
			t.length = n
			t.display += "(" + m[2] + ")"
		case "numeric":
			t.prec, _ = n, 0
			t.scale, _ = strconv.Atoi(m[3])
		default:
			return wtype{}, whereUnsupported("type " + s)
		}
	}
	return t, nil
}

// family is the group a type's operators belong to.
func (t wtype) family() string {
	switch t.name {
	case "int2", "int4", "int8":
		return "int"
	case "varchar":
		return "text"
	}
	return t.name
}

// wnum is a numeric: finite (r), or NaN or ±Infinity (special 2, 1, -1).
type wnum struct {
	r       *big.Rat
	special int
}

func (n *wnum) float() float64 {
	switch n.special {
	case 2:
		return math.NaN()
	case 1:
		return math.Inf(1)
	case -1:
		return math.Inf(-1)
	}
	f, _ := n.r.Float64()
	return f
}

// order ranks a numeric as PostgreSQL sorts it: -Infinity, finite,
// Infinity, NaN.
func (n *wnum) cmp(o *wnum) int {
	rank := func(x *wnum) int {
		switch x.special {
		case -1:
			return 0
		case 1:
			return 2
		case 2:
			return 3
		}
		return 1
	}
	if a, b := rank(n), rank(o); a != b || a != 1 {
		return cmpInt(int64(a), int64(b))
	}
	return n.r.Cmp(o.r)
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// cmpFloat is float8_cmp_internal: NaN equals NaN and sorts above all.
func cmpFloat(a, b float64) int {
	switch an, bn := math.IsNaN(a), math.IsNaN(b); {
	case an && bn:
		return 0
	case an:
		return 1
	case bn:
		return -1
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func inputError(t wtype, s string) error {
	return sqlerr.New("22P02", "invalid input syntax for type %s: %q", typeDisplay[t.name], s)
}

// readValue reads s with t's input function.
func readValue(s string, t wtype) (any, error) {
	switch t.family() {
	case "int":
		return readIntValue(s, t)
	case "bool":
		b, ok := readBool(s)
		if !ok {
			return nil, inputError(t, s)
		}
		return b, nil
	case "numeric":
		return readNumeric(s, t)
	case "float8":
		return readFloat(s)
	}
	if t.length > 0 && len([]rune(s)) > t.length {
		r := []rune(s)
		if strings.Trim(string(r[t.length:]), " ") != "" {
			return nil, sqlerr.New("22001", "value too long for type character varying(%d)", t.length)
		}
		s = string(r[:t.length])
	}
	return s, nil
}

var intSyntax = regexp.MustCompile(`^[+-]?[0-9]+$`)

func readIntValue(s string, t wtype) (any, error) {
	trimmed := strings.TrimFunc(s, isSpace)
	if !intSyntax.MatchString(trimmed) {
		return nil, inputError(t, s)
	}
	v, ok := readInt(trimmed)
	if !ok || intRange(v, plan.Type(t.name)) != nil {
		return nil, sqlerr.New("22003", "value %q is out of range for type %s", s, t.display)
	}
	return v, nil
}

var decimalSyntax = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$`)

// readNumeric is numeric_in, then the column's precision and scale.
func readNumeric(s string, t wtype) (*wnum, error) {
	trimmed := strings.TrimFunc(s, isSpace)
	var n *wnum
	switch strings.ToLower(trimmed) {
	case "nan":
		n = &wnum{special: 2}
	case "infinity", "+infinity":
		n = &wnum{special: 1}
	case "-infinity":
		n = &wnum{special: -1}
	default:
		if !decimalSyntax.MatchString(trimmed) {
			return nil, inputError(numericType, s)
		}
		if _, exp, ok := strings.Cut(strings.ToLower(trimmed), "e"); ok {
			if e, err := strconv.Atoi(exp); err != nil || e > 1000 || e < -1000 {
				return nil, sqlerr.New("22003", "value overflows numeric format")
			}
		}
		r, ok := new(big.Rat).SetString(strings.TrimPrefix(trimmed, "+"))
		if !ok {
			return nil, inputError(numericType, s)
		}
		n = &wnum{r: r}
	}
	return n, applyTypmod(n, t)
}

// applyTypmod rounds n to the column's scale, half away from zero, and
// checks its precision, as apply_typmod.
func applyTypmod(n *wnum, t wtype) error {
	if t.prec == 0 || n.special == 2 {
		return nil
	}
	overflow := sqlerr.New("22003", "numeric field overflow")
	if n.special != 0 {
		return overflow.WithDetail("A field with precision %d, scale %d cannot hold an infinite value.", t.prec, t.scale)
	}
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(t.scale)), nil)
	x := new(big.Rat).Mul(n.r, new(big.Rat).SetInt(scale))
	half := big.NewRat(1, 2)
	if x.Sign() < 0 {
		x.Sub(x, half)
	} else {
		x.Add(x, half)
	}
	q := new(big.Int).Quo(x.Num(), x.Denom()) // truncates toward zero
	n.r = new(big.Rat).SetFrac(q, scale)
	limit := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(t.prec)), nil)
	if new(big.Int).Abs(q).Cmp(limit) >= 0 {
		return overflow.WithDetail("A field with precision %d, scale %d must round to an absolute value less than %s.",
			t.prec, t.scale, "10^"+strconv.Itoa(t.prec-t.scale))
	}
	return nil
}

// readFloat is float8in.
func readFloat(s string) (float64, error) {
	trimmed := strings.TrimFunc(s, isSpace)
	switch strings.ToLower(trimmed) {
	case "nan":
		return math.NaN(), nil
	case "infinity", "+infinity", "inf", "+inf":
		return math.Inf(1), nil
	case "-infinity", "-inf":
		return math.Inf(-1), nil
	}
	if !decimalSyntax.MatchString(trimmed) {
		return 0, sqlerr.New("22P02", "invalid input syntax for type double precision: %q", s)
	}
	f, err := strconv.ParseFloat(trimmed, 64)
	mantissa, _, _ := strings.Cut(strings.ToLower(trimmed), "e")
	if err != nil || math.IsInf(f, 0) || f == 0 && strings.Trim(mantissa, "+-0.") != "" {
		return 0, sqlerr.New("22003", "%q is out of range for type double precision", s)
	}
	return f, nil
}

// toNum and toFloat convert an operand to a wider family.
func toNum(v any) *wnum {
	switch x := v.(type) {
	case int64:
		return &wnum{r: new(big.Rat).SetInt64(x)}
	case *wnum:
		return x
	}
	return nil
}

func toFloat(v any) float64 {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case *wnum:
		return x.float()
	case float64:
		return x
	}
	return 0
}

// common is the family two operands are compared or computed in.
func common(l, r wtype) (string, bool) {
	a, b := l.family(), r.family()
	switch {
	case a == b:
		return a, true
	case a == "float8" && (b == "int" || b == "numeric"), b == "float8" && (a == "int" || a == "numeric"):
		return "float8", true
	case a == "numeric" && b == "int", a == "int" && b == "numeric":
		return "numeric", true
	}
	return "", false
}

func noOperator(op string, l, r wtype) error {
	return sqlerr.New("42883", "operator does not exist: %s %s %s", l.display, op, r.display).
		WithHint("No operator matches the given name and argument types. You might need to add explicit type casts.")
}

// unify types untyped literals by the other operand (text when both are).
func unify(l, r wexpr) (wexpr, wexpr, error) {
	var err error
	switch lu, ru := l.typ().name == "unknown", r.typ().name == "unknown"; {
	case lu && ru:
		if l, err = castTo(l, typeNamed("text")); err == nil {
			r, err = castTo(r, typeNamed("text"))
		}
	case lu:
		l, err = castTo(l, r.typ().base())
	case ru:
		r, err = castTo(r, l.typ().base())
	}
	return l, r, err
}

// base is the type without modifiers, as a literal compared with a
// column is read.
func (t wtype) base() wtype { return typeNamed(t.name) }

func compareOf(op string, l, r wexpr) (wexpr, error) {
	l, r, err := unify(l, r)
	if err != nil {
		return nil, err
	}
	fam, ok := common(l.typ(), r.typ())
	if !ok {
		return nil, noOperator(op, l.typ(), r.typ())
	}
	if fam == "text" && op != "=" && op != "<>" {
		return nil, whereUnsupported("text compared by " + op + ", whose order follows the collation")
	}
	return &wcmp{op: op, l: l, r: r, fam: fam}, nil
}

func arithOf(op string, l, r wexpr) (wexpr, error) {
	if l.typ().name == "unknown" && r.typ().name == "unknown" {
		return nil, whereUnsupported("arithmetic on two untyped literals")
	}
	l, r, err := unify(l, r)
	if err != nil {
		return nil, err
	}
	fam, ok := common(l.typ(), r.typ())
	switch {
	case !ok || fam == "text" || fam == "bool" || fam == "float8" && op == "%":
		return nil, noOperator(op, l.typ(), r.typ())
	case fam == "numeric" && (op == "/" || op == "%"):
		return nil, whereUnsupported("numeric " + op + ", whose result scale pitgate does not reproduce")
	}
	t := typeNamed(fam)
	if fam == "int" {
		t = typeNamed(string(wider(plan.Type(l.typ().name), plan.Type(r.typ().name))))
	}
	return &warith{op: op, l: l, r: r, t: t}, nil
}

func whereNegate(op string, x wexpr) (wexpr, error) {
	switch f := x.typ().family(); {
	case op != "-" && op != "+":
		return nil, whereUnsupported("prefix operator " + op)
	case f != "int" && f != "numeric" && f != "float8":
		return nil, sqlerr.New("42883", "operator does not exist: %s %s", op, x.typ().display)
	case op == "+":
		return x, nil
	}
	return &wneg{x: x}, nil
}

// castTo converts x to t: an untyped literal is read by t's input function
// now; another value at each row.
func castTo(x wexpr, t wtype) (wexpr, error) {
	from := x.typ()
	if lit, ok := x.(*wlit); ok && from.name == "unknown" {
		if lit.v == nil {
			return &wlit{t: t}, nil
		}
		v, err := readValue(lit.v.(string), t)
		if err != nil {
			return nil, err
		}
		return &wlit{v: v, t: t}, nil
	}
	if from.name == t.name {
		return x, nil
	}
	ff, tf := from.family(), t.family()
	switch {
	case ff == "int" && (tf == "int" || tf == "numeric" || tf == "float8" || tf == "text"),
		ff == "numeric" && (tf == "int" || tf == "float8"),
		ff == "float8" && tf == "int",
		ff == "bool" && tf == "text",
		ff == "text" && tf != "text":
		return &wcast{x: x, t: t}, nil
	case ff == "text" && tf == "text":
		return &wcast{x: x, t: t}, nil
	}
	return nil, whereUnsupported("a cast from " + from.display + " to " + t.display)
}
