package planner

import (
	"slices"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
)

// Saved datasets (KindDataset): CREATE TABLE datasets.<name> AS <query>
// saves a query's rows as a table of the warehouse schema configured for
// them (datasets: {schema} in pitgate.yaml, WithDatasets), and DROP TABLE
// datasets.<name> removes it. A read of datasets.<name> is a read of that
// warehouse table. The gateway keeps the record of each (online.Datasets).

// DatasetsSchema is the schema saved datasets appear in.
const DatasetsSchema = "datasets"

// WithDatasets is a planner whose datasets.<name> is the warehouse table
// {schema..., name}: schema is the configured warehouse schema (DuckDB,
// PostgreSQL, Snowflake) or dataset (BigQuery), possibly qualified.
func (p *Planner) WithDatasets(schema []string) *Planner {
	c := *p
	c.datasets = slices.Clone(schema)
	return &c
}

// DatasetOp is what a KindDataset statement does.
type DatasetOp int

const (
	DatasetCreate DatasetOp = iota
	DatasetDrop
)

// Dataset is CREATE TABLE datasets.<name> AS ... or DROP TABLE datasets.<name>.
type Dataset struct {
	Op   DatasetOp
	Name string
	// Path is the warehouse table: the configured schema, then Name.
	Path []string
	// Query is the rows of DatasetCreate.
	Query *Query
	// Range is DatasetCreate's min and max of the first ASOF join's left
	// timestamp (the entity rows' time range); nil without an ASOF join.
	Range *Query
	// Views are the feature views the query joins, sorted; Features are
	// the result columns that are features of them (view.feature).
	Views, Features []string
	// IfExists is DROP TABLE IF EXISTS / CREATE TABLE IF NOT EXISTS.
	IfExists bool
}

const datasetsHint = "set datasets: {schema: <writable warehouse schema>} in pitgate.yaml"

func isDatasetsName(rv *pg.RangeVar) bool {
	return rv != nil && rv.Catalogname == "" && rv.Schemaname == DatasetsSchema
}

// datasetPath is the warehouse table of datasets.<name>, or 0A000 when no
// schema is configured for them.
func (b *binder) datasetPath(name string, at int) ([]string, error) {
	if len(b.p.datasets) == 0 {
		return nil, sqlerr.New(sqlerr.FeatureNotSupported, "saved datasets are not configured").At(at).
			WithHint("%s", datasetsHint)
	}
	return append(slices.Clone(b.p.datasets), name), nil
}

func (b *binder) createDataset(cs *pg.CreateTableAsStmt, sel *pg.SelectStmt) (*Statement, error) {
	rv := cs.Into.Rel
	path, err := b.datasetPath(rv.Relname, pos(rv.Location))
	if err != nil {
		return nil, err
	}
	if sel == nil || len(cs.Into.ColNames) > 0 || cs.Into.SkipData {
		return nil, sqlerr.Unsupported("CREATE TABLE datasets.<name> AS other than of a SELECT").At(pos(rv.Location))
	}
	q, err := b.query(sel)
	if err != nil {
		return nil, err
	}
	if len(q.Params) > 0 {
		return nil, sqlerr.Unsupported("parameters in CREATE TABLE datasets.<name> AS").At(pos(rv.Location)).
			WithHint("write the values into the query")
	}
	d := &Dataset{Op: DatasetCreate, Name: rv.Relname, Path: path, Query: q, IfExists: cs.IfNotExists}
	d.Views, d.Features = b.featureReferences(q)
	if pj := firstPITJoin(q.Root); pj != nil {
		d.Range = b.timeRange(pj)
	}
	return &Statement{Kind: KindDataset, Dataset: d}, nil
}

func (b *binder) dropDataset(name string, ifExists bool) (*Statement, error) {
	path, err := b.datasetPath(name, 0)
	if err != nil {
		return nil, err
	}
	return &Statement{Kind: KindDataset, Dataset: &Dataset{Op: DatasetDrop, Name: name, Path: path, IfExists: ifExists}}, nil
}

// datasetRelation binds a read of datasets.<name>: the warehouse table.
func (b *binder) datasetRelation(rv *pg.RangeVar) (plan.Node, []plan.Column, error) {
	at := pos(rv.Location)
	path, err := b.datasetPath(rv.Relname, at)
	if err != nil {
		return nil, nil, err
	}
	node, cols, err := b.warehouseTable(path, at)
	if sqlerr.Code(err) == sqlerr.UndefinedTable {
		return nil, nil, sqlerr.New(sqlerr.UndefinedTable, "relation \"datasets.%s\" does not exist", rv.Relname).At(at).
			WithHint("CREATE TABLE datasets.%s AS <query> saves one", rv.Relname)
	}
	return node, cols, err
}

// featureReferences lists the views the query ASOF-joins and the result
// columns that are their features (by name, or <view>__<feature>).
func (b *binder) featureReferences(q *Query) (views, features []string) {
	walkNodes(q.Root, func(n plan.Node) {
		if pj, ok := n.(*plan.PITJoin); ok && pj.Name != "" && !slices.Contains(views, pj.Name) {
			views = append(views, pj.Name)
		}
	})
	slices.Sort(views)
	for _, c := range q.Columns {
		for _, name := range views {
			v := b.p.repo.View(name)
			if v == nil {
				continue
			}
			for _, f := range v.Features {
				if c.Name == f.Name || c.Name == name+"__"+f.Name {
					features = append(features, name+"."+f.Name)
				}
			}
		}
	}
	return views, features
}

// timeRange is SELECT min(ts), max(ts) over the join's left input.
func (b *binder) timeRange(pj *plan.PITJoin) *Query {
	agg := &plan.Aggregate{Input: pj.Left}
	typ := leftType(pj)
	cols := []plan.Column{b.newColumn("min", typ), b.newColumn("max", typ)}
	root := &plan.Project{Input: agg, Cols: cols, Exprs: []plan.Expr{
		&plan.Func{Name: "min", Args: []plan.Expr{pj.LeftTS}},
		&plan.Func{Name: "max", Args: []plan.Expr{pj.LeftTS}},
	}}
	return &Query{Root: root, Columns: cols, Temp: b.temp}
}

// leftType is the type of the join's left timestamp where the left input
// says it ("" lets the warehouse type the result).
func leftType(pj *plan.PITJoin) plan.Type {
	if ref, ok := pj.LeftTS.(*plan.ColRef); ok {
		for _, c := range pj.Left.Columns() {
			if c.ID == ref.ID {
				return c.Type
			}
		}
	}
	if c, ok := pj.LeftTS.(*plan.Cast); ok {
		return c.Type
	}
	return ""
}

// firstPITJoin is the outermost-leftmost ASOF join: the one whose left
// side holds the entity rows of a chain of joins.
func firstPITJoin(n plan.Node) *plan.PITJoin {
	var found *plan.PITJoin
	walkNodes(n, func(n plan.Node) {
		if pj, ok := n.(*plan.PITJoin); ok {
			found = pj // the last seen in pre-order is the innermost: its left is the entity rows
		}
	})
	return found
}

func walkNodes(n plan.Node, fn func(plan.Node)) {
	if n == nil {
		return
	}
	fn(n)
	for _, c := range n.Children() {
		walkNodes(c, fn)
	}
}
