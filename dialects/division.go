package dialects

import (
	"github.com/pitgate/pitgate/plan"
)

// numClass is what the printer knows of an operand's type: an integer, a
// float, or nothing (a numeric, an unknown column, a parameter).
type numClass int

const (
	numUnknown numClass = iota
	numInteger
	numFloat
)

// divider prints l / r for a dialect whose / means PostgreSQL's only for
// some operand types (BigQuery, Snowflake): with both operands integers
// PostgreSQL truncates, with a float operand it divides in floats. ok false
// means the dialect cannot say it and the printer refuses /.
type divider interface {
	Divide(l, r string, lc, rc numClass) (sql string, ok bool)
}

// typeIndex maps every column of the plan to its type, so that the
// printer can tell an integer column from a float one.
func typeIndex(root plan.Node) map[plan.ColumnID]plan.Type {
	types := map[plan.ColumnID]plan.Type{}
	var walk func(plan.Node)
	walk = func(n plan.Node) {
		for _, c := range n.Columns() {
			if c.Type != "" {
				types[c.ID] = c.Type
			}
		}
		for _, ch := range n.Children() {
			walk(ch)
		}
	}
	walk(root)
	return types
}

// classOf is the class of e where its type is evident from the tree.
func (p *printer) classOf(e plan.Expr) numClass {
	switch e := e.(type) {
	case *plan.Const:
		switch e.Value.(type) {
		case int64:
			return numInteger
		case float64:
			return numFloat
		}
	case *plan.Cast:
		return classOfType(e.Type)
	case *plan.ColRef:
		return classOfType(p.types[e.ID])
	case *plan.Op:
		return p.classOfOp(e)
	}
	// Functions stay unknown: PostgreSQL's div(int, int) is numeric, so
	// 1 / div(4, 2) is 0.5 there.
	return numUnknown
}

// classOfOp: + - * % of two integers is an integer, and with a float
// operand a float; unary minus keeps its operand's class.
func (p *printer) classOfOp(e *plan.Op) numClass {
	switch e.Op {
	case "+", "-", "*", "%":
		return p.classOfArgs(e.Args)
	}
	return numUnknown
}

func (p *printer) classOfArgs(args []plan.Expr) numClass {
	out := numInteger
	for _, a := range args {
		switch p.classOf(a) {
		case numUnknown:
			return numUnknown
		case numFloat:
			out = numFloat
		}
	}
	return out
}

func classOfType(t plan.Type) numClass {
	base, _, array := splitType(t)
	if array {
		return numUnknown
	}
	switch canonical(base) {
	case "int2", "int4", "int8":
		return numInteger
	case "float4", "float8":
		return numFloat
	}
	return numUnknown
}

// divide prints e (an Op "/") through the dialect's divider, if it has one.
func (p *printer) divide(e *plan.Op, l, r string) (string, bool) {
	dv, ok := p.d.(divider)
	if !ok || len(e.Args) != 2 {
		return "", false
	}
	return dv.Divide(l, r, p.classOf(e.Args[0]), p.classOf(e.Args[1]))
}

// Divide: INT64 / INT64 is FLOAT64 in BigQuery, so two integers go through
// DIV (which truncates toward zero and raises on a zero divisor, as
// PostgreSQL does); a float operand divides as FLOAT64, raising on zero as
// PostgreSQL does.
func (BigQuery) Divide(l, r string, lc, rc numClass) (string, bool) {
	switch {
	case lc == numInteger && rc == numInteger:
		return "DIV(" + l + ", " + r + ")", true
	case (lc == numFloat && rc != numUnknown) || (rc == numFloat && lc != numUnknown):
		return "(" + l + " / " + r + ")", true
	}
	return "", false
}

// Divide: Snowflake's integer / integer is a NUMBER with a fraction, so two
// integers are truncated toward zero after it; with a float operand
// Snowflake divides in FLOAT. A zero divisor raises in both.
func (Snowflake) Divide(l, r string, lc, rc numClass) (string, bool) {
	switch {
	case lc == numInteger && rc == numInteger:
		return "TRUNC(" + l + " / " + r + ")", true
	case (lc == numFloat && rc != numUnknown) || (rc == numFloat && lc != numUnknown):
		return "(" + l + " / " + r + ")", true
	}
	return "", false
}
