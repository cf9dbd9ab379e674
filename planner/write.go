package planner

import (
	"slices"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
)

// Writes to the warehouse (KindWrite): CREATE TABLE s.t (...), CREATE
// TABLE s.t AS <query>, INSERT INTO s.t ..., DROP TABLE s.t, TRUNCATE s.t,
// UPDATE s.t ... and DELETE FROM s.t ... on a table of a schema the
// configuration makes writable (warehouse.writable_schemas,
// WithWritableSchemas). The warehouse is read-only to sessions otherwise:
// a qualified name in any other schema is 42501 with a hint naming the
// key. The statement is a plan.Write, printed by the dialect
// (dialects.PrintWrite); its rows, when it has any, are the Statement's
// Query, so that parameters are typed and bound as a query's are.

// WritableSchemasKey is the configuration key errors name.
const WritableSchemasKey = "warehouse.writable_schemas"

// WritableAll in the list makes every warehouse schema writable.
const WritableAll = "*"

// ownSchemas are the schemas pitgate answers itself: never the warehouse's.
var ownSchemas = map[string]bool{featuresSchema: true, onlineSchema: true, DatasetsSchema: true,
	"pg_catalog": true, "information_schema": true, "pg_temp": true}

// WithWritableSchemas is a planner that writes the warehouse tables of
// schemas, each "schema" or "catalog.schema" as a statement qualifies a
// table ("*": any). nil or empty: none, the default.
func (p *Planner) WithWritableSchemas(schemas []string) *Planner {
	c := *p
	c.writable = slices.Clone(schemas)
	return &c
}

// Write is a statement that writes a warehouse table.
type Write struct {
	plan.Write
	// IfExists is DROP TABLE IF EXISTS / CREATE TABLE IF NOT EXISTS.
	IfExists bool
}

// Tag is the command tag PostgreSQL answers the statement with, given
// the rows it wrote.
func (w *Write) Tag(rows int64) string {
	n := strconv.FormatInt(rows, 10)
	switch w.Op {
	case plan.CreateTableAs:
		return "SELECT " + n
	case plan.InsertInto:
		return "INSERT 0 " + n
	case plan.UpdateTable:
		return "UPDATE " + n
	case plan.DeleteFrom:
		return "DELETE " + n
	}
	return w.Op.String()
}

// Name is the table as a message names it.
func (w *Write) Name() string { return strings.Join(w.Table, ".") }

func writeStatement(w *Write, q *Query) *Statement {
	return &Statement{Kind: KindWrite, Write: w, Query: q}
}

// writePath is rv's warehouse table when rv names one in a writable
// schema. The saved datasets' own warehouse schema is never writable
// this way: its tables are written with their records (datasets.go).
func (b *binder) writePath(rv *pg.RangeVar) ([]string, bool) {
	if rv == nil || rv.Schemaname == "" || ownSchemas[rv.Schemaname] || len(b.p.writable) == 0 {
		return nil, false
	}
	path := rangeVarName(rv)
	qual := strings.Join(path[:len(path)-1], ".")
	if len(b.p.datasets) > 0 && (qual == strings.Join(b.p.datasets, ".") || rv.Schemaname == b.p.datasets[len(b.p.datasets)-1]) {
		return nil, false
	}
	for _, s := range b.p.writable {
		if s == WritableAll || s == qual {
			return path, true
		}
	}
	return nil, false
}

// schemaNotWritable is the error for a write to a qualified name outside
// the writable schemas.
func (b *binder) schemaNotWritable(rv *pg.RangeVar) error {
	parts := rangeVarName(rv)
	qual := strings.Join(parts[:len(parts)-1], ".")
	var hint string
	switch {
	case rv.Schemaname == "":
		hint = "qualify the table with a schema listed in " + WritableSchemasKey + " of pitgate.yaml; " + tempHint
	case ownSchemas[rv.Schemaname]:
		hint = tempHint
	case len(b.p.datasets) > 0 && rv.Schemaname == b.p.datasets[len(b.p.datasets)-1]:
		hint = "schema " + qual + " holds the saved datasets (datasets.schema), written only by CREATE TABLE datasets.<name> AS <query>; " +
			"other tables go to a schema of " + WritableSchemasKey
	default:
		hint = "schema " + qual + " is not writable: list it in " + WritableSchemasKey + " of pitgate.yaml to let sessions write it; " + tempHint
	}
	return sqlerr.New(sqlerr.InsufficientPriv, "permission denied to write %s", strings.Join(parts, ".")).
		At(pos(rv.Location)).WithHint("%s", hint)
}

func (b *binder) writeCreate(cs *pg.CreateStmt, path []string) (*Statement, error) {
	cols, err := columnDefs(cs)
	if err != nil {
		return nil, err
	}
	if len(cols) == 0 {
		return nil, sqlerr.Unsupported("CREATE TABLE without columns").At(pos(cs.Relation.Location)).
			WithHint("declare at least one column: not every warehouse has tables without columns")
	}
	w := &Write{Write: plan.Write{Op: plan.CreateTable, Table: path}, IfExists: cs.IfNotExists}
	for _, c := range cols {
		w.Columns = append(w.Columns, plan.Column{Name: c.Name, Type: plan.Type(c.Type)})
	}
	return writeStatement(w, nil), nil
}

// writeCreateAs binds CREATE TABLE s.t [(names)] AS <query> [WITH NO DATA].
func (b *binder) writeCreateAs(cs *pg.CreateTableAsStmt, path []string) (*Statement, error) {
	at := pos(cs.Into.Rel.Location)
	sel := cs.Query.GetSelectStmt()
	if sel == nil {
		return nil, sqlerr.Unsupported("CREATE TABLE AS other than of a query").At(at)
	}
	q, err := b.query(sel)
	if err != nil {
		return nil, err
	}
	if err := b.renameColumns(q, cs.Into.ColNames, at); err != nil {
		return nil, err
	}
	if cs.Into.SkipData {
		q.Root = &plan.Limit{Input: q.Root, Count: &plan.Const{Value: int64(0)}}
	}
	w := &Write{Write: plan.Write{Op: plan.CreateTableAs, Table: path}, IfExists: cs.IfNotExists}
	return writeStatement(w, q), nil
}

// renameColumns gives q's first columns the names of CREATE TABLE t
// (names) AS: a projection, as the names are the table's, not the query's.
func (b *binder) renameColumns(q *Query, names []*pg.Node, at int) error {
	if len(names) == 0 {
		return nil
	}
	out := q.Root.Columns()
	if len(names) > len(out) {
		return sqlerr.New(sqlerr.Syntax, "too many column names were specified").At(at)
	}
	p := &plan.Project{Input: q.Root}
	for i, c := range out {
		name := c.Name
		if i < len(names) {
			name = names[i].GetString_().GetSval()
		}
		p.Exprs = append(p.Exprs, &plan.ColRef{ID: c.ID, Name: c.Name})
		p.Cols = append(p.Cols, b.newColumn(name, c.Type))
	}
	q.Root, q.Columns = p, p.Cols
	return nil
}

func (b *binder) writeInsert(ins *pg.InsertStmt, path []string) (*Statement, error) {
	cols, err := b.p.tables.Table(b.ctx, path)
	if err != nil {
		return nil, positioned(err, pos(ins.Relation.Location))
	}
	q, names, err := b.insertRows(ins, strings.Join(path, "."), cols)
	if err != nil {
		return nil, err
	}
	w := &Write{Write: plan.Write{Op: plan.InsertInto, Table: path, Targets: names}}
	return writeStatement(w, q), nil
}

func (b *binder) writeTruncate(rv *pg.RangeVar, path []string) (*Statement, error) {
	if _, err := b.p.tables.Table(b.ctx, path); err != nil {
		return nil, positioned(err, pos(rv.Location))
	}
	return writeStatement(&Write{Write: plan.Write{Op: plan.TruncateTable, Table: path}}, nil), nil
}

// positioned gives err the statement position at when it has none.
func positioned(err error, at int) error {
	if e, ok := err.(*sqlerr.Error); ok && e.Position == 0 {
		c := *e
		c.Position = at
		return &c
	}
	return err
}
