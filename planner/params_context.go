package planner

import (
	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
)

// Where PostgreSQL types an untyped parameter beyond comparisons
// (params.go), or refuses it, so that a client preparing without types gets
// PostgreSQL's answer: an operand of AND, OR, NOT and a CASE WHEN condition
// is bool; coalesce, greatest, least and nullif type theirs alike; an
// argument of IS [NOT] NULL must get its type from somewhere else in the
// statement, or the statement is 42P18 (a bare $1 in the select list is
// text, as PostgreSQL 10+ makes it); arithmetic on parameters only is
// 42725, as the operator cannot be chosen.

// typeBool types the parameters among args as bool.
func (b *binder) typeBool(args ...plan.Expr) {
	for _, a := range args {
		b.typeParam(a, "bool")
	}
}

// needType records that parameter e, if it is one without a type yet, is
// used where its type stays unknown: no other context may type it later.
func (b *binder) needType(e plan.Expr) {
	if p, ok := e.(*plan.Param); ok && b.contextType(p, nil) == "" {
		if b.untyped == nil {
			b.untyped = map[int]bool{}
		}
		b.untyped[p.N] = true
	}
}

// undetermined is PostgreSQL's error for the first parameter needType
// marked: 42P18 when no context typed it, 42P08 when a later one did (the
// earlier use kept its unknown type).
func (b *binder) undetermined() error {
	for n := 1; n <= len(b.params); n++ {
		if !b.untyped[n] {
			continue
		}
		code := codeIndeterminateDatatype
		if b.params[n-1] != "" {
			code = codeAmbiguousParameter
		}
		return sqlerr.New(code, "could not determine data type of parameter $%d", n)
	}
	return nil
}

// PostgreSQL's indeterminate_datatype and ambiguous_parameter.
const (
	codeIndeterminateDatatype = "42P18"
	codeAmbiguousParameter    = "42P08"
)

// resolveUnknowns settles an operator whose operands are all of unknown
// type (untyped parameters and string literals): a comparison is text's,
// as PostgreSQL prefers the string category; arithmetic is ambiguous.
func (b *binder) resolveUnknowns(op string, args []plan.Expr, at int) error {
	if !comparisons[op] || len(args) != 2 || !b.unknown(args[0]) || !b.unknown(args[1]) {
		return b.ambiguousArithmetic(op, args, at)
	}
	b.typeParam(args[0], paramText)
	b.typeParam(args[1], paramText)
	return nil
}

// unknown reports whether e is an untyped parameter or string literal.
func (b *binder) unknown(e plan.Expr) bool {
	switch e := e.(type) {
	case *plan.Param:
		return b.contextType(e, nil) == ""
	case *plan.Const:
		_, isString := e.Value.(string)
		return isString && e.Type == ""
	}
	return false
}

// ambiguousArithmetic is 42725 for arithmetic whose every operand is a
// parameter without a type yet: PostgreSQL cannot choose among the
// operators (int4 + int4, float8 + float8, ...).
func (b *binder) ambiguousArithmetic(op string, args []plan.Expr, at int) error {
	if !arithmetic[op] || len(args) == 0 {
		return nil
	}
	for _, a := range args {
		if b.contextType(a, nil) != "" {
			return nil
		}
		if _, ok := a.(*plan.Param); !ok {
			return nil
		}
	}
	sig := op + " unknown"
	if len(args) == 2 {
		sig = "unknown " + sig
	}
	return sqlerr.New(codeAmbiguousFunction, "operator is not unique: %s", sig).
		WithHint("Could not choose a best candidate operator. You might need to add explicit type casts.").At(at)
}

// codeAmbiguousFunction is PostgreSQL's ambiguous_function.
const codeAmbiguousFunction = "42725"

// typeAlikeAll types the parameters among args with the type of the first
// of them that has one (coalesce($1, 1): int4).
func (b *binder) typeAlikeAll(args []plan.Expr, sc *scope) {
	if len(args) > 1 {
		b.typeAlike(args[0], args[1:], sc)
	}
}

// mathFuncs take one number; PostgreSQL resolves an untyped argument to
// the numeric category's preferred type, float8.
var mathFuncs = map[string]bool{
	"abs": true, "ceil": true, "ceiling": true, "floor": true, "round": true, "trunc": true,
	"sign": true, "sqrt": true, "cbrt": true, "exp": true, "ln": true, "log10": true,
}

// typeMathArg types the parameter of a one-argument math function.
func (b *binder) typeMathArg(name string, args []plan.Expr) {
	if len(args) == 1 && mathFuncs[name] {
		b.typeParam(args[0], "float8")
	}
}
