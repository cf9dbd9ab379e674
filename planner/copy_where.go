package planner

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

// COPY ... FROM STDIN WHERE condition (PostgreSQL 12+). The condition is
// on the incoming row's columns: the session reads each line, and a row for
// which the condition is not true is skipped, as PostgreSQL's CopyFrom does
// after the input functions and before the constraints. The planner keeps
// the condition's tree; the session, which knows the target's columns (a
// temporary table's are its own), binds it to them with Filter and asks
// the RowFilter of every row.
//
// The condition is evaluated here, with PostgreSQL's semantics, for the
// shapes this file binds: columns and literals of types int2, int4, int8,
// numeric, float8, bool, text and varchar; comparisons (=, <>, <, <=, >,
// >=; text only = and <>, since ordering text follows the collation);
// + - * / % on integers, + - * on numeric, + - * / on float8, unary minus;
// AND, OR, NOT, IS [NOT] NULL, IS [NOT] TRUE/FALSE, IS [NOT] DISTINCT
// FROM, [NOT] IN (list), [NOT] BETWEEN; casts of literals and integers to
// those types. Any other shape is refused with 0A000 before a row is read.

// CopyWhere is the WHERE condition of a COPY FROM.
type CopyWhere struct {
	cond *pg.Node
}

// copyWhere keeps COPY FROM's condition, refusing PostgreSQL's own
// errors: COPY TO has none, and a subquery is not allowed.
func copyWhere(cs *pg.CopyStmt) (*CopyWhere, error) {
	if cs.WhereClause == nil {
		return nil, nil
	}
	if !cs.IsFrom {
		return nil, sqlerr.New(sqlerr.FeatureNotSupported, "WHERE clause not allowed with COPY TO")
	}
	return &CopyWhere{cond: cs.WhereClause}, nil
}

// RowFilter is a COPY FROM condition bound to the target's columns.
type RowFilter struct {
	conds   []wexpr // ANDed, evaluated in order
	nfields int     // in a COPY line
}

// Filter binds the condition to relation's columns (table, in the table's
// order); listed are the columns each COPY line gives, in order (nil: all
// of table's).
func (w *CopyWhere) Filter(relation string, table []TableColumn, listed []string) (*RowFilter, error) {
	b := &whereBinder{relation: relation}
	for _, tc := range table {
		t, err := whereType(tc.Type)
		if err != nil {
			t = wtype{name: "", display: tc.Type}
		}
		field := -1
		if listed == nil {
			field = len(b.cols)
		}
		for i, name := range listed {
			if name == tc.Name {
				field = i
			}
		}
		b.cols = append(b.cols, whereCol{name: tc.Name, typ: t, field: field})
	}
	e, err := b.bind(w.cond)
	if err != nil {
		return nil, err
	}
	if e.typ().name == "unknown" {
		if e, err = castTo(e, boolType); err != nil {
			return nil, err
		}
	}
	if e.typ().name != "bool" {
		return nil, sqlerr.New("42804", "argument of COPY FROM WHERE must be type boolean, not type %s", e.typ().display)
	}
	// As PostgreSQL's eval_const_expressions, then its qual: the
	// top-level AND's conditions in order, stopping at the first one
	// not true.
	if e, err = fold(e); err != nil {
		return nil, err
	}
	n := len(listed)
	if listed == nil {
		n = len(table)
	}
	return &RowFilter{conds: whereConjuncts(e), nfields: n}, nil
}

// whereConjuncts flattens a top-level AND.
func whereConjuncts(e wexpr) []wexpr {
	l, ok := e.(*wlogic)
	if !ok || !l.and {
		return []wexpr{e}
	}
	var out []wexpr
	for _, a := range l.args {
		out = append(out, whereConjuncts(a)...)
	}
	return out
}

// Keep evaluates the condition on one row: fields are the COPY line's
// values in the column list's order, each nil (NULL), a string (the
// value's text, read with its column's input function), or a value of
// the column's type already read (int64, float64, bool). A row is kept
// only when the condition is true; an error is the row's (an input
// syntax error, a division by zero).
func (f *RowFilter) Keep(fields []any) (bool, error) {
	if len(fields) != f.nfields {
		return false, sqlerr.New("22P04", "row has %d columns, want %d", len(fields), f.nfields)
	}
	for _, c := range f.conds {
		v, err := c.eval(fields)
		if err != nil {
			return false, err
		}
		if b, ok := v.(bool); !ok || !b {
			return false, nil
		}
	}
	return true, nil
}

type whereCol struct {
	name  string
	typ   wtype
	field int
}

type whereBinder struct {
	relation string
	cols     []whereCol
}

func whereUnsupported(what string) error {
	return sqlerr.Unsupported("COPY FROM ... WHERE with " + what).
		WithHint("the condition may compare the copied columns (integers, numeric, float8, bool, text) with each other and with literals; filter other rows on the client")
}

func (b *whereBinder) bind(n *pg.Node) (wexpr, error) {
	switch {
	case n.GetColumnRef() != nil:
		return b.column(n.GetColumnRef())
	case n.GetAConst() != nil:
		return constOf(n.GetAConst())
	case n.GetTypeCast() != nil:
		return b.cast(n.GetTypeCast())
	case n.GetBoolExpr() != nil:
		return b.boolExpr(n.GetBoolExpr())
	case n.GetNullTest() != nil:
		x, err := b.bind(n.GetNullTest().Arg)
		if err != nil {
			return nil, err
		}
		return &wnull{x: x, not: n.GetNullTest().Nulltesttype == pg.NullTestType_IS_NOT_NULL}, nil
	case n.GetBooleanTest() != nil:
		return b.boolTest(n.GetBooleanTest())
	case n.GetAExpr() != nil:
		return b.aexpr(n.GetAExpr())
	case n.GetSubLink() != nil:
		return nil, sqlerr.New(sqlerr.FeatureNotSupported, "cannot use subquery in COPY FROM WHERE condition")
	case n.GetFuncCall() != nil:
		return nil, whereUnsupported("function " + funcName(n.GetFuncCall()))
	case n.GetParamRef() != nil:
		return nil, sqlerr.New("42P02", "there is no parameter $%d", n.GetParamRef().Number)
	}
	return nil, whereUnsupported("this expression")
}

func funcName(f *pg.FuncCall) string {
	var parts []string
	for _, p := range f.Funcname {
		parts = append(parts, p.GetString_().GetSval())
	}
	return strings.Join(parts, ".")
}

func (b *whereBinder) column(c *pg.ColumnRef) (wexpr, error) {
	var names []string
	for _, f := range c.Fields {
		if f.GetAStar() != nil {
			return nil, whereUnsupported("*")
		}
		names = append(names, f.GetString_().GetSval())
	}
	name := names[len(names)-1]
	if len(names) == 2 && names[0] != b.relation || len(names) > 2 {
		return nil, sqlerr.New(sqlerr.UndefinedTable, "missing FROM-clause entry for table %q", names[0]).At(pos(c.Location))
	}
	for _, col := range b.cols {
		if col.name != name {
			continue
		}
		if col.typ.name == "" {
			return nil, whereUnsupported("column " + name + " of type " + col.typ.display)
		}
		return &wcol{field: col.field, t: col.typ}, nil
	}
	return nil, sqlerr.New(sqlerr.UndefinedColumn, "column %q does not exist", name).At(pos(c.Location))
}

func constOf(c *pg.A_Const) (wexpr, error) {
	switch {
	case c.Isnull:
		return &wlit{t: unknownType}, nil
	case c.GetIval() != nil:
		v := int64(c.GetIval().Ival)
		return &wlit{v: v, t: intType(v)}, nil
	case c.GetFval() != nil:
		text := c.GetFval().Fval
		if v, ok := readInt(text); ok { // an integer too big for int4
			return &wlit{v: v, t: typeNamed("int8")}, nil
		}
		v, err := readNumeric(text, numericType)
		if err != nil {
			return nil, err
		}
		return &wlit{v: v, t: numericType}, nil
	case c.GetBoolval() != nil:
		return &wlit{v: c.GetBoolval().Boolval, t: boolType}, nil
	case c.GetSval() != nil:
		return &wlit{v: c.GetSval().Sval, t: unknownType}, nil
	}
	return nil, whereUnsupported("this literal")
}

func intType(v int64) wtype {
	if v >= -1<<31 && v < 1<<31 {
		return typeNamed("int4")
	}
	return typeNamed("int8")
}

func (b *whereBinder) cast(tc *pg.TypeCast) (wexpr, error) {
	x, err := b.bind(tc.Arg)
	if err != nil {
		return nil, err
	}
	var parts []string
	for _, n := range tc.TypeName.Names {
		parts = append(parts, n.GetString_().GetSval())
	}
	name := parts[len(parts)-1]
	if len(tc.TypeName.Typmods) > 0 || tc.TypeName.ArrayBounds != nil {
		return nil, whereUnsupported("a cast to a type with modifiers")
	}
	t, err := whereType(name)
	if err != nil {
		return nil, err
	}
	return castTo(x, t)
}

func (b *whereBinder) boolExpr(be *pg.BoolExpr) (wexpr, error) {
	var args []wexpr
	for _, a := range be.Args {
		x, err := b.bind(a)
		if err != nil {
			return nil, err
		}
		if x, err = b.coerce(x, boolType); err != nil {
			return nil, err
		}
		args = append(args, x)
	}
	switch be.Boolop {
	case pg.BoolExprType_AND_EXPR:
		return &wlogic{and: true, args: args}, nil
	case pg.BoolExprType_OR_EXPR:
		return &wlogic{args: args}, nil
	}
	return &wnot{x: args[0]}, nil
}

func (b *whereBinder) boolTest(bt *pg.BooleanTest) (wexpr, error) {
	x, err := b.bind(bt.Arg)
	if err != nil {
		return nil, err
	}
	if x, err = b.coerce(x, boolType); err != nil {
		return nil, err
	}
	t := &wbooltest{x: x}
	switch bt.Booltesttype {
	case pg.BoolTestType_IS_TRUE:
		t.want = ptrBool(true)
	case pg.BoolTestType_IS_NOT_TRUE:
		t.want, t.not = ptrBool(true), true
	case pg.BoolTestType_IS_FALSE:
		t.want = ptrBool(false)
	case pg.BoolTestType_IS_NOT_FALSE:
		t.want, t.not = ptrBool(false), true
	case pg.BoolTestType_IS_UNKNOWN:
	case pg.BoolTestType_IS_NOT_UNKNOWN:
		t.not = true
	}
	return t, nil
}

func ptrBool(b bool) *bool { return &b }

// coerce makes x of type t: an untyped literal is read by t's input
// function; another type must already be t.
func (b *whereBinder) coerce(x wexpr, t wtype) (wexpr, error) {
	if x.typ().name == t.name {
		return x, nil
	}
	if x.typ().name == "unknown" {
		return castTo(x, t)
	}
	return nil, sqlerr.New("42804", "argument of %s must be type %s, not type %s", "COPY FROM WHERE", t.display, x.typ().display)
}

func (b *whereBinder) aexpr(a *pg.A_Expr) (wexpr, error) {
	op := ""
	if len(a.Name) > 0 {
		op = a.Name[0].GetString_().GetSval()
	}
	switch a.Kind {
	case pg.A_Expr_Kind_AEXPR_OP:
		return b.operator(op, a.Lexpr, a.Rexpr)
	case pg.A_Expr_Kind_AEXPR_DISTINCT, pg.A_Expr_Kind_AEXPR_NOT_DISTINCT:
		l, r, err := b.pair(a.Lexpr, a.Rexpr)
		if err != nil {
			return nil, err
		}
		c, err := compareOf("=", l, r)
		if err != nil {
			return nil, err
		}
		return &wdistinct{cmp: c, not: a.Kind == pg.A_Expr_Kind_AEXPR_NOT_DISTINCT}, nil
	case pg.A_Expr_Kind_AEXPR_IN:
		return b.in(op, a)
	case pg.A_Expr_Kind_AEXPR_BETWEEN, pg.A_Expr_Kind_AEXPR_NOT_BETWEEN:
		items := a.Rexpr.GetList().GetItems()
		lo, err := b.operator(">=", a.Lexpr, items[0])
		if err != nil {
			return nil, err
		}
		hi, err := b.operator("<=", a.Lexpr, items[1])
		if err != nil {
			return nil, err
		}
		var e wexpr = &wlogic{and: true, args: []wexpr{lo, hi}}
		if a.Kind == pg.A_Expr_Kind_AEXPR_NOT_BETWEEN {
			e = &wnot{x: e}
		}
		return e, nil
	}
	return nil, whereUnsupported("this operator")
}

func (b *whereBinder) in(op string, a *pg.A_Expr) (wexpr, error) {
	var args []wexpr
	for _, item := range a.Rexpr.GetList().GetItems() {
		c, err := b.operator("=", a.Lexpr, item)
		if err != nil {
			return nil, err
		}
		args = append(args, c)
	}
	var e wexpr = &wlogic{args: args}
	if op == "<>" { // NOT IN
		e = &wnot{x: e}
	}
	return e, nil
}

func (b *whereBinder) pair(ln, rn *pg.Node) (wexpr, wexpr, error) {
	l, err := b.bind(ln)
	if err != nil {
		return nil, nil, err
	}
	r, err := b.bind(rn)
	if err != nil {
		return nil, nil, err
	}
	return l, r, nil
}

func (b *whereBinder) operator(op string, ln, rn *pg.Node) (wexpr, error) {
	if ln == nil { // prefix
		x, err := b.bind(rn)
		if err != nil {
			return nil, err
		}
		return whereNegate(op, x)
	}
	l, r, err := b.pair(ln, rn)
	if err != nil {
		return nil, err
	}
	switch op {
	case "=", "<>", "!=", "<", "<=", ">", ">=":
		if op == "!=" {
			op = "<>"
		}
		return compareOf(op, l, r)
	case "+", "-", "*", "/", "%":
		return arithOf(op, l, r)
	}
	return nil, whereUnsupported("operator " + op)
}
