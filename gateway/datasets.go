package gateway

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/pitgate/pitgate/catalog"
	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/registry"
	"github.com/pitgate/pitgate/warehouse"
	"github.com/pitgate/pitgate/wire"
)

// Saved datasets: CREATE TABLE datasets.<name> AS <query> runs
// CREATE TABLE <schema>.<name> AS <the query's SQL> on the warehouse (on
// the session's pinned connection when the query reads its temporary
// tables, so that an uploaded DataFrame can be the entity rows), then
// records it (online.Datasets: query, feature references, the entity
// rows' time range, row count, creation time) and rebuilds the catalog so
// that \d datasets.* lists it. The warehouse table is the truth for
// existence: a name whose table exists is 42P07 whether or not it is
// recorded, and two sessions racing for one name are told apart by the
// warehouse's own CREATE TABLE.

// datasetExec is what runs a dataset's statements: the warehouse's pool,
// or the session's pinned connection.
type datasetExec interface {
	querier
	Exec(ctx context.Context, sql string) error
}

func (s *Session) datasetExecutor(q *planner.Query) datasetExec {
	if q != nil && q.Temp && s.temp.conn != nil {
		return s.temp.conn
	}
	return s.gw.wh
}

func (s *Session) runDataset(ctx context.Context, st *planner.Statement, w wire.ResultWriter) error {
	d := st.Dataset
	if s.gw.datasets == nil {
		return sqlerr.New(sqlerr.FeatureNotSupported, "saved datasets have no record store").
			WithHint("pitgate serve records them in its state: (DESIGN §4)")
	}
	ctx, cancel := s.timeout(ctx)
	defer cancel()
	if d.Op == planner.DatasetDrop {
		return s.dropDataset(ctx, d, w)
	}
	return s.createDataset(ctx, d, st.Text, w)
}

func (s *Session) createDataset(ctx context.Context, d *planner.Dataset, text string, w wire.ResultWriter) error {
	g := s.gw
	exists, err := s.datasetExists(ctx, d)
	if err != nil {
		return err
	}
	if exists {
		if d.IfExists {
			if err := w.Notice("relation \"datasets." + d.Name + "\" already exists, skipping"); err != nil {
				return err
			}
			return w.Complete("CREATE TABLE AS")
		}
		return datasetExistsError(d.Name)
	}
	query, err := dialects.Print(g.dialect, d.Query.Root)
	if err != nil {
		return err
	}
	ex := s.datasetExecutor(d.Query)
	if err := s.createDatasetSchema(ctx, ex, d.Path[:len(d.Path)-1]); err != nil {
		return datasetSchemaError(s.queryError(ctx, err), d.Path)
	}
	if err := ex.Exec(ctx, dialects.CreateTableAs(g.dialect, d.Path, query)); err != nil {
		err = s.queryError(ctx, err)
		if sqlerr.Code(err) == "42P07" {
			return datasetExistsError(d.Name)
		}
		return err
	}
	rec, err := s.datasetRecord(ctx, ex, d, text)
	if err == nil {
		err = g.datasets.Add(ctx, rec)
	}
	if err != nil {
		// No table without its record: the name stays free.
		if derr := ex.Exec(context.WithoutCancel(ctx), dialects.DropTable(g.dialect, d.Path)); derr != nil {
			g.log.Warn("dropping a saved dataset whose record failed", "dataset", d.Name, "err", derr)
		}
		return err
	}
	g.datasetsChanged(ctx)
	return w.Complete("SELECT " + strconv.FormatInt(rec.Rows, 10))
}

// datasetExists reports whether datasets.<name> is recorded or its table exists.
func (s *Session) datasetExists(ctx context.Context, d *planner.Dataset) (bool, error) {
	_, ok, err := s.gw.datasets.Get(ctx, d.Name)
	if err != nil || ok {
		return ok, err
	}
	return s.tableExists(ctx, d.Path) // write.go
}

// datasetRecord counts the new table's rows and the entity rows' time range.
func (s *Session) datasetRecord(ctx context.Context, ex datasetExec, d *planner.Dataset, text string) (online.SavedDataset, error) {
	rec := online.SavedDataset{Name: d.Name, Table: d.Path, Query: text, Views: d.Views,
		Features: d.Features, Created: time.Now().UTC()}
	vals, err := s.oneRow(ctx, ex, dialects.CountRows(s.gw.dialect, d.Path))
	if err != nil {
		return rec, err
	}
	rec.Rows = toInt64(vals[0])
	if d.Range != nil {
		sql, err := dialects.Print(s.gw.dialect, d.Range.Root)
		if err != nil {
			return rec, err
		}
		vals, err := s.oneRow(ctx, ex, sql)
		if err != nil {
			return rec, err
		}
		rec.MinTime, rec.MaxTime = timeOrNil(vals[0]), timeOrNil(vals[1])
	}
	return rec, nil
}

func (s *Session) oneRow(ctx context.Context, q querier, sql string) ([]any, error) {
	rows, err := q.Query(ctx, sql)
	if err != nil {
		return nil, s.queryError(ctx, err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, s.queryError(ctx, err)
		}
		return nil, sqlerr.New(sqlerr.Internal, "gateway: %s returned no row", sql)
	}
	return append([]any(nil), rows.Values()...), nil
}

func toInt64(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case int32:
		return int64(x)
	case string: // numeric on warehouses whose count(*) is NUMBER
		n, _ := strconv.ParseInt(x, 10, 64)
		return n
	}
	return 0
}

func timeOrNil(v any) *time.Time {
	if t, ok := v.(time.Time); ok {
		u := t.UTC()
		return &u
	}
	return nil
}

func (s *Session) dropDataset(ctx context.Context, d *planner.Dataset, w wire.ResultWriter) error {
	g := s.gw
	exists, err := s.datasetExists(ctx, d)
	if err != nil {
		return err
	}
	if !exists {
		if d.IfExists {
			if err := w.Notice("table \"datasets." + d.Name + "\" does not exist, skipping"); err != nil {
				return err
			}
			return w.Complete("DROP TABLE")
		}
		return sqlerr.New(sqlerr.UndefinedTable, "table \"datasets.%s\" does not exist", d.Name).
			WithHint("\\dt datasets.* lists the saved datasets")
	}
	if err := g.wh.Exec(ctx, dialects.DropTable(g.dialect, d.Path)); err != nil {
		return s.queryError(ctx, err)
	}
	if err := g.datasets.Remove(ctx, d.Name); err != nil {
		return err
	}
	g.datasetsChanged(ctx)
	return w.Complete("DROP TABLE")
}

func datasetExistsError(name string) error {
	return sqlerr.New("42P07", "relation \"datasets.%s\" already exists", name).
		WithHint("DROP TABLE datasets.%s first, or choose another name", name)
}

func datasetSchemaError(err error, path []string) error {
	var se *sqlerr.Error
	if errors.As(err, &se) && se.Code == sqlerr.InsufficientPriv {
		out := *se
		out.Hint = "grant pitgate's warehouse user CREATE on " + strings.Join(path[:len(path)-1], ".") + ", or set datasets.schema to a schema it may write"
		return &out
	}
	return err
}

// datasetsChanged drops cached schemas and rebuilds the catalog, so that
// queries and \d see the change; a catalog that fails to rebuild keeps
// the old one (the dataset itself is saved).
func (g *Gateway) datasetsChanged(ctx context.Context) {
	g.tables.forget()
	c, err := buildCatalog(context.WithoutCancel(ctx), g.repo, g.wh, g.datasets, g.datasetSchema, g.writtenCatalog(ctx)...)
	if err != nil {
		g.log.Warn("rebuilding the catalog after a saved dataset changed", "err", err)
		return
	}
	g.catalog.Replace(c)
}

// buildCatalog builds the catalog of repo with the saved datasets whose
// tables exist in the warehouse (a dataset dropped behind pitgate's back
// is left out), and the tables of writable schemas in written.
func buildCatalog(ctx context.Context, repo *registry.Repo, wh warehouse.Warehouse, ds *online.Datasets, schema []string,
	written ...catalog.Dataset) (*catalog.Catalog, error) {
	var list []catalog.Dataset
	if ds != nil && len(schema) > 0 {
		recs, err := ds.List(ctx)
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			cols, err := wh.Table(ctx, append(append([]string(nil), schema...), r.Name))
			if err != nil {
				continue
			}
			list = append(list, catalog.Dataset{Name: r.Name, Columns: cols, Comment: datasetComment(r)})
		}
	}
	return catalog.NewWithDatasets(ctx, repo, wh.Table, append(list, written...))
}

func datasetComment(r online.SavedDataset) string {
	c := "Saved dataset: " + strconv.FormatInt(r.Rows, 10) + " rows"
	if len(r.Views) > 0 {
		c += " of " + strings.Join(r.Views, ", ")
	}
	if r.MinTime != nil && r.MaxTime != nil {
		c += ", entity rows " + r.MinTime.Format(time.RFC3339) + " to " + r.MaxTime.Format(time.RFC3339)
	}
	return c + ", created " + r.Created.Format(time.RFC3339)
}

// createDatasetSchema creates the datasets' schema: through the
// warehouse's API where it has one (BigQuery: in the configured
// location), else by CREATE SCHEMA IF NOT EXISTS.
func (s *Session) createDatasetSchema(ctx context.Context, ex datasetExec, schema []string) error {
	if sc, ok := s.gw.wh.(warehouse.SchemaCreator); ok {
		return sc.CreateSchema(ctx, schema)
	}
	return ex.Exec(ctx, dialects.CreateSchema(s.gw.dialect, schema))
}
