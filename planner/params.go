package planner

import (
	"strings"

	"github.com/pitgate/pitgate/plan"
)

// Parameter typing. A client that prepares a statement may leave the type
// of each $n unspecified (OID 0); PostgreSQL then takes it from the
// context, and so does the binder, as it binds each expression once: a
// parameter compared with an expression of known type (a column, a cast, a
// literal) takes that type, as does one in arithmetic with a number; one under a cast takes the cast's type; one in
// LIMIT or OFFSET is int8; an element of an IN list or a BETWEEN bound takes
// the tested expression's type, and x = ANY($1) makes $1 an array of x's
// type. The first context that gives a type wins. A parameter nothing types
// is text, which the warehouse casts implicitly where PostgreSQL would.

// paramText is the type of a parameter no context types.
const paramText plan.Type = "text"

// comparisons are the operators whose two sides have one type.
var comparisons = map[string]bool{
	"=": true, "<>": true, "<": true, "<=": true, ">": true, ">=": true,
	"IS DISTINCT FROM": true, "IS NOT DISTINCT FROM": true,
	"LIKE": true, "NOT LIKE": true, "ILIKE": true, "NOT ILIKE": true,
}

// param binds $n, remembering that the statement has at least n parameters.
func (b *binder) param(n int) *plan.Param {
	for len(b.params) < n {
		b.params = append(b.params, "")
	}
	return &plan.Param{N: n}
}

// typeParam gives parameter e type t, unless e is no parameter, t is
// unknown or the parameter already has a type.
func (b *binder) typeParam(e plan.Expr, t plan.Type) {
	p, ok := e.(*plan.Param)
	if !ok || t == "" || p.N < 1 || p.N > len(b.params) || b.params[p.N-1] != "" {
		return
	}
	b.params[p.N-1] = t
}

// arithmetic are the operators whose sides share a numeric type; with a
// non-numeric side (timestamp - interval) the other side's type differs.
var arithmetic = map[string]bool{"+": true, "-": true, "*": true, "/": true, "%": true}

var numericTypes = map[plan.Type]bool{
	"int2": true, "int4": true, "int8": true, "float4": true, "float8": true, "numeric": true,
}

// typeCompared types the parameters among the two sides of a comparison,
// or of arithmetic on numbers.
func (b *binder) typeCompared(op string, args []plan.Expr, sc *scope) {
	if len(args) != 2 || !comparisons[op] && !arithmetic[op] {
		return
	}
	for i, other := range []plan.Expr{args[1], args[0]} {
		t := b.contextType(other, sc)
		if arithmetic[op] && !numericTypes[t] {
			continue
		}
		b.typeParam(args[i], t)
	}
}

// typeAlike types the parameters among x and others (IN lists, BETWEEN
// bounds) with the type of whichever of them has one.
func (b *binder) typeAlike(x plan.Expr, others []plan.Expr, sc *scope) {
	t := b.contextType(x, sc)
	for _, o := range others {
		if t != "" {
			break
		}
		t = b.contextType(o, sc)
	}
	b.typeParam(x, t)
	for _, o := range others {
		b.typeParam(o, t)
	}
}

// typeAnyArray types $1 in x = ANY($1) as an array of x's type.
func (b *binder) typeAnyArray(x, array plan.Expr, sc *scope) {
	if t := b.contextType(x, sc); t != "" && !strings.HasSuffix(string(t), "[]") {
		b.typeParam(array, t+"[]")
	}
}

// contextType is the type e gives a parameter beside it: a literal's own
// type (1 is int4, as in PostgreSQL), a typed parameter's, else what binding
// knows.
func (b *binder) contextType(e plan.Expr, sc *scope) plan.Type {
	switch e := e.(type) {
	case *plan.Const:
		return e.Type
	case *plan.Param:
		if e.N >= 1 && e.N <= len(b.params) {
			return b.params[e.N-1]
		}
		return ""
	}
	return exprType(e, sc)
}

// paramTypes is the type of each parameter, $1 first, text where no
// context gave one.
func (b *binder) paramTypes() []plan.Type {
	if len(b.params) == 0 {
		return nil
	}
	out := make([]plan.Type, len(b.params))
	for i, t := range b.params {
		if t == "" {
			t = paramText
		}
		out[i] = t
	}
	return out
}
