package dialects

import (
	"fmt"
	"strings"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
)

// Print prints a plan as one SQL statement in the dialect. The result's
// columns are named as the plan's root columns. Filters on the left side
// of an ASOF join are applied before it (pushdown.go).
func Print(d Dialect, root plan.Node) (string, error) {
	root = pushLeftFilters(root)
	p := &printer{d: d, types: typeIndex(root)}
	b, err := p.node(root)
	if err != nil {
		return "", err
	}
	return b.sql(d, userAliases(root.Columns())), nil
}

type printer struct {
	d      Dialect
	nalias int
	nextID plan.ColumnID // synthetic column IDs, counting down from -1
	// outer holds the column maps of enclosing blocks, for correlated subqueries.
	outer []map[plan.ColumnID]string
	// types are the plan's column types, for operators whose spelling
	// depends on them (division.go).
	types map[plan.ColumnID]plan.Type
}

func (p *printer) alias(prefix string) string {
	p.nalias++
	return fmt.Sprintf("%s%d", prefix, p.nalias)
}

func (p *printer) syntheticID() plan.ColumnID {
	p.nextID--
	return p.nextID
}

func (p *printer) node(n plan.Node) (*block, error) {
	switch n := n.(type) {
	case *plan.Table:
		return p.table(n), nil
	case *plan.Values:
		return p.values(n)
	case *plan.Project:
		return p.project(n)
	case *plan.Filter:
		return p.filter(n)
	case *plan.Join:
		return p.join(n)
	case *plan.PITJoin:
		return p.pitJoin(n)
	case *plan.Aggregate:
		return p.aggregate(n)
	case *plan.Sort:
		return p.sort(n)
	case *plan.Limit:
		return p.limit(n)
	case *plan.Distinct:
		return p.distinct(n)
	case *plan.SetOp:
		return p.setOp(n)
	}
	return nil, sqlerr.New(sqlerr.Internal, "dialects: cannot print %T", n)
}

// wrap turns a block into a subquery that is the FROM item of a new block.
func (p *printer) wrap(b *block) *block {
	alias := p.alias("q")
	names := uniqueAliases(b.out)
	nb := newBlock(b.out)
	nb.from = "(\n  " + indent(b.sql(p.d, names)) + "\n) AS " + p.d.QuoteIdent(alias)
	for i, c := range b.out {
		nb.cols[c.ID] = p.d.QuoteIdent(alias) + "." + p.d.QuoteIdent(names[i])
	}
	return nb
}

func (p *printer) table(n *plan.Table) *block {
	alias := p.alias("t")
	parts := make([]string, len(n.Name))
	for i, part := range n.Name {
		parts[i] = p.d.QuoteIdent(part)
	}
	b := newBlock(n.Cols)
	b.from = strings.Join(parts, ".") + " AS " + p.d.QuoteIdent(alias)
	if tn, ok := p.d.(tableNamer); ok {
		b.from = tn.TableName(n.Name) + " AS " + p.d.QuoteIdent(alias)
	}
	for _, c := range n.Cols {
		b.cols[c.ID] = p.d.QuoteIdent(alias) + "." + p.d.QuoteIdent(c.Name)
	}
	return b
}

func (p *printer) values(n *plan.Values) (*block, error) {
	b := newBlock(n.Cols)
	if len(n.Cols) == 0 && len(n.Rows) == 1 {
		return b, nil // the one row of a SELECT without FROM
	}
	alias := p.alias("v")
	rows := make([]string, len(n.Rows))
	printed := make([][]string, len(n.Rows))
	for i, row := range n.Rows {
		vals, err := p.exprs(row, b.cols)
		if err != nil {
			return nil, err
		}
		rows[i], printed[i] = "("+strings.Join(vals, ", ")+")", vals
	}
	names := uniqueAliases(n.Cols)
	quoted := make([]string, len(names))
	for i, name := range names {
		quoted[i] = p.d.QuoteIdent(name)
		b.cols[n.Cols[i].ID] = p.d.QuoteIdent(alias) + "." + quoted[i]
	}
	b.from = "(VALUES " + strings.Join(rows, ", ") + ") AS " + p.d.QuoteIdent(alias) +
		" (" + strings.Join(quoted, ", ") + ")"
	if vp, ok := p.d.(valuesPrinter); ok {
		b.from = "(" + vp.ValuesBody(printed, quoted) + ") AS " + p.d.QuoteIdent(alias)
	}
	return b, nil
}

func (p *printer) project(n *plan.Project) (*block, error) {
	b, err := p.node(n.Input)
	if err != nil {
		return nil, err
	}
	windows := anyWindow(n.Exprs)
	if b.distinct || b.setop != "" || (windows && (b.limit != "" || b.offset != "" || b.windowSel)) {
		b = p.wrap(b)
	}
	// A projection of a projection composes: its expressions read the
	// inner select list, so the block (and its ORDER BY) stays one SELECT.
	refs := b.cols
	if b.sel != nil {
		refs = p.selectRefs(b)
	}
	items := make([]selItem, len(n.Exprs))
	for i, e := range n.Exprs {
		s, err := p.expr(e, refs)
		if err != nil {
			return nil, err
		}
		items[i] = selItem{id: n.Cols[i].ID, sql: s}
	}
	b.sel, b.out, b.windowSel = items, n.Cols, windows || b.windowSel
	return b, nil
}

func (p *printer) filter(n *plan.Filter) (*block, error) {
	b, err := p.node(n.Input)
	if err != nil {
		return nil, err
	}
	if b.sel != nil || len(b.qualify) > 0 || b.distinct || len(b.order) > 0 || b.limit != "" ||
		b.offset != "" || b.setop != "" {
		b = p.wrap(b)
	}
	cond, err := p.expr(n.Cond, b.cols)
	if err != nil {
		return nil, err
	}
	if b.grouped {
		b.having = append(b.having, cond)
	} else {
		b.where = append(b.where, cond)
	}
	return b, nil
}

func (p *printer) aggregate(n *plan.Aggregate) (*block, error) {
	b, err := p.node(n.Input)
	if err != nil {
		return nil, err
	}
	if b.sel != nil || b.grouped || len(b.qualify) > 0 || b.distinct || len(b.order) > 0 ||
		b.limit != "" || b.offset != "" || b.setop != "" {
		b = p.wrap(b)
	}
	keys, err := p.exprs(n.GroupBy, b.cols)
	if err != nil {
		return nil, err
	}
	b.grouped, b.groupBy = true, keys
	return b, nil
}

func (p *printer) sort(n *plan.Sort) (*block, error) {
	b, err := p.node(n.Input)
	if err != nil {
		return nil, err
	}
	if len(b.order) > 0 || b.limit != "" || b.offset != "" || b.setop != "" {
		b = p.wrap(b)
	}
	// Keys over a select list are printed as the expressions they name:
	// an alias in ORDER BY could mean another column once a later
	// projection composes into this block.
	refs := b.cols
	if b.sel != nil {
		refs = p.selectRefs(b)
	}
	keys, err := p.sortKeys(n.Keys, refs)
	if err != nil {
		return nil, err
	}
	b.order = keys
	return b, nil
}

func (p *printer) limit(n *plan.Limit) (*block, error) {
	b, err := p.node(n.Input)
	if err != nil {
		return nil, err
	}
	if b.limit != "" || b.offset != "" || b.setop != "" {
		b = p.wrap(b)
	}
	if n.Count != nil {
		if b.limit, err = p.expr(n.Count, b.cols); err != nil {
			return nil, err
		}
	}
	if n.Offset != nil {
		if b.offset, err = p.expr(n.Offset, b.cols); err != nil {
			return nil, err
		}
	}
	return b, nil
}

func (p *printer) distinct(n *plan.Distinct) (*block, error) {
	b, err := p.node(n.Input)
	if err != nil {
		return nil, err
	}
	if b.distinct || len(b.order) > 0 || b.limit != "" || b.offset != "" || b.setop != "" {
		b = p.wrap(b)
	}
	refs := b.cols
	if b.sel != nil {
		refs = p.selectRefs(b)
	}
	on, err := p.exprs(n.On, refs)
	if err != nil {
		return nil, err
	}
	if err := refuse(p.d, len(on) > 0, "DISTINCT ON"); err != nil {
		return nil, err
	}
	b.distinct, b.distinctOn = true, on
	return b, nil
}

// selectRefs maps output columns to their select expressions.
func (p *printer) selectRefs(b *block) map[plan.ColumnID]string {
	refs := make(map[plan.ColumnID]string, len(b.sel))
	for _, it := range b.sel {
		refs[it.id] = it.sql
	}
	return refs
}

func (p *printer) join(n *plan.Join) (*block, error) {
	l, err := p.fromItem(n.Left)
	if err != nil {
		return nil, err
	}
	r, err := p.fromItem(n.Right)
	if err != nil {
		return nil, err
	}
	b := newBlock(n.Columns())
	for id, s := range l.cols {
		b.cols[id] = s
	}
	for id, s := range r.cols {
		b.cols[id] = s
	}
	if n.Kind == plan.CrossJoin {
		b.from = l.from + "\nCROSS JOIN " + r.from
		return b, nil
	}
	on, err := p.expr(n.On, b.cols)
	if err != nil {
		return nil, err
	}
	b.from = l.from + "\n" + n.Kind.String() + " JOIN " + r.from + " ON " + on
	return b, nil
}

// fromItem prints n as something a FROM clause can hold.
func (p *printer) fromItem(n plan.Node) (*block, error) {
	b, err := p.node(n)
	if err != nil {
		return nil, err
	}
	if !b.fromOnly() {
		b = p.wrap(b)
	}
	return b, nil
}

func (p *printer) setOp(n *plan.SetOp) (*block, error) {
	names := uniqueAliases(n.Cols)
	side := func(c plan.Node) (string, error) {
		b, err := p.node(c)
		if err != nil {
			return "", err
		}
		return "(\n  " + indent(b.sql(p.d, names)) + "\n)", nil
	}
	l, err := side(n.Left)
	if err != nil {
		return nil, err
	}
	r, err := side(n.Right)
	if err != nil {
		return nil, err
	}
	op := n.Kind.String()
	if n.All {
		op += " ALL"
	}
	b := newBlock(n.Cols)
	b.setop = l + "\n" + op + "\n" + r
	return b, nil
}

func anyWindow(es []plan.Expr) bool {
	found := false
	for _, e := range es {
		plan.Walk(e, func(x plan.Expr) bool {
			if f, ok := x.(*plan.Func); ok && f.Over != nil {
				found = true
			}
			return !found
		})
	}
	return found
}
