package dialects

import (
	"strconv"
	"strings"

	"github.com/pitgate/pitgate/plan"
)

// literalScale is the type to print a cast as. A decimal text cast to
// unconstrained numeric ('12.5'::numeric, and every bound numeric
// parameter) keeps its own scale in PostgreSQL (12.5, 12.50), where
// DuckDB's stand-in for unconstrained numeric, DECIMAL(38,10), would print
// 12.5000000000: such a cast is printed to numeric(p,s) of the text's own
// digits, which has the same value and scale on every warehouse, as is a
// cast to numeric of such a cast. Other casts keep their type.
func literalScale(c *plan.Cast) plan.Type {
	if c.Type != "numeric" {
		return c.Type
	}
	x := c.X
	for inner, ok := x.(*plan.Cast); ok && inner.Type == "numeric"; inner, ok = x.(*plan.Cast) {
		x = inner.X // $1::numeric of a bound numeric parameter
	}
	k, ok := x.(*plan.Const)
	if !ok {
		return c.Type
	}
	text, ok := k.Value.(string)
	if !ok || k.Type != "" && k.Type != "numeric" && k.Type != "unknown" {
		return c.Type
	}
	p, s, ok := decimalDigits(text)
	if !ok {
		return c.Type
	}
	return plan.Type("numeric(" + strconv.Itoa(p) + "," + strconv.Itoa(s) + ")")
}

// decimalDigits is the precision and scale of a plain decimal text
// ([+-]digits[.digits]), false for anything else (exponents, NaN,
// Infinity) or more than 38 digits, the widest DECIMAL of DuckDB and
// Snowflake.
func decimalDigits(text string) (precision, scale int, ok bool) {
	t := strings.TrimLeft(text, "+-")
	if len(text)-len(t) > 1 {
		return 0, 0, false
	}
	whole, frac, _ := strings.Cut(t, ".")
	if whole == "" && frac == "" || !allDigits(whole) || !allDigits(frac) {
		return 0, 0, false
	}
	whole = strings.TrimLeft(whole, "0")
	precision, scale = max(len(whole)+len(frac), 1), len(frac)
	if precision > 38 {
		return 0, 0, false
	}
	return precision, scale, true
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
