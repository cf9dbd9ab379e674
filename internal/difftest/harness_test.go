package difftest

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/internal/pitcase"
	"github.com/pitgate/pitgate/internal/pitref"
	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/registry"
	"github.com/pitgate/pitgate/warehouse"
	"github.com/pitgate/pitgate/warehouse/duckdb"
	"github.com/pitgate/pitgate/warehouse/postgres"
)

// harness runs scenarios through pitgate on one warehouse in one dialect;
// each scenario gets a schema of its own, dropped when it is done.
type harness struct {
	wh     warehouse.Warehouse
	d      dialects.Dialect
	tables planner.Tables
	// prefix starts every scenario schema's name, so runs sharing a server
	// cannot collide.
	prefix string
	// index gives each right table a btree on (its join keys, its time
	// column), the index the postgres dialect's default strategy looks
	// for (index_test.go).
	index bool
}

// newHarness runs on an in-memory DuckDB with the DuckDB dialect's
// default strategy.
func newHarness() (*harness, error) { return newDuckDBHarness(dialects.DuckDB{}) }

// newDuckDBHarness runs on an in-memory DuckDB in dialect d.
func newDuckDBHarness(d dialects.DuckDB) (*harness, error) {
	wh, err := duckdb.Open("")
	if err != nil {
		return nil, err
	}
	return &harness{wh: wh, d: d, tables: gateway.TablesOf(wh)}, nil
}

// newPostgresHarness runs on the test PostgreSQL's ICU-collated database
// (testenv.PostgresICU), where text does not sort byte-wise by default, in
// dialect d. It skips t when PostgreSQL is unavailable (fails under CI).
func newPostgresHarness(t *testing.T, d dialects.Dialect) *harness {
	t.Helper()
	dsn := testenv.PostgresICU(t)
	wh, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{wh: wh, d: d, tables: gateway.TablesOf(wh), prefix: u.Query().Get("search_path") + "_"}
	t.Cleanup(func() {
		if err := h.dropLeftovers(context.Background()); err != nil {
			t.Errorf("dropping scenario schemas: %v", err)
		}
		h.Close()
	})
	return h
}

func (h *harness) Close() error { return h.wh.Close() }

// dropLeftovers drops the scenario schemas a failed run left behind.
func (h *harness) dropLeftovers(ctx context.Context) error {
	rows, err := h.wh.Query(ctx, "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, "+
		h.d.String(h.prefix)+")")
	if err != nil {
		return err
	}
	var names []string
	for rows.Next() {
		names = append(names, h.d.QuoteIdent(rows.Values()[0].(string)))
	}
	if err := rows.Close(); err != nil || len(names) == 0 {
		return err
	}
	return h.wh.Exec(ctx, "DROP SCHEMA "+strings.Join(names, ", ")+" CASCADE")
}

// loaded is a scenario whose tables are in the warehouse, with its registry.
type loaded struct {
	pitref.Scenario
	schema string
	repo   *registry.Repo
}

// load puts the scenario's tables into schema "s<seed>": l, then r1, r2.
func (h *harness) load(ctx context.Context, s pitref.Scenario) (*loaded, error) {
	schema := fmt.Sprintf("%ss%d", h.prefix, s.Seed)
	if err := h.loadTable(ctx, schema, "l", s.Left); err != nil {
		return nil, err
	}
	for i, r := range s.Rights {
		if err := h.loadTable(ctx, schema, pitcase.RightTable(i+1), r); err != nil {
			return nil, err
		}
	}
	if h.index {
		if err := h.indexRights(ctx, schema, s); err != nil {
			return nil, err
		}
	}
	yaml, err := pitcase.RepoYAML(schema, s)
	if err != nil {
		return nil, err
	}
	repo, err := registry.Parse(map[string][]byte{"difftest.yaml": []byte(yaml)})
	if err != nil {
		return nil, fmt.Errorf("registry:\n%s\n%w", yaml, err)
	}
	return &loaded{Scenario: s, schema: schema, repo: repo}, nil
}

func (h *harness) loadTable(ctx context.Context, schema, name string, t *pitref.Table) error {
	cols := make([]warehouse.Column, len(t.Cols))
	for i, c := range t.Cols {
		cols[i] = warehouse.Column{Name: c, Type: pitref.ColumnType(c)}
	}
	next := 0
	_, err := h.wh.Load(ctx, []string{schema, name}, cols, func(row []any) (bool, error) {
		if next == len(t.Rows) {
			return false, nil
		}
		copy(row, t.Rows[next])
		next++
		return true, nil
	})
	if err != nil {
		return fmt.Errorf("load %s.%s: %w", schema, name, err)
	}
	return nil
}

func (h *harness) drop(ctx context.Context, l *loaded) error {
	return h.wh.Exec(ctx, "DROP SCHEMA "+l.schema+" CASCADE")
}

// run is one variant through pitgate: the SQL the planner was given, the
// SQL the warehouse ran, and its rows as pitref values.
type run struct {
	query, sentSQL string
	got            *pitref.Table
}

func (h *harness) run(ctx context.Context, l *loaded, v pitcase.Variant) (run, error) {
	r := run{query: pitcase.QuerySQL(l.schema, l.Seed, v)}
	stmts, err := planner.New(l.repo, h.tables).Plan(ctx, r.query)
	if err != nil {
		return r, fmt.Errorf("plan: %w", err)
	}
	if len(stmts) != 1 || stmts[0].Err != nil || stmts[0].Query == nil {
		return r, fmt.Errorf("plan: want one query, got %d statements (first error: %v)", len(stmts), firstErr(stmts))
	}
	if r.sentSQL, err = dialects.Print(h.d, stmts[0].Query.Root); err != nil {
		return r, fmt.Errorf("print: %w", err)
	}
	r.got, err = h.query(ctx, r.sentSQL)
	return r, err
}

func firstErr(stmts []*planner.Statement) error {
	for _, s := range stmts {
		if s.Err != nil {
			return s.Err
		}
	}
	return nil
}

func (h *harness) query(ctx context.Context, sql string) (*pitref.Table, error) {
	rows, err := h.wh.Query(ctx, sql)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", h.wh.Dialect(), err)
	}
	defer rows.Close()
	t := &pitref.Table{}
	for _, c := range rows.Columns() {
		t.Cols = append(t.Cols, c.Name)
	}
	for rows.Next() {
		t.Rows = append(t.Rows, refValues(rows.Values()))
	}
	return t, rows.Err()
}

// refValues copies a row into pitref's value types. The warehouse already
// promises int64, float64, string, bool and time.Time for the scenario's
// column types; times are put in UTC only so that printed diffs read alike.
// Any other Go type is kept, so a type mismatch shows in the diff instead of
// being converted away.
func refValues(vals []any) []any {
	out := make([]any, len(vals))
	for i, v := range vals {
		if t, ok := v.(time.Time); ok {
			v = t.UTC()
		}
		out[i] = v
	}
	return out
}
