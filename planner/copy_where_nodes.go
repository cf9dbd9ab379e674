package planner

import (
	"math"
	"math/big"
	"strconv"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
)

// The nodes of a bound COPY FROM WHERE condition (copy_where.go). eval
// computes one row's value with PostgreSQL's NULL rules.

type wexpr interface {
	eval(row []any) (any, error)
	typ() wtype
}

// wcol is a column of the target: the COPY line's field, NULL when the
// column list leaves it out.
type wcol struct {
	field int
	t     wtype
}

func (c *wcol) typ() wtype { return c.t }
func (c *wcol) eval(row []any) (any, error) {
	if c.field < 0 {
		return nil, nil
	}
	return columnValue(row[c.field], c.t)
}

// columnValue is a field as a value of its column's type.
func columnValue(v any, t wtype) (any, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case string:
		return readValue(x, t)
	case []byte:
		return readValue(string(x), t)
	case int64:
		switch t.family() {
		case "int":
			if err := intRange(x, plan.Type(t.name)); err != nil {
				return nil, err
			}
			return x, nil
		case "numeric":
			n := toNum(x)
			return n, applyTypmod(n, t)
		case "float8":
			return float64(x), nil
		}
	case float64:
		if t.family() == "float8" {
			return x, nil
		}
	case bool:
		if t.family() == "bool" {
			return x, nil
		}
	}
	return nil, sqlerr.New(sqlerr.Internal, "COPY WHERE: a %T value for a %s column", v, t.display)
}

type wlit struct {
	v any
	t wtype
}

func (l *wlit) typ() wtype              { return l.t }
func (l *wlit) eval([]any) (any, error) { return l.v, nil }

// wcast converts a value at each row.
type wcast struct {
	x wexpr
	t wtype
}

func (c *wcast) typ() wtype { return c.t }
func (c *wcast) eval(row []any) (any, error) {
	v, err := c.x.eval(row)
	if err != nil || v == nil {
		return nil, err
	}
	switch x := v.(type) {
	case string:
		return readValue(x, c.t)
	case bool:
		return strconv.FormatBool(x), nil
	case int64:
		if c.t.family() == "text" {
			return strconv.FormatInt(x, 10), nil
		}
		return columnValue(x, c.t)
	case *wnum:
		if c.t.family() == "float8" {
			return x.float(), nil
		}
		return numToInt(x, c.t)
	case float64:
		return floatToInt(x, c.t)
	}
	return nil, sqlerr.New(sqlerr.Internal, "COPY WHERE: cannot cast %T", v)
}

// numToInt rounds half away from zero, as numeric_int4.
func numToInt(n *wnum, t wtype) (any, error) {
	if n.special != 0 {
		return nil, sqlerr.New(sqlerr.FeatureNotSupported, "cannot convert %s to %s", map[int]string{2: "NaN", 1: "infinity", -1: "infinity"}[n.special], t.display)
	}
	half := big.NewRat(1, 2)
	x := new(big.Rat).Set(n.r)
	if x.Sign() < 0 {
		x.Sub(x, half)
	} else {
		x.Add(x, half)
	}
	q := new(big.Int).Quo(x.Num(), x.Denom())
	if !q.IsInt64() {
		return nil, outOfRange(plan.Type(t.name))
	}
	return q.Int64(), intRange(q.Int64(), plan.Type(t.name))
}

// floatToInt rounds half to even, as float8_int4 (rint).
func floatToInt(f float64, t wtype) (any, error) {
	r := math.RoundToEven(f)
	if math.IsNaN(r) || r < -9.223372036854775808e18 || r >= 9.223372036854775808e18 {
		return nil, outOfRange(plan.Type(t.name))
	}
	return int64(r), intRange(int64(r), plan.Type(t.name))
}

type wcmp struct {
	op   string
	l, r wexpr
	fam  string
}

func (c *wcmp) typ() wtype { return boolType }
func (c *wcmp) eval(row []any) (any, error) {
	a, err := c.l.eval(row)
	if err != nil {
		return nil, err
	}
	b, err := c.r.eval(row)
	if err != nil || a == nil || b == nil {
		return nil, err
	}
	var k int
	switch c.fam {
	case "int":
		k = cmpInt(a.(int64), b.(int64))
	case "numeric":
		k = toNum(a).cmp(toNum(b))
	case "float8":
		k = cmpFloat(toFloat(a), toFloat(b))
	case "bool":
		k = cmpInt(boolInt(a.(bool)), boolInt(b.(bool)))
	default:
		if a.(string) != b.(string) {
			k = 1
		}
	}
	switch c.op {
	case "=":
		return k == 0, nil
	case "<>":
		return k != 0, nil
	case "<":
		return k < 0, nil
	case "<=":
		return k <= 0, nil
	case ">":
		return k > 0, nil
	}
	return k >= 0, nil
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

type warith struct {
	op   string
	l, r wexpr
	t    wtype
}

func (a *warith) typ() wtype { return a.t }
func (a *warith) eval(row []any) (any, error) {
	x, err := a.l.eval(row)
	if err != nil {
		return nil, err
	}
	y, err := a.r.eval(row)
	if err != nil || x == nil || y == nil {
		return nil, err
	}
	switch a.t.family() {
	case "int":
		return intOp(a.op, 2, x.(int64), y.(int64), plan.Type(a.t.name))
	case "float8":
		return floatOp(a.op, toFloat(x), toFloat(y))
	}
	return numOp(a.op, toNum(x), toNum(y))
}

// floatOp is float8pl, float8mi, float8mul and float8div with their
// overflow, underflow and division errors.
func floatOp(op string, a, b float64) (any, error) {
	var r float64
	switch op {
	case "+":
		r = a + b
	case "-":
		r = a - b
	case "*":
		r = a * b
		if r == 0 && a != 0 && b != 0 {
			return nil, sqlerr.New("22003", "value out of range: underflow")
		}
	case "/":
		if b == 0 && !math.IsNaN(a) {
			return nil, sqlerr.New(sqlerr.DivisionByZero, "division by zero")
		}
		r = a / b
		if r == 0 && a != 0 && !math.IsInf(b, 0) {
			return nil, sqlerr.New("22003", "value out of range: underflow")
		}
	}
	if math.IsInf(r, 0) && !math.IsInf(a, 0) && !math.IsInf(b, 0) {
		return nil, sqlerr.New("22003", "value out of range: overflow")
	}
	return r, nil
}

// numOp is numeric + - *: exact; NaN and the infinities as IEEE floats.
func numOp(op string, a, b *wnum) (any, error) {
	if a.special != 0 || b.special != 0 {
		f, _ := floatOp(op, a.float(), b.float())
		r := f.(float64)
		switch {
		case math.IsNaN(r):
			return &wnum{special: 2}, nil
		case math.IsInf(r, 1):
			return &wnum{special: 1}, nil
		case math.IsInf(r, -1):
			return &wnum{special: -1}, nil
		}
		return &wnum{r: new(big.Rat).SetFloat64(r)}, nil // x - Infinity... never finite
	}
	r := new(big.Rat)
	switch op {
	case "+":
		r.Add(a.r, b.r)
	case "-":
		r.Sub(a.r, b.r)
	default:
		r.Mul(a.r, b.r)
	}
	return &wnum{r: r}, nil
}

type wneg struct{ x wexpr }

func (n *wneg) typ() wtype { return n.x.typ() }
func (n *wneg) eval(row []any) (any, error) {
	v, err := n.x.eval(row)
	if err != nil || v == nil {
		return nil, err
	}
	switch x := v.(type) {
	case int64:
		return intOp("-", 1, x, 0, plan.Type(n.x.typ().name))
	case float64:
		return -x, nil
	}
	m := v.(*wnum)
	if m.special == 1 || m.special == -1 {
		return &wnum{special: -m.special}, nil
	}
	if m.special == 2 {
		return m, nil
	}
	return &wnum{r: new(big.Rat).Neg(m.r)}, nil
}

// wlogic is AND (and) or OR of its arguments, with SQL's three values.
type wlogic struct {
	and  bool
	args []wexpr
}

func (l *wlogic) typ() wtype { return boolType }
func (l *wlogic) eval(row []any) (any, error) {
	null := false
	for _, a := range l.args {
		v, err := a.eval(row)
		if err != nil {
			return nil, err
		}
		if v == nil {
			null = true
			continue
		}
		if v.(bool) != l.and { // false in AND, true in OR decides
			return !l.and, nil
		}
	}
	if null {
		return nil, nil
	}
	return l.and, nil
}

type wnot struct{ x wexpr }

func (n *wnot) typ() wtype { return boolType }
func (n *wnot) eval(row []any) (any, error) {
	v, err := n.x.eval(row)
	if err != nil || v == nil {
		return nil, err
	}
	return !v.(bool), nil
}

type wnull struct {
	x   wexpr
	not bool
}

func (n *wnull) typ() wtype { return boolType }
func (n *wnull) eval(row []any) (any, error) {
	v, err := n.x.eval(row)
	if err != nil {
		return nil, err
	}
	return (v == nil) != n.not, nil
}

// wbooltest is IS [NOT] TRUE / FALSE / UNKNOWN (want nil).
type wbooltest struct {
	x    wexpr
	want *bool
	not  bool
}

func (b *wbooltest) typ() wtype { return boolType }
func (b *wbooltest) eval(row []any) (any, error) {
	v, err := b.x.eval(row)
	if err != nil {
		return nil, err
	}
	var is bool
	if b.want == nil {
		is = v == nil
	} else {
		is = v != nil && v.(bool) == *b.want
	}
	return is != b.not, nil
}

// wdistinct is IS [NOT] DISTINCT FROM: NULL is not distinct from NULL.
type wdistinct struct {
	cmp wexpr // the operands' =
	not bool
}

func (d *wdistinct) typ() wtype { return boolType }
func (d *wdistinct) eval(row []any) (any, error) {
	c := d.cmp.(*wcmp)
	a, err := c.l.eval(row)
	if err != nil {
		return nil, err
	}
	b, err := c.r.eval(row)
	if err != nil {
		return nil, err
	}
	var distinct bool
	switch {
	case a == nil || b == nil:
		distinct = (a == nil) != (b == nil)
	default:
		eq, err := c.eval(row)
		if err != nil {
			return nil, err
		}
		distinct = !eq.(bool)
	}
	return distinct != d.not, nil
}
