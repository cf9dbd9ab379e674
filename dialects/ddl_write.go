package dialects

import (
	"strings"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
)

// Writes to warehouse tables of writable schemas (plan.Write): every
// warehouse spells CREATE TABLE, CREATE TABLE AS, INSERT INTO, DROP TABLE,
// TRUNCATE TABLE, UPDATE and DELETE alike; names, types and expressions
// are printed by the dialect, queries by Print. No user text is
// concatenated.

// whereRequired is a dialect whose UPDATE and DELETE must have a WHERE
// clause (BigQuery): a statement without one says WHERE TRUE.
type whereRequired interface{ dmlNeedsWhere() }

func (BigQuery) dmlNeedsWhere() {}

// PrintWrite prints w as one statement in the dialect.
func PrintWrite(d Dialect, w *plan.Write) (string, error) {
	name := QualifiedName(d, w.Table)
	switch w.Op {
	case plan.CreateTable:
		return createTable(d, name, w.Columns)
	case plan.CreateTableAs:
		q, err := Print(d, w.Rows)
		if err != nil {
			return "", err
		}
		return CreateTableAs(d, w.Table, q), nil
	case plan.InsertInto:
		return insertInto(d, name, w)
	case plan.DropTable:
		return DropTable(d, w.Table), nil
	case plan.TruncateTable:
		return "TRUNCATE TABLE " + name, nil
	case plan.UpdateTable:
		return update(d, name, w)
	case plan.DeleteFrom:
		return deleteFrom(d, name, w)
	}
	return "", sqlerr.New(sqlerr.Internal, "dialects: write operation %d has no printer", w.Op)
}

func createTable(d Dialect, name string, cols []plan.Column) (string, error) {
	defs := make([]string, len(cols))
	for i, c := range cols {
		t, err := d.TypeName(c.Type)
		if err != nil {
			return "", err
		}
		defs[i] = d.QuoteIdent(c.Name) + " " + t
	}
	return "CREATE TABLE " + name + " (" + strings.Join(defs, ", ") + ")", nil
}

func insertInto(d Dialect, name string, w *plan.Write) (string, error) {
	q, err := Print(d, w.Rows)
	if err != nil {
		return "", err
	}
	list := ""
	if w.Targets != nil {
		list = " (" + quoteAll(d, w.Targets) + ")"
	}
	return "INSERT INTO " + name + list + " " + q, nil
}

func quoteAll(d Dialect, names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = d.QuoteIdent(n)
	}
	return strings.Join(quoted, ", ")
}

// dmlParts takes an UPDATE's or DELETE's Rows apart: the new values (an
// UPDATE's Project), the condition (a Filter's) and the table.
func dmlParts(rows plan.Node) (set *plan.Project, cond plan.Expr, t *plan.Table, err error) {
	n := rows
	if p, ok := n.(*plan.Project); ok {
		set, n = p, p.Input
	}
	if f, ok := n.(*plan.Filter); ok {
		cond, n = f.Cond, f.Input
	}
	t, ok := n.(*plan.Table)
	if !ok {
		return nil, nil, nil, sqlerr.New(sqlerr.Internal, "dialects: UPDATE or DELETE over %T, not a table", n)
	}
	return set, cond, t, nil
}

// dmlPrinter prints expressions over the target table's columns, named
// unqualified as UPDATE and DELETE name them.
func dmlPrinter(d Dialect, rows plan.Node, t *plan.Table) (*printer, colMap) {
	cols := colMap{}
	for _, c := range t.Cols {
		cols[c.ID] = d.QuoteIdent(c.Name)
	}
	return &printer{d: d, types: typeIndex(rows)}, cols
}

func update(d Dialect, name string, w *plan.Write) (string, error) {
	set, cond, t, err := dmlParts(w.Rows)
	if err != nil {
		return "", err
	}
	if set == nil || len(set.Exprs) != len(w.Set) || len(w.Set) == 0 {
		return "", sqlerr.New(sqlerr.Internal, "dialects: UPDATE without one value per SET column")
	}
	p, cols := dmlPrinter(d, w.Rows, t)
	items := make([]string, len(w.Set))
	for i, c := range w.Set {
		v, err := p.expr(set.Exprs[i], cols)
		if err != nil {
			return "", err
		}
		items[i] = d.QuoteIdent(c) + " = " + v
	}
	where, err := dmlWhere(d, p, cond, cols)
	if err != nil {
		return "", err
	}
	return "UPDATE " + name + " SET " + strings.Join(items, ", ") + where, nil
}

func deleteFrom(d Dialect, name string, w *plan.Write) (string, error) {
	set, cond, t, err := dmlParts(w.Rows)
	if err != nil {
		return "", err
	}
	if set != nil {
		return "", sqlerr.New(sqlerr.Internal, "dialects: DELETE with values")
	}
	p, cols := dmlPrinter(d, w.Rows, t)
	where, err := dmlWhere(d, p, cond, cols)
	if err != nil {
		return "", err
	}
	return "DELETE FROM " + name + where, nil
}

func dmlWhere(d Dialect, p *printer, cond plan.Expr, cols colMap) (string, error) {
	if cond == nil {
		if _, ok := d.(whereRequired); ok {
			return " WHERE TRUE", nil
		}
		return "", nil
	}
	c, err := p.expr(cond, cols)
	if err != nil {
		return "", err
	}
	return " WHERE " + c, nil
}
