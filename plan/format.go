package plan

import (
	"fmt"
	"strings"
)

// Format renders a plan as an indented tree for EXPLAIN.
func Format(n Node) string {
	var b strings.Builder
	format(&b, n, 0)
	return b.String()
}

func format(b *strings.Builder, n Node, depth int) {
	b.WriteString(strings.Repeat("  ", depth))
	if depth > 0 {
		b.WriteString("-> ")
	}
	b.WriteString(describe(n))
	b.WriteByte('\n')
	for _, c := range n.Children() {
		format(b, c, depth+1)
	}
}

func describe(n Node) string {
	switch n := n.(type) {
	case *Table:
		return fmt.Sprintf("Table %s (%s)", strings.Join(n.Name, "."), colNames(n.Cols))
	case *Project:
		return fmt.Sprintf("Project %s", colNames(n.Cols))
	case *Filter:
		return "Filter " + ExprString(n.Cond)
	case *Join:
		s := n.Kind.String() + " Join"
		if n.On != nil {
			s += " ON " + ExprString(n.On)
		}
		return s
	case *PITJoin:
		return describePIT(n)
	case *Aggregate:
		return "Aggregate BY " + exprList(n.GroupBy)
	case *Sort:
		return "Sort " + sortList(n.Keys)
	case *Limit:
		return fmt.Sprintf("Limit %s OFFSET %s", ExprString(n.Count), ExprString(n.Offset))
	case *Distinct:
		if len(n.On) > 0 {
			return "Distinct ON " + exprList(n.On)
		}
		return "Distinct"
	case *Values:
		return fmt.Sprintf("Values %d rows (%s)", len(n.Rows), colNames(n.Cols))
	case *SetOp:
		s := n.Kind.String()
		if n.All {
			s += " ALL"
		}
		return s
	}
	return fmt.Sprintf("%T", n)
}

func describePIT(n *PITJoin) string {
	kind := "ASOF LEFT JOIN"
	if n.Inner {
		kind = "ASOF JOIN"
	}
	var keys []string
	for _, k := range n.Keys {
		keys = append(keys, fmt.Sprintf("#%d = %s", k.Right, ExprString(k.Left)))
	}
	op := "<="
	if n.Strict {
		op = "<"
	}
	s := fmt.Sprintf("%s %s keys [%s] ts #%d %s %s", kind, n.Name, strings.Join(keys, ", "),
		n.RightTS, op, ExprString(n.LeftTS))
	if n.TTL > 0 {
		s += fmt.Sprintf(" ttl %gs", n.TTL.Seconds())
	}
	if n.Created != 0 {
		s += fmt.Sprintf(" created #%d", n.Created)
	}
	if n.KnownAt {
		s += " known_at"
	}
	return s
}

func colNames(cols []Column) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = fmt.Sprintf("%s#%d", c.Name, c.ID)
	}
	return strings.Join(parts, ", ")
}

func exprList(es []Expr) string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = ExprString(e)
	}
	return strings.Join(parts, ", ")
}

func sortList(keys []SortKey) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = ExprString(k.X)
		if k.Desc {
			parts[i] += " DESC"
		}
		if k.NullsFirst {
			parts[i] += " NULLS FIRST"
		} else {
			parts[i] += " NULLS LAST"
		}
	}
	return strings.Join(parts, ", ")
}

// ExprString renders an expression for EXPLAIN (not SQL for an engine).
func ExprString(e Expr) string {
	switch e := e.(type) {
	case nil:
		return "-"
	case *ColRef:
		return fmt.Sprintf("%s#%d", e.Name, e.ID)
	case *Const:
		if e.Value == nil {
			return "NULL"
		}
		if s, ok := e.Value.(string); ok && e.Type != "numeric" {
			return "'" + strings.ReplaceAll(s, "'", "''") + "'"
		}
		return fmt.Sprint(e.Value)
	case *Param:
		return fmt.Sprintf("$%d", e.N)
	case *Op:
		if len(e.Args) == 1 {
			return fmt.Sprintf("(%s %s)", e.Op, ExprString(e.Args[0]))
		}
		return fmt.Sprintf("(%s %s %s)", ExprString(e.Args[0]), e.Op, ExprString(e.Args[1]))
	case *Func:
		args := exprList(e.Args)
		if e.Star {
			args = "*"
		}
		s := e.Name + "(" + args + ")"
		if e.Over != nil {
			s += " OVER (...)"
		}
		return s
	case *Cast:
		return fmt.Sprintf("CAST(%s AS %s)", ExprString(e.X), e.Type)
	case *Subquery:
		return "(subquery)"
	}
	return fmt.Sprintf("%T", e)
}
