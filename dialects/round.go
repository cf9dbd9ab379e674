package dialects

import "github.com/pitgate/pitgate/plan"

// floatRounder is a dialect whose round of a float differs from
// PostgreSQL's, which rounds float8 ties to even (round(2.5::float8) is 2)
// and numeric ties away from zero (round(2.5) is 3).
type floatRounder interface {
	RoundFloat(x string) string
}

// roundFloat prints one-argument round of an operand whose type is
// evidently float4 or float8 (a cast, or a column of that type); ok false
// leaves round to the dialect's Func.
func (p *printer) roundFloat(f *plan.Func, args []string) (string, bool) {
	r, ok := p.d.(floatRounder)
	if !ok || f.Name != "round" || len(f.Args) != 1 || f.Over != nil || !p.evidentFloat(f.Args[0]) {
		return "", false
	}
	return r.RoundFloat(args[0]), true
}

// evidentFloat: a cast to a float type, a float column, or arithmetic with
// such an operand (PostgreSQL computes float8 op numeric in float8). A bare
// decimal literal is numeric in PostgreSQL, so it does not count.
func (p *printer) evidentFloat(e plan.Expr) bool {
	var t plan.Type
	switch e := e.(type) {
	case *plan.Cast:
		t = e.Type
	case *plan.ColRef:
		t = p.types[e.ID]
	case *plan.Op:
		switch e.Op {
		case "+", "-", "*", "/":
			for _, a := range e.Args {
				if p.evidentFloat(a) {
					return true
				}
			}
		}
	}
	return t == "float8" || t == "float4"
}

// RoundFloat is round_even, DuckDB's ties-to-even rounding.
func (DuckDB) RoundFloat(x string) string { return "round_even(" + x + ", 0)" }
