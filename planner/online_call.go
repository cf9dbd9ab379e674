package planner

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
)

const callHint = "CALL pitgate.materialize(view_or_NULL, start, end) or CALL pitgate.materialize_incremental([view_or_NULL]); " +
	"times as text ('2024-01-01', '2024-01-01 12:00:00+00') or timestamptz, end defaults to now()"

// callStatement binds CALL pitgate.materialize(...) and
// CALL pitgate.materialize_incremental(...).
func (b *binder) callStatement(c *pg.CallStmt) (*Statement, error) {
	call, err := b.call(c)
	if err != nil {
		return nil, err
	}
	return &Statement{Kind: KindCall, Call: call}, nil
}

func (b *binder) call(c *pg.CallStmt) (*Call, error) {
	f := c.Funccall
	at := pos(f.Location)
	name := strings.ToLower(opName(f.Funcname))
	proc, ok := strings.CutPrefix(name, "pitgate.")
	if !ok || (proc != ProcMaterialize && proc != ProcMaterializeIncremental) {
		return nil, sqlerr.New(sqlerr.UndefinedFunction, "procedure %s does not exist", name).At(at).WithHint("%s", callHint)
	}
	args, err := b.exprs(f.Args, &scope{})
	if err != nil {
		return nil, err
	}
	for i, a := range args {
		if !onlineValue(a) {
			return nil, sqlerr.New(sqlerr.FeatureNotSupported, "argument %d of pitgate.%s must be a constant, a parameter or now()",
				i+1, proc).At(nodeAt(f.Args[i], at)).WithHint("%s", callHint)
		}
	}
	call := &Call{Procedure: proc}
	types := []plan.Type{"text", "timestamptz", "timestamptz"}
	min, max := 2, 3
	if proc == ProcMaterializeIncremental {
		min, max = 0, 1
	}
	if len(args) < min || len(args) > max {
		return nil, sqlerr.New(sqlerr.UndefinedFunction, "procedure pitgate.%s takes %d to %d arguments, got %d",
			proc, min, max, len(args)).At(at).WithHint("%s", callHint)
	}
	for i, a := range args {
		b.typeParam(a, types[i])
	}
	slots := []*plan.Expr{&call.View, &call.Start, &call.End}
	for i, a := range args {
		*slots[i] = a
	}
	call.Params = b.paramTypes()
	return call, nil
}

// explainOnline binds EXPLAIN of a lookup; ok is false for any other
// statement. (PostgreSQL's grammar has no EXPLAIN CALL.)
func (b *binder) explainOnline(e *pg.ExplainStmt, ex *Explain) (*Statement, bool, error) {
	sel := e.Query.GetSelectStmt()
	if sel == nil {
		return nil, false, nil
	}
	rv := onlineRangeVar(sel)
	if rv == nil {
		return nil, false, nil
	}
	lk, err := b.lookup(sel, rv)
	return &Statement{Kind: KindExplain, Online: lk, Explain: ex}, true, err
}
