package planner

import (
	"context"
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
)

// binder binds one statement. It resolves each name once and hands out the
// ColumnIDs every later phase uses.
type binder struct {
	ctx    context.Context
	p      *Planner
	asof   map[int32]bool
	nextID plan.ColumnID
	ctes   []map[string]*cte
	// offset is the statement's start in the query string; positions in
	// errors are relative to the whole string, as PostgreSQL reports them.
	offset int
	// params is the type the context gives each $n so far ("" for none
	// yet); its length is the highest n seen (params.go).
	params []plan.Type
	// untyped are the parameters a context left to others to type
	// (params_context.go); 42P18 if none did.
	untyped map[int]bool
	// temp is set once a session temporary table is read (ddl.go).
	temp bool
}

type cte struct {
	name  string
	query *pg.SelectStmt
	cols  []string // column aliases, if given
	index int      // position in its WITH clause
}

func (p *Planner) newBinder(ctx context.Context, scan *asofScan, offset int) *binder {
	return &binder{ctx: ctx, p: p, asof: scan.rights, offset: offset}
}

func (b *binder) newColumn(name string, t plan.Type) plan.Column {
	b.nextID++
	return plan.Column{ID: b.nextID, Name: name, Type: t}
}

// pos turns a parser location (0-based bytes, -1 unknown) into a 1-based position.
func pos(loc int32) int {
	if loc < 0 {
		return 0
	}
	return int(loc) + 1
}

func (b *binder) statement(n *pg.Node) (*Statement, error) {
	switch {
	case n.GetSelectStmt() != nil:
		if rv := onlineRangeVar(n.GetSelectStmt()); rv != nil {
			return b.lookupStatement(n.GetSelectStmt(), rv)
		}
		q, err := b.query(n.GetSelectStmt())
		if err != nil {
			return nil, err
		}
		return &Statement{Kind: KindQuery, Query: q}, nil
	case n.GetExplainStmt() != nil:
		return b.explain(n.GetExplainStmt())
	case n.GetVariableSetStmt() != nil:
		return setStatement(n.GetVariableSetStmt())
	case n.GetVariableShowStmt() != nil:
		return &Statement{Kind: KindShow, Show: strings.ToLower(n.GetVariableShowStmt().Name)}, nil
	case n.GetTransactionStmt() != nil:
		return transaction(n.GetTransactionStmt())
	case n.GetInsertStmt() != nil:
		return b.insertStatement(n.GetInsertStmt())
	case n.GetCallStmt() != nil:
		return b.callStatement(n.GetCallStmt())
	case n.GetDeallocateStmt() != nil:
		return deallocateStatement(n.GetDeallocateStmt()), nil
	case n.GetDeclareCursorStmt() != nil:
		return b.declareCursor(n.GetDeclareCursorStmt())
	case n.GetFetchStmt() != nil:
		return fetchStatement(n.GetFetchStmt()), nil
	case n.GetClosePortalStmt() != nil:
		return closeCursor(n.GetClosePortalStmt()), nil
	case n.GetCopyStmt() != nil:
		return b.copyStatement(n.GetCopyStmt())
	case n.GetCreateStmt() != nil:
		return b.createTable(n.GetCreateStmt())
	case n.GetCreateTableAsStmt() != nil:
		return b.createTableAs(n.GetCreateTableAsStmt())
	case n.GetDropStmt() != nil:
		return b.dropTable(n.GetDropStmt())
	case n.GetTruncateStmt() != nil:
		return b.truncate(n.GetTruncateStmt())
	case n.GetUpdateStmt() != nil:
		return b.updateStatement(n.GetUpdateStmt()) // write_dml.go
	case n.GetDeleteStmt() != nil:
		return b.deleteStatement(n.GetDeleteStmt())
	}
	return nil, sqlerr.New(sqlerr.FeatureNotSupported, "%s is not supported", statementName(n)).
		WithHint("pitgate answers SELECT, EXPLAIN, SET, SHOW, RESET, transaction control, INSERT INTO online.<view> and CALL pitgate.materialize(...)")
}

// statementName names a statement node for an error: "CREATE TABLE", say.
func statementName(n *pg.Node) string {
	name := fmt.Sprintf("%T", n.Node)
	name = strings.TrimPrefix(name, "*pg_query.Node_")
	name = strings.TrimSuffix(name, "Stmt")
	var words []string
	start := 0
	for i := 1; i <= len(name); i++ {
		if i == len(name) || (name[i] >= 'A' && name[i] <= 'Z') {
			words = append(words, strings.ToUpper(name[start:i]))
			start = i
		}
	}
	return strings.Join(words, " ")
}

func (b *binder) query(s *pg.SelectStmt) (*Query, error) {
	root, err := b.selectStmt(s, nil)
	if err != nil {
		return nil, err
	}
	if err := b.undetermined(); err != nil {
		return nil, err
	}
	return &Query{Root: root, Columns: root.Columns(), Params: b.paramTypes(), Temp: b.temp}, nil
}

func (b *binder) explain(e *pg.ExplainStmt) (*Statement, error) {
	ex := &Explain{}
	for _, o := range e.Options {
		d := o.GetDefElem()
		switch strings.ToLower(d.Defname) {
		case "dialect":
			ex.Dialect = strings.ToLower(defElemString(d))
		case "analyze":
			ex.Analyze = defElemBool(d)
		case "verbose", "costs", "format", "buffers", "timing", "summary", "settings", "wal":
			// PostgreSQL's options that change only how EXPLAIN prints; pitgate has one form.
		default:
			return nil, sqlerr.New(sqlerr.Syntax, "unrecognized EXPLAIN option %q", d.Defname).At(pos(d.Location))
		}
	}
	if st, ok, err := b.explainOnline(e, ex); ok {
		return st, err
	}
	sel := e.Query.GetSelectStmt()
	if sel == nil {
		return nil, sqlerr.New(sqlerr.FeatureNotSupported, "EXPLAIN of %s is not supported", statementName(e.Query))
	}
	q, err := b.query(sel)
	if err != nil {
		return nil, err
	}
	return &Statement{Kind: KindExplain, Query: q, Explain: ex}, nil
}

func defElemString(d *pg.DefElem) string {
	if d.Arg == nil {
		return ""
	}
	if s := d.Arg.GetString_(); s != nil {
		return s.Sval
	}
	if t := d.Arg.GetTypeName(); t != nil && len(t.Names) > 0 {
		return t.Names[len(t.Names)-1].GetString_().Sval
	}
	if c := d.Arg.GetAConst(); c != nil && c.GetSval() != nil {
		return c.GetSval().Sval
	}
	return ""
}

func defElemBool(d *pg.DefElem) bool {
	if d.Arg == nil {
		return true
	}
	switch strings.ToLower(defElemString(d)) {
	case "false", "off", "0":
		return false
	}
	if i := d.Arg.GetInteger(); i != nil {
		return i.Ival != 0
	}
	return true
}
