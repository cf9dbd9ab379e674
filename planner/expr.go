package planner

import (
	"reflect"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
)

// expr binds a scalar expression in scope sc.
func (b *binder) expr(n *pg.Node, sc *scope) (plan.Expr, error) {
	switch {
	case n == nil || n.Node == nil:
		return nil, nil
	case n.GetColumnRef() != nil:
		return b.columnRef(n.GetColumnRef(), sc)
	case n.GetAConst() != nil:
		return constant(n.GetAConst())
	case n.GetParamRef() != nil:
		return b.param(int(n.GetParamRef().Number)), nil
	case n.GetAExpr() != nil:
		return b.aExpr(n.GetAExpr(), sc)
	case n.GetBoolExpr() != nil:
		return b.boolExpr(n.GetBoolExpr(), sc)
	case n.GetNullTest() != nil:
		x, err := b.expr(n.GetNullTest().Arg, sc)
		b.needType(x)
		return &plan.IsNull{X: x, Not: n.GetNullTest().Nulltesttype == pg.NullTestType_IS_NOT_NULL}, err
	case n.GetBooleanTest() != nil:
		return b.booleanTest(n.GetBooleanTest(), sc)
	case n.GetFuncCall() != nil:
		return b.funcCall(n.GetFuncCall(), sc)
	case n.GetTypeCast() != nil:
		return b.typeCast(n.GetTypeCast(), sc)
	case n.GetCaseExpr() != nil:
		return b.caseExpr(n.GetCaseExpr(), sc)
	case n.GetCoalesceExpr() != nil:
		args, err := b.exprs(n.GetCoalesceExpr().Args, sc)
		b.typeAlikeAll(args, sc)
		return &plan.Func{Name: "coalesce", Args: args}, err
	case n.GetMinMaxExpr() != nil:
		name := "least"
		if n.GetMinMaxExpr().Op == pg.MinMaxOp_IS_GREATEST {
			name = "greatest"
		}
		args, err := b.exprs(n.GetMinMaxExpr().Args, sc)
		b.typeAlikeAll(args, sc)
		return &plan.Func{Name: name, Args: args}, err
	case n.GetSubLink() != nil:
		return b.subLink(n.GetSubLink(), sc)
	case n.GetSqlvalueFunction() != nil:
		return sqlValueFunction(n.GetSqlvalueFunction())
	case n.GetAArrayExpr() != nil:
		elems, err := b.exprs(n.GetAArrayExpr().Elements, sc)
		return &plan.Array{Elems: elems}, err
	case n.GetRowExpr() != nil:
		elems, err := b.exprs(n.GetRowExpr().Args, sc)
		return &plan.Row{Elems: elems}, err
	case n.GetAIndirection() != nil:
		return b.indirection(n.GetAIndirection(), sc)
	case n.GetCollateClause() != nil:
		return nil, sqlerr.Unsupported("COLLATE").At(pos(n.GetCollateClause().Location))
	}
	return nil, sqlerr.New(sqlerr.FeatureNotSupported, "expression %s is not supported", nodeName(n))
}

func nodeName(n *pg.Node) string {
	return strings.TrimPrefix(reflect.TypeOf(n.Node).String(), "*pg_query.Node_")
}

func (b *binder) exprs(ns []*pg.Node, sc *scope) ([]plan.Expr, error) {
	out := make([]plan.Expr, len(ns))
	for i, n := range ns {
		e, err := b.expr(n, sc)
		if err != nil {
			return nil, err
		}
		out[i] = e
	}
	return out, nil
}

func (b *binder) columnRef(cr *pg.ColumnRef, sc *scope) (plan.Expr, error) {
	parts := make([]string, 0, len(cr.Fields))
	for _, f := range cr.Fields {
		s := f.GetString_()
		if s == nil {
			return nil, sqlerr.New(sqlerr.Syntax, "* is not allowed here").At(pos(cr.Location))
		}
		parts = append(parts, s.Sval)
	}
	c, err := sc.column(parts, pos(cr.Location))
	if err != nil {
		return nil, err
	}
	return &plan.ColRef{ID: c.ID, Name: c.Name}, nil
}

func constant(c *pg.A_Const) (plan.Expr, error) {
	if c.Isnull {
		return &plan.Const{}, nil
	}
	switch v := c.Val.(type) {
	case *pg.A_Const_Ival:
		return &plan.Const{Value: int64(v.Ival.Ival), Type: "int4"}, nil
	case *pg.A_Const_Fval:
		// Integers too big for int4 arrive as Fval text, like decimals.
		if i, err := strconv.ParseInt(v.Fval.Fval, 10, 64); err == nil {
			return &plan.Const{Value: i, Type: "int8"}, nil
		}
		return &plan.Const{Value: v.Fval.Fval, Type: "numeric"}, nil
	case *pg.A_Const_Boolval:
		return &plan.Const{Value: v.Boolval.Boolval, Type: "bool"}, nil
	case *pg.A_Const_Sval:
		return &plan.Const{Value: v.Sval.Sval}, nil
	}
	return nil, sqlerr.Unsupported("bit-string literals").At(pos(c.Location))
}

// opName joins an operator's name parts, dropping a pg_catalog qualifier.
func opName(names []*pg.Node) string {
	var parts []string
	for _, n := range names {
		if s := n.GetString_(); s != nil && s.Sval != "pg_catalog" {
			parts = append(parts, s.Sval)
		}
	}
	return strings.Join(parts, ".")
}

var likeOps = map[string]string{"~~": "LIKE", "!~~": "NOT LIKE", "~~*": "ILIKE", "!~~*": "NOT ILIKE"}

func (b *binder) aExpr(a *pg.A_Expr, sc *scope) (plan.Expr, error) {
	op := opName(a.Name)
	switch a.Kind {
	case pg.A_Expr_Kind_AEXPR_OP, pg.A_Expr_Kind_AEXPR_LIKE, pg.A_Expr_Kind_AEXPR_ILIKE:
		if l, ok := likeOps[op]; ok {
			op = l
		}
		return b.operator(op, a, sc)
	case pg.A_Expr_Kind_AEXPR_DISTINCT:
		return b.operator("IS DISTINCT FROM", a, sc)
	case pg.A_Expr_Kind_AEXPR_NOT_DISTINCT:
		return b.operator("IS NOT DISTINCT FROM", a, sc)
	case pg.A_Expr_Kind_AEXPR_NULLIF:
		args, err := b.exprs([]*pg.Node{a.Lexpr, a.Rexpr}, sc)
		b.typeAlikeAll(args, sc)
		return &plan.Func{Name: "nullif", Args: args}, err
	case pg.A_Expr_Kind_AEXPR_IN:
		x, err := b.expr(a.Lexpr, sc)
		if err != nil {
			return nil, err
		}
		list, err := b.exprs(a.Rexpr.GetList().Items, sc)
		b.typeAlike(x, list, sc)
		return &plan.In{X: x, List: list, Not: op == "<>"}, err
	case pg.A_Expr_Kind_AEXPR_OP_ANY, pg.A_Expr_Kind_AEXPR_OP_ALL:
		args, err := b.exprs([]*pg.Node{a.Lexpr, a.Rexpr}, sc)
		if err != nil {
			return nil, err
		}
		b.typeAnyArray(args[0], args[1], sc)
		return &plan.AnyArray{X: args[0], Array: args[1], Op: op, All: a.Kind == pg.A_Expr_Kind_AEXPR_OP_ALL}, nil
	case pg.A_Expr_Kind_AEXPR_BETWEEN, pg.A_Expr_Kind_AEXPR_NOT_BETWEEN,
		pg.A_Expr_Kind_AEXPR_BETWEEN_SYM, pg.A_Expr_Kind_AEXPR_NOT_BETWEEN_SYM:
		return b.between(a, sc)
	}
	return nil, sqlerr.Unsupported("SIMILAR TO").At(pos(a.Location))
}

func (b *binder) operator(op string, a *pg.A_Expr, sc *scope) (plan.Expr, error) {
	var args []plan.Expr
	for _, side := range []*pg.Node{a.Lexpr, a.Rexpr} {
		if side == nil {
			continue
		}
		e, err := b.expr(side, sc)
		if err != nil {
			return nil, err
		}
		args = append(args, e)
	}
	b.typeCompared(op, args, sc)
	if err := b.resolveUnknowns(op, args, pos(a.Location)); err != nil {
		return nil, err
	}
	if op == "-" && len(args) == 1 {
		if c, ok := args[0].(*plan.Const); ok {
			if neg, ok := negate(c); ok {
				return neg, nil
			}
		}
	}
	return &plan.Op{Op: op, Args: args}, nil
}

func negate(c *plan.Const) (*plan.Const, bool) {
	switch v := c.Value.(type) {
	case int64:
		return &plan.Const{Value: -v, Type: c.Type}, true
	case string:
		if c.Type == "numeric" && !strings.HasPrefix(v, "-") {
			return &plan.Const{Value: "-" + v, Type: c.Type}, true
		}
	}
	return nil, false
}

func (b *binder) between(a *pg.A_Expr, sc *scope) (plan.Expr, error) {
	bounds := a.Rexpr.GetList().Items
	args, err := b.exprs([]*pg.Node{a.Lexpr, bounds[0], bounds[1]}, sc)
	if err != nil {
		return nil, err
	}
	b.typeAlike(args[0], args[1:], sc)
	k := a.Kind
	return &plan.Between{
		X: args[0], Lo: args[1], Hi: args[2],
		Not:       k == pg.A_Expr_Kind_AEXPR_NOT_BETWEEN || k == pg.A_Expr_Kind_AEXPR_NOT_BETWEEN_SYM,
		Symmetric: k == pg.A_Expr_Kind_AEXPR_BETWEEN_SYM || k == pg.A_Expr_Kind_AEXPR_NOT_BETWEEN_SYM,
	}, nil
}

func (b *binder) boolExpr(e *pg.BoolExpr, sc *scope) (plan.Expr, error) {
	args, err := b.exprs(e.Args, sc)
	if err != nil {
		return nil, err
	}
	b.typeBool(args...)
	if e.Boolop == pg.BoolExprType_NOT_EXPR {
		return &plan.Op{Op: "NOT", Args: args}, nil
	}
	op := "AND"
	if e.Boolop == pg.BoolExprType_OR_EXPR {
		op = "OR"
	}
	out := args[0]
	for _, a := range args[1:] {
		out = &plan.Op{Op: op, Args: []plan.Expr{out, a}}
	}
	return out, nil
}

func (b *binder) booleanTest(t *pg.BooleanTest, sc *scope) (plan.Expr, error) {
	x, err := b.expr(t.Arg, sc)
	if err != nil {
		return nil, err
	}
	name := strings.TrimPrefix(t.Booltesttype.String(), "IS_")
	not := strings.HasPrefix(name, "NOT_")
	return &plan.IsBool{X: x, Value: strings.TrimPrefix(name, "NOT_"), Not: not}, nil
}

func (b *binder) caseExpr(c *pg.CaseExpr, sc *scope) (plan.Expr, error) {
	out := &plan.Case{}
	var err error
	if out.Operand, err = b.expr(c.Arg, sc); err != nil {
		return nil, err
	}
	for _, w := range c.Args {
		cw := w.GetCaseWhen()
		cond, err := b.expr(cw.Expr, sc)
		if err != nil {
			return nil, err
		}
		if out.Operand == nil {
			b.typeBool(cond)
		}
		res, err := b.expr(cw.Result, sc)
		if err != nil {
			return nil, err
		}
		out.Whens = append(out.Whens, plan.When{Cond: cond, Result: res})
	}
	out.Else, err = b.expr(c.Defresult, sc)
	return out, err
}

func (b *binder) typeCast(tc *pg.TypeCast, sc *scope) (plan.Expr, error) {
	t, err := typeName(tc.TypeName)
	if err != nil {
		return nil, err
	}
	x, err := b.expr(tc.Arg, sc)
	if err != nil {
		return nil, err
	}
	b.typeParam(x, t)
	return &plan.Cast{X: x, Type: t}, nil
}

// typeName prints a parsed type as plan.Type: "numeric(10,2)", "int8[]".
func typeName(t *pg.TypeName) (plan.Type, error) {
	if t.Setof || t.PctType {
		return "", sqlerr.Unsupported("SETOF and %TYPE").At(pos(t.Location))
	}
	name := opName(t.Names)
	if name == "interval" && t.Typmods != nil {
		return "", sqlerr.Unsupported("interval field qualifiers (INTERVAL '1' HOUR)").
			WithHint("write INTERVAL '1 hour'").At(pos(t.Location))
	}
	var mods []string
	for _, m := range t.Typmods {
		c := m.GetAConst()
		if c == nil || c.GetIval() == nil {
			return "", sqlerr.New(sqlerr.Syntax, "type modifiers must be integer constants").At(pos(t.Location))
		}
		mods = append(mods, strconv.Itoa(int(c.GetIval().Ival)))
	}
	if len(mods) > 0 {
		name += "(" + strings.Join(mods, ",") + ")"
	}
	if len(t.ArrayBounds) > 1 {
		return "", sqlerr.Unsupported("multi-dimensional arrays").At(pos(t.Location))
	}
	if len(t.ArrayBounds) == 1 {
		name += "[]"
	}
	return plan.Type(name), nil
}

func (b *binder) indirection(ind *pg.A_Indirection, sc *scope) (plan.Expr, error) {
	x, err := b.expr(ind.Arg, sc)
	if err != nil {
		return nil, err
	}
	for _, i := range ind.Indirection {
		idx := i.GetAIndices()
		if idx == nil || idx.IsSlice {
			return nil, sqlerr.Unsupported("field selection and array slices")
		}
		ix, err := b.expr(idx.Uidx, sc)
		if err != nil {
			return nil, err
		}
		x = &plan.Subscript{X: x, Index: ix}
	}
	return x, nil
}

func sqlValueFunction(f *pg.SQLValueFunction) (plan.Expr, error) {
	name := strings.ToUpper(sqlValueFunctionName(f.Op))
	if f.Typmod >= 0 && strings.HasSuffix(f.Op.String(), "_N") {
		return nil, sqlerr.Unsupported(name + " with a precision").At(pos(f.Location))
	}
	return &plan.Special{Name: name}, nil
}

func sameExpr(a, b plan.Expr) bool { return reflect.DeepEqual(a, b) }
