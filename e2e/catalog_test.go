package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/registry"
	"github.com/pitgate/pitgate/warehouse"
)

// catalogFixture is what the catalog tests compare pitgate with: the
// registry the demo serves, a warehouse holding the demo's tables (their
// columns are what matter), and PostgreSQL 15 holding the equivalent
// relations.
type catalogFixture struct {
	d    *demo
	repo *registry.Repo
	wh   warehouse.Warehouse
	// pgDSN is the equivalent PostgreSQL database, "" when PostgreSQL is
	// unreachable outside CI (the comparisons with it then skip).
	pgDSN string
}

// TestCatalogClients is the catalog's promise (docs/catalog.md): the
// introspection of psql, pgjdbc's DatabaseMetaData and SQLAlchemy's
// inspector (with pandas) through the running server answers truthfully
// about the registry, as PostgreSQL 15 answers about the same relations.
// One demo server serves every client.
func TestCatalogClients(t *testing.T) {
	// The catalog describes tables whatever their size: a day of data is
	// enough (read_sql reads 5 rows).
	cfg := testenv.SmallDemo()
	cfg.Orders, cfg.HoursOfHistory = 100, 24
	f := &catalogFixture{d: startDemo(t, cfg), repo: testenv.Repo(t), wh: testenv.Warehouse(t, cfg)}
	if postgresReachable(t) {
		f.pgDSN = testenv.EquivalentPostgres(t, f.repo, f.wh, pitgateViewDefs(t, f.d))
	}
	t.Run("psql", func(t *testing.T) { t.Parallel(); checkPsqlCatalog(t, f) })
	t.Run("pgjdbc", func(t *testing.T) { t.Parallel(); checkJdbcCatalog(t, f) })
	t.Run("sqlalchemy", func(t *testing.T) { t.Parallel(); checkSQLAlchemyCatalog(t, f) })
}

// pitgateViewDefs gives each feature view's definition as pitgate's
// pg_get_viewdef returns it, for the equivalent PostgreSQL views.
func pitgateViewDefs(t *testing.T, d *demo) func(view string) string {
	conn := connect(t, d)
	return func(view string) string {
		var def string
		q := "SELECT pg_get_viewdef($1::regclass, true)"
		if err := conn.QueryRow(withTimeout(t), q, "features."+view).Scan(&def); err != nil {
			t.Fatalf("%s of %s through pitgate: %v", q, view, err)
		}
		return def
	}
}

// postgresReachable reports whether PITGATE_TEST_PG answers; under CI it
// must (testenv.EquivalentPostgres then fails the test).
func postgresReachable(t *testing.T) bool {
	if testenv.CI() {
		return true
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, testenv.PostgresDSN())
	if err != nil {
		t.Logf("PostgreSQL (PITGATE_TEST_PG) is unreachable, comparisons with it skip: %v", err)
		return false
	}
	conn.Close(ctx)
	return true
}

// requirePostgres skips a comparison with PostgreSQL when it is unreachable.
func (f *catalogFixture) requirePostgres(t *testing.T) {
	if f.pgDSN == "" {
		t.Skip("PostgreSQL (PITGATE_TEST_PG) is unreachable")
	}
}
