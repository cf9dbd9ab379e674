package dialects

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
)

type colMap = map[plan.ColumnID]string

func (p *printer) exprs(es []plan.Expr, cols colMap) ([]string, error) {
	out := make([]string, len(es))
	for i, e := range es {
		s, err := p.expr(e, cols)
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

func (p *printer) expr(e plan.Expr, cols colMap) (string, error) {
	switch e := e.(type) {
	case *plan.ColRef:
		return p.colRef(e, cols)
	case *plan.Const:
		return p.literal(e)
	case *plan.Param:
		return fmt.Sprintf("$%d", e.N), nil
	case *plan.Op:
		return p.op(e, cols)
	case *plan.Func:
		return p.call(e, cols)
	case *plan.Cast:
		x, err := p.expr(e.X, cols)
		if err != nil {
			return "", err
		}
		return p.d.Cast(x, literalScale(e))
	case *plan.Case:
		return p.caseExpr(e, cols)
	case *plan.IsNull:
		x, err := p.expr(e.X, cols)
		return "(" + x + " IS " + not(e.Not) + "NULL)", err
	case *plan.IsBool:
		x, err := p.expr(e.X, cols)
		return "(" + x + " IS " + not(e.Not) + e.Value + ")", err
	case *plan.In:
		return p.in(e, cols)
	case *plan.Between:
		return p.between(e, cols)
	case *plan.Subquery:
		return p.subquery(e, cols)
	case *plan.AnyArray:
		return p.anyArray(e, cols)
	case *plan.Array:
		if err := refuse(p.d, true, "ARRAY[...]"); err != nil {
			return "", err
		}
		elems, err := p.exprs(e.Elems, cols)
		return "ARRAY[" + strings.Join(elems, ", ") + "]", err
	case *plan.Subscript:
		if err := refuse(p.d, true, "array subscript"); err != nil {
			return "", err
		}
		x, err := p.expr(e.X, cols)
		if err != nil {
			return "", err
		}
		i, err := p.expr(e.Index, cols)
		return "(" + x + ")[" + i + "]", err
	case *plan.Special:
		return p.d.Special(e.Name)
	case *plan.Row:
		if err := refuse(p.d, true, "ROW(...)"); err != nil {
			return "", err
		}
		elems, err := p.exprs(e.Elems, cols)
		return "ROW(" + strings.Join(elems, ", ") + ")", err
	}
	return "", sqlerr.New(sqlerr.Internal, "dialects: cannot print expression %T", e)
}

func not(b bool) string {
	if b {
		return "NOT "
	}
	return ""
}

func (p *printer) colRef(e *plan.ColRef, cols colMap) (string, error) {
	if s, ok := cols[e.ID]; ok {
		return s, nil
	}
	for i := len(p.outer) - 1; i >= 0; i-- {
		if s, ok := p.outer[i][e.ID]; ok {
			return s, nil
		}
	}
	return "", sqlerr.New(sqlerr.Internal, "dialects: column %s#%d is not in scope", e.Name, e.ID)
}

func (p *printer) literal(c *plan.Const) (string, error) {
	switch v := c.Value.(type) {
	case nil:
		if c.Type != "" {
			return p.d.Cast("NULL", c.Type)
		}
		return "NULL", nil
	case bool:
		if v {
			return "TRUE", nil
		}
		return "FALSE", nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	case []byte:
		return p.d.Bytes(v), nil
	case float64:
		return p.d.Cast(p.d.String(strconv.FormatFloat(v, 'g', -1, 64)), "float8")
	case string:
		if c.Type == "numeric" {
			if !isNumericText(v) {
				return "", sqlerr.New(sqlerr.InvalidText, "invalid numeric literal %q", v)
			}
			return v, nil
		}
		s := p.d.String(v)
		if c.Type != "" && c.Type != "unknown" {
			return p.d.Cast(s, c.Type)
		}
		return s, nil
	}
	return "", sqlerr.New(sqlerr.Internal, "dialects: cannot print constant %T", c.Value)
}

func isNumericText(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("0123456789.eE+-", r) {
			return false
		}
	}
	return true
}

func (p *printer) op(e *plan.Op, cols colMap) (string, error) {
	args, err := p.exprs(e.Args, cols)
	if err != nil {
		return "", err
	}
	if !validOp(e.Op) {
		return "", sqlerr.New(sqlerr.FeatureNotSupported, "operator %s is not supported by the %s dialect", e.Op, p.d.Name())
	}
	if len(args) == 1 {
		return "(" + e.Op + " " + args[0] + ")", nil
	}
	if e.Op == "/" {
		if s, ok := p.divide(e, args[0], args[1]); ok {
			return s, nil
		}
	}
	if err := refuse(p.d, true, "operator "+e.Op); err != nil {
		return "", err
	}
	if s, ok := p.d.BinaryOp(e.Op, args[0], args[1]); ok {
		return s, nil
	}
	return "(" + args[0] + " " + e.Op + " " + args[1] + ")", nil
}

// validOp guards the printer: operators come from the parser, but only these
// are passed through verbatim.
func validOp(op string) bool {
	switch op {
	case "+", "-", "*", "/", "%", "^", "=", "<>", "<", "<=", ">", ">=", "||", "AND", "OR", "NOT",
		"LIKE", "ILIKE", "NOT LIKE", "NOT ILIKE", "~", "!~", "~*", "!~*", "IS DISTINCT FROM",
		"IS NOT DISTINCT FROM", "&", "|", "#", "<<", ">>", "@>", "<@", "&&", "->", "->>", "#>", "#>>", "?":
		return true
	}
	return false
}

func (p *printer) call(f *plan.Func, cols colMap) (string, error) {
	args, err := p.exprs(f.Args, cols)
	if err != nil {
		return "", err
	}
	if f.Star {
		args = []string{"*"}
	}
	if s, ok := p.roundFloat(f, args); ok {
		return s, nil
	}
	if f.Distinct && len(args) > 0 {
		args[0] = "DISTINCT " + args[0]
	}
	if len(f.OrderBy) > 0 && len(args) > 0 {
		keys, err := p.sortKeys(f.OrderBy, cols)
		if err != nil {
			return "", err
		}
		args[len(args)-1] += " ORDER BY " + strings.Join(keys, ", ")
	}
	s, err := p.d.Func(f.Name, args)
	if err != nil {
		return "", err
	}
	if f.Filter != nil {
		if err := refuse(p.d, true, "FILTER (WHERE ...)"); err != nil {
			return "", err
		}
		cond, err := p.expr(f.Filter, cols)
		if err != nil {
			return "", err
		}
		s += " FILTER (WHERE " + cond + ")"
	}
	if f.Over != nil {
		w, err := p.window(f.Over, cols)
		if err != nil {
			return "", err
		}
		s += " OVER (" + w + ")"
	}
	return s, nil
}

func (p *printer) window(w *plan.Window, cols colMap) (string, error) {
	var parts []string
	if len(w.PartitionBy) > 0 {
		keys, err := p.exprs(w.PartitionBy, cols)
		if err != nil {
			return "", err
		}
		parts = append(parts, "PARTITION BY "+strings.Join(keys, ", "))
	}
	if len(w.OrderBy) > 0 {
		keys, err := p.sortKeys(w.OrderBy, cols)
		if err != nil {
			return "", err
		}
		parts = append(parts, "ORDER BY "+strings.Join(keys, ", "))
	}
	if w.Frame != "" {
		frame := w.Frame
		for i, off := range w.FrameOffsets {
			s, err := p.expr(off, cols)
			if err != nil {
				return "", err
			}
			frame = strings.Replace(frame, fmt.Sprintf("$%d", i+1), s, 1)
		}
		parts = append(parts, frame)
	}
	return strings.Join(parts, " "), nil
}

func (p *printer) sortKeys(keys []plan.SortKey, cols colMap) ([]string, error) {
	out := make([]string, len(keys))
	for i, k := range keys {
		s, err := p.expr(k.X, cols)
		if err != nil {
			return nil, err
		}
		if k.Desc {
			s += " DESC"
		} else {
			s += " ASC"
		}
		if k.NullsFirst {
			s += " NULLS FIRST"
		} else {
			s += " NULLS LAST"
		}
		out[i] = s
	}
	return out, nil
}

func (p *printer) caseExpr(e *plan.Case, cols colMap) (string, error) {
	var s strings.Builder
	s.WriteString("CASE")
	if e.Operand != nil {
		x, err := p.expr(e.Operand, cols)
		if err != nil {
			return "", err
		}
		s.WriteString(" " + x)
	}
	for _, w := range e.Whens {
		c, err := p.expr(w.Cond, cols)
		if err != nil {
			return "", err
		}
		r, err := p.expr(w.Result, cols)
		if err != nil {
			return "", err
		}
		s.WriteString(" WHEN " + c + " THEN " + r)
	}
	if e.Else != nil {
		x, err := p.expr(e.Else, cols)
		if err != nil {
			return "", err
		}
		s.WriteString(" ELSE " + x)
	}
	s.WriteString(" END")
	return s.String(), nil
}

func (p *printer) in(e *plan.In, cols colMap) (string, error) {
	x, err := p.expr(e.X, cols)
	if err != nil {
		return "", err
	}
	list, err := p.exprs(e.List, cols)
	if err != nil {
		return "", err
	}
	return "(" + x + " " + not(e.Not) + "IN (" + strings.Join(list, ", ") + "))", nil
}

func (p *printer) between(e *plan.Between, cols colMap) (string, error) {
	parts, err := p.exprs([]plan.Expr{e.X, e.Lo, e.Hi}, cols)
	if err != nil {
		return "", err
	}
	sym := ""
	if e.Symmetric {
		sym = "SYMMETRIC "
	}
	return "(" + parts[0] + " " + not(e.Not) + "BETWEEN " + sym + parts[1] + " AND " + parts[2] + ")", nil
}

func (p *printer) subquery(e *plan.Subquery, cols colMap) (string, error) {
	p.outer = append(p.outer, cols)
	b, err := p.node(e.Query)
	p.outer = p.outer[:len(p.outer)-1]
	if err != nil {
		return "", err
	}
	q := "(\n  " + indent(b.sql(p.d, uniqueAliases(e.Query.Columns()))) + "\n)"
	switch e.Kind {
	case plan.ExistsSubquery:
		return "(" + not(e.Not) + "EXISTS " + q + ")", nil
	case plan.ArraySubquery:
		if err := refuse(p.d, true, "ARRAY(subquery)"); err != nil {
			return "", err
		}
		return "ARRAY" + q, nil
	case plan.ScalarSubquery:
		return q, nil
	}
	x, err := p.expr(e.X, cols)
	if err != nil {
		return "", err
	}
	switch e.Kind {
	case plan.InSubquery:
		return "(" + x + " " + not(e.Not) + "IN " + q + ")", nil
	case plan.AnySubquery:
		if err := refuse(p.d, true, "ANY/ALL (subquery)"); err != nil {
			return "", err
		}
		return "(" + x + " " + e.Op + " ANY " + q + ")", nil
	default:
		if err := refuse(p.d, true, "ANY/ALL (subquery)"); err != nil {
			return "", err
		}
		return "(" + x + " " + e.Op + " ALL " + q + ")", nil
	}
}

func (p *printer) anyArray(e *plan.AnyArray, cols colMap) (string, error) {
	x, err := p.expr(e.X, cols)
	if err != nil {
		return "", err
	}
	a, err := p.expr(e.Array, cols)
	if err != nil {
		return "", err
	}
	if err := refuse(p.d, true, "ANY/ALL (array)"); err != nil {
		return "", err
	}
	q := "ANY"
	if e.All {
		q = "ALL"
	}
	if !validOp(e.Op) {
		return "", sqlerr.Unsupported("operator " + e.Op + " with " + q)
	}
	return "(" + x + " " + e.Op + " " + q + "(" + a + "))", nil
}
