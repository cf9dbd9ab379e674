package catalog_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/pitgate/pitgate/catalog"
	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/registry"
	"github.com/pitgate/pitgate/warehouse"
)

// equivalentPostgres creates, in a fresh database of the local PostgreSQL
// 15, the relations pitgate's catalog describes for repo
// (testenv.EquivalentPostgres), each feature view's definition being cat's
// pg_get_viewdef. It returns a connection to it, whose search_path puts
// features first, as pitgate resolves names. PITGATE_KEEP_PGDB=1 keeps the
// database and logs its DSN (to run psql -E against it).
func equivalentPostgres(t *testing.T, repo *registry.Repo, wh warehouse.Warehouse, cat *catalog.Catalog) *pgx.Conn {
	t.Helper()
	dsn := testenv.EquivalentPostgres(t, repo, wh, func(view string) string { return viewDef(t, cat, view) })
	return connectPostgres(t, dsn)
}

func connectPostgres(t *testing.T, dsn string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		if testenv.CI() {
			t.Fatalf("PostgreSQL (PITGATE_TEST_PG) is unreachable: %v", err)
		}
		t.Skipf("PostgreSQL (PITGATE_TEST_PG) is unreachable: %v", err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func lit(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// viewDef is pitgate's pg_get_viewdef of features.<name>.
func viewDef(t *testing.T, cat *catalog.Catalog, name string) string {
	_, rows := query(t, cat, "SELECT pgcat.pg_get_viewdef(pgcat.regclass_in('features', "+lit(name)+"), true)")
	return rows[0][0]
}

func TestEquivalentPostgres(t *testing.T) {
	if os.Getenv("PITGATE_KEEP_PGDB") == "" {
		t.Skip("set PITGATE_KEEP_PGDB=1 to create the equivalent PostgreSQL database and keep it")
	}
	wh := testenv.Warehouse(t, testenv.SmallDemo())
	equivalentPostgres(t, testenv.Repo(t), wh, demoCatalog(t))
}
