package planner

import (
	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
)

// Session temporary tables (KindTemp): CREATE [TEMP] TABLE t (...),
// CREATE [TEMP] TABLE t AS SELECT ..., INSERT INTO t ..., TRUNCATE t and
// DROP TABLE [IF EXISTS] t. An unqualified CREATE TABLE makes a session
// temporary table too: pandas.to_sql cannot say TEMP. A qualified name
// other than pg_temp is refused with 42501 (the warehouse is read-only to
// sessions; datasets.<name> is the saved datasets' schema).

// TempTables is what a session's Tables also answers: its own temporary
// tables, which win over feature views and warehouse tables for an
// unqualified name, as pg_temp comes first in PostgreSQL's search_path.
type TempTables interface {
	// TempTable returns the warehouse path of temporary table name (as
	// the dialect prints it) and its columns; ok is false when the session
	// has none of that name.
	TempTable(name string) (path []string, cols []TableColumn, ok bool)
}

// WithTables is a planner for one session: the same registry, the
// session's view of the warehouse's tables (its temporary tables first).
func (p *Planner) WithTables(t Tables) *Planner {
	c := *p
	c.tables = t
	return &c
}

// TempOp is what a KindTemp statement does.
type TempOp int

const (
	TempCreate TempOp = iota
	TempCreateAs
	TempInsert
	TempTruncate
	TempDrop
)

// Temp is a statement on a session temporary table.
type Temp struct {
	Op   TempOp
	Name string
	// Columns are TempCreate's column definitions.
	Columns []TableColumn
	// Query is the rows of TempCreateAs and TempInsert; for TempInsert
	// each column is cast to its target's type.
	Query *Query
	// Targets are TempInsert's target columns, in Query's column order.
	Targets []string
	// IfExists is DROP TABLE IF EXISTS / CREATE TABLE IF NOT EXISTS.
	IfExists bool
	// SaidTemp is set when a CREATE said TEMP or pg_temp.: the catalog
	// lists the table in pg_temp_N; otherwise in the current schema, where
	// PostgreSQL would have created it (gateway/temp_catalog.go).
	SaidTemp bool
}

// saidTemp reports whether rv was written as a temporary table's name.
func saidTemp(rv *pg.RangeVar) bool { return rv.Relpersistence == "t" || rv.Schemaname == "pg_temp" }

const tempHint = "pitgate writes only session temporary tables: CREATE [TEMP] TABLE t (...) with an unqualified name"

// tempName checks that rv names a session temporary table: unqualified or
// in pg_temp. Other names are 42501 (write.go: a schema the configuration
// makes writable is checked before).
func (b *binder) tempName(rv *pg.RangeVar) (string, error) {
	switch {
	case rv.Catalogname == "" && (rv.Schemaname == "" || rv.Schemaname == "pg_temp"):
		return rv.Relname, nil
	case rv.Schemaname == "datasets" && rv.Catalogname == "":
		return "", sqlerr.New(sqlerr.FeatureNotSupported, "a saved dataset is written only by CREATE TABLE datasets.%s AS <query>", rv.Relname).
			At(pos(rv.Location)).WithHint("DROP TABLE datasets.%s and create it again to change it", rv.Relname)
	}
	return "", b.schemaNotWritable(rv)
}

func (b *binder) createTable(cs *pg.CreateStmt) (*Statement, error) {
	if path, ok := b.writePath(cs.Relation); ok {
		return b.writeCreate(cs, path) // write.go
	}
	name, err := b.tempName(cs.Relation)
	if err != nil {
		return nil, err
	}
	cols, err := columnDefs(cs)
	if err != nil {
		return nil, err
	}
	t := &Temp{Op: TempCreate, Name: name, IfExists: cs.IfNotExists, SaidTemp: saidTemp(cs.Relation), Columns: cols}
	return &Statement{Kind: KindTemp, Temp: t}, nil
}

// columnDefs are CREATE TABLE's column names and types: pitgate declares
// no constraints or defaults in the warehouse (NULL is accepted).
func columnDefs(cs *pg.CreateStmt) ([]TableColumn, error) {
	if len(cs.InhRelations) > 0 || cs.Partspec != nil || cs.OfTypename != nil {
		return nil, sqlerr.Unsupported("CREATE TABLE with INHERITS, PARTITION BY or OF").At(pos(cs.Relation.Location))
	}
	var out []TableColumn
	for _, e := range cs.TableElts {
		cd := e.GetColumnDef()
		if cd == nil {
			return nil, sqlerr.Unsupported("table constraints in CREATE TABLE").At(nodeAt(e, 0)).
				WithHint("declare the columns only")
		}
		for _, c := range cd.Constraints {
			if k := c.GetConstraint(); k == nil || k.Contype != pg.ConstrType_CONSTR_NULL {
				return nil, sqlerr.Unsupported("column constraints and defaults in CREATE TABLE").
					At(pos(cd.Location)).WithHint("declare the columns only")
			}
		}
		typ, err := typeName(cd.TypeName)
		if err != nil {
			return nil, err
		}
		out = append(out, TableColumn{Name: cd.Colname, Type: string(typ)})
	}
	return out, nil
}

func (b *binder) createTableAs(cs *pg.CreateTableAsStmt) (*Statement, error) {
	if cs.Objtype != pg.ObjectType_OBJECT_TABLE || cs.Into == nil || cs.Into.Rel == nil {
		return nil, sqlerr.Unsupported("CREATE MATERIALIZED VIEW")
	}
	if isDatasetsName(cs.Into.Rel) {
		return b.createDataset(cs, cs.Query.GetSelectStmt())
	}
	if path, ok := b.writePath(cs.Into.Rel); ok {
		return b.writeCreateAs(cs, path) // write.go
	}
	name, err := b.tempName(cs.Into.Rel)
	if err != nil {
		return nil, err
	}
	sel := cs.Query.GetSelectStmt()
	if sel == nil || len(cs.Into.ColNames) > 0 || cs.Into.SkipData {
		return nil, sqlerr.Unsupported("CREATE TABLE AS other than of a SELECT").At(pos(cs.Into.Rel.Location))
	}
	q, err := b.query(sel)
	if err != nil {
		return nil, err
	}
	return &Statement{Kind: KindTemp, Temp: &Temp{Op: TempCreateAs, Name: name, Query: q, IfExists: cs.IfNotExists,
		SaidTemp: saidTemp(cs.Into.Rel)}}, nil
}

func (b *binder) dropTable(d *pg.DropStmt) (*Statement, error) {
	if d.RemoveType != pg.ObjectType_OBJECT_TABLE || len(d.Objects) != 1 {
		return nil, sqlerr.Unsupported("DROP other than of one temporary table").WithHint("DROP TABLE [IF EXISTS] t")
	}
	var parts []string
	for _, n := range d.Objects[0].GetList().GetItems() {
		parts = append(parts, n.GetString_().GetSval())
	}
	rv := &pg.RangeVar{Relname: parts[len(parts)-1], Location: -1}
	if len(parts) > 1 {
		rv.Schemaname = parts[len(parts)-2]
	}
	if len(parts) > 2 {
		rv.Catalogname = parts[0]
	}
	if isDatasetsName(rv) {
		return b.dropDataset(rv.Relname, d.MissingOk)
	}
	if path, ok := b.writePath(rv); ok {
		return writeStatement(&Write{Write: plan.Write{Op: plan.DropTable, Table: path}, IfExists: d.MissingOk}, nil), nil
	}
	name, err := b.tempName(rv)
	if err != nil {
		return nil, err
	}
	return &Statement{Kind: KindTemp, Temp: &Temp{Op: TempDrop, Name: name, IfExists: d.MissingOk}}, nil
}

func (b *binder) truncate(t *pg.TruncateStmt) (*Statement, error) {
	if len(t.Relations) != 1 {
		return nil, sqlerr.Unsupported("TRUNCATE of several tables")
	}
	rv := t.Relations[0].GetRangeVar()
	if path, ok := b.writePath(rv); ok {
		return b.writeTruncate(rv, path) // write.go
	}
	name, err := b.tempName(rv)
	if err != nil {
		return nil, err
	}
	if _, _, ok := b.tempTable(name); !ok {
		return nil, sqlerr.New(sqlerr.UndefinedTable, "relation %q does not exist", name).At(pos(rv.Location))
	}
	return &Statement{Kind: KindTemp, Temp: &Temp{Op: TempTruncate, Name: name}}, nil
}

// tempTable asks the session's Tables for its temporary table name.
func (b *binder) tempTable(name string) ([]string, []TableColumn, bool) {
	tt, ok := b.p.tables.(TempTables)
	if !ok {
		return nil, nil, false
	}
	return tt.TempTable(name)
}

// tempRelation binds a read of a session temporary table, if rv names one.
func (b *binder) tempRelation(rv *pg.RangeVar) (plan.Node, []plan.Column, bool) {
	if rv.Catalogname != "" || (rv.Schemaname != "" && rv.Schemaname != "pg_temp") {
		return nil, nil, false
	}
	path, cols, ok := b.tempTable(rv.Relname)
	if !ok {
		return nil, nil, false
	}
	b.temp = true
	t := &plan.Table{Name: path}
	for _, c := range cols {
		t.Cols = append(t.Cols, b.newColumn(c.Name, plan.Type(c.Type)))
	}
	return t, t.Cols, true
}

// ReadsTemp reports whether the statement reads a session temporary
// table: it must run on the session's own warehouse connection.
func (st *Statement) ReadsTemp() bool {
	return (st.Query != nil && st.Query.Temp) || (st.Temp != nil && st.Temp.Query != nil && st.Temp.Query.Temp) ||
		(st.Dataset != nil && st.Dataset.Query != nil && st.Dataset.Query.Temp)
}
