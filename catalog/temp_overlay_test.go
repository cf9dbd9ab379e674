package catalog_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/pitgate/pitgate/catalog"
	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/warehouse"
)

// tempColumns are the temporary table's columns in both engines.
var tempColumns = []warehouse.Column{
	{Name: "order_id", Type: "int8"}, {Name: "event_timestamp", Type: "timestamp"},
	{Name: "label", Type: "text"}, {Name: "amount", Type: "float8"}, {Name: "ok", Type: "bool"},
}

const tempDDL = "CREATE TEMP TABLE tmp_orders (order_id bigint, event_timestamp timestamp, label text, amount double precision, ok boolean)"

// tempQueries are what clients send about a temporary table: SQLAlchemy's
// has_table and table OID (schema None), psql's \dt and \d, pgjdbc's
// table type, information_schema, and name resolution through pg_temp.
var tempQueries = []string{
	`select relname from pg_class c join pg_namespace n on n.oid=c.relnamespace where pg_catalog.pg_table_is_visible(c.oid) and relname='tmp_orders'`,
	`SELECT n.nspname, c.relname, c.relkind, c.relpersistence, pg_catalog.pg_table_is_visible(c.oid), c.relnatts, c.relhasindex
	   FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
	  WHERE pg_catalog.pg_table_is_visible(c.oid) AND c.relname = 'tmp_orders' AND c.relkind in ('r', 'v', 'm', 'f', 'p')`,
	`SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attnum
	   FROM pg_catalog.pg_attribute a
	  WHERE a.attrelid = (SELECT c.oid FROM pg_catalog.pg_class c WHERE c.relname = 'tmp_orders' AND pg_catalog.pg_table_is_visible(c.oid))
	    AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
	`SELECT t.typname, t.typtype, n.nspname FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
	  WHERE t.typrelid = 'tmp_orders'::regclass`,
	`SELECT n.nspname as "Schema", c.relname as "Name",
	   CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' END as "Type",
	   pg_catalog.pg_get_userbyid(c.relowner) as "Owner"
	 FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
	 WHERE c.relkind IN ('r','p','') AND n.nspname <> 'pg_catalog' AND n.nspname !~ '^pg_toast'
	   AND n.nspname <> 'information_schema' AND pg_catalog.pg_table_is_visible(c.oid) AND n.nspname ~ '^pg_temp'
	 ORDER BY 1,2`,
	`SELECT c.relname, CASE n.nspname ~ '^pg_' WHEN true THEN CASE WHEN n.nspname ~ '^pg_temp_' THEN
	   CASE c.relkind WHEN 'r' THEN 'TEMPORARY TABLE' END END END AS table_type
	 FROM pg_catalog.pg_namespace n, pg_catalog.pg_class c WHERE c.relnamespace = n.oid AND c.relname LIKE 'tmp%'`,
	`SELECT table_schema, table_name, table_type, is_insertable_into, is_typed FROM information_schema.tables WHERE table_name = 'tmp_orders'`,
	`SELECT table_schema, column_name, ordinal_position, data_type, is_nullable, udt_schema, udt_name, is_updatable
	   FROM information_schema.columns WHERE table_name = 'tmp_orders' ORDER BY ordinal_position`,
	`SELECT nspname FROM pg_catalog.pg_namespace WHERE oid = pg_catalog.pg_my_temp_schema()`,
	`SELECT pg_catalog.pg_is_other_temp_schema(pg_catalog.pg_my_temp_schema())`,
	`SELECT 'pg_temp.tmp_orders'::regclass = 'tmp_orders'::regclass, c.relname FROM pg_catalog.pg_class c
	  WHERE c.oid = 'pg_temp.tmp_orders'::regclass`,
	`SELECT (pg_catalog.current_schemas(true))[1]`,
	`SELECT schemaname, tablename FROM pg_catalog.pg_tables WHERE tablename = 'tmp_orders'`,
}

// TestTempTablesMatchPostgres: the catalog lists a session's temporary
// table as PostgreSQL 15 does for the same CREATE TEMP TABLE, the
// backend's number in pg_temp_N aside.
func TestTempTablesMatchPostgres(t *testing.T) {
	cat := demoCatalog(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, testenv.Postgres(t))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, tempDDL); err != nil {
		t.Fatal(err)
	}
	var user string
	if err := conn.QueryRow(ctx, "SELECT current_user").Scan(&user); err != nil {
		t.Fatal(err)
	}
	s := demoSession()
	s.User = user
	s.Temp = []catalog.TempTable{{Name: "tmp_orders", Columns: tempColumns}}
	tempN := regexp.MustCompile(`pg_(toast_)?temp_[0-9]+`)
	norm := func(rows [][]string) string {
		rows = slices.Clone(rows)
		sortRows(rows)
		return tempN.ReplaceAllString(fmt.Sprint(rows), "pg_${1}temp_N")
	}
	for _, sql := range tempQueries {
		_, pgRows := queryPostgres(t, conn, sql)
		pitRows := sessionQuery(t, cat, s, sql)
		if len(pgRows) == 0 {
			t.Errorf("PostgreSQL has no rows for\n%s", sql)
		}
		if norm(pgRows) != norm(pitRows) {
			t.Errorf("%s\npitgate:    %v\npostgresql: %v", sql, pitRows, pgRows)
		}
	}
}

// TestTempTablesPerSession: a session sees its own temporary tables only,
// and a session without any sees none and no temporary schema.
func TestTempTablesPerSession(t *testing.T) {
	cat := demoCatalog(t)
	a := demoSession()
	a.Temp = []catalog.TempTable{{Name: "tmp_orders", Columns: tempColumns}}
	b := demoSession()
	b.PID = 7
	b.Temp = []catalog.TempTable{{Name: "other", Columns: tempColumns[:1]}}
	none := demoSession()
	none.PID = 8
	hasTable := func(name string) string {
		return "select relname from pg_class c join pg_namespace n on n.oid=c.relnamespace where pg_catalog.pg_table_is_visible(c.oid) and relname='" + name + "'"
	}
	tempSchemas := "SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname ~ '^pg_temp' ORDER BY 1"
	// Concurrently, as sessions of one gateway run.
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, tc := range []struct {
				s         catalog.Session
				sql, want string
			}{
				{a, hasTable("tmp_orders"), "[[tmp_orders]]"}, {a, hasTable("other"), "[]"},
				{b, hasTable("tmp_orders"), "[]"}, {b, hasTable("other"), "[[other]]"},
				{none, hasTable("tmp_orders"), "[]"},
				{a, tempSchemas, "[[pg_temp_4242]]"}, {b, tempSchemas, "[[pg_temp_7]]"}, {none, tempSchemas, "[]"},
				{none, "SELECT pg_catalog.pg_my_temp_schema()", "[[0]]"},
			} {
				rows, err := sessionRows(t, cat, tc.s, tc.sql)
				if err != nil {
					t.Error(err)
					continue
				}
				if got := fmt.Sprint(rows); got != tc.want {
					t.Errorf("session %d: %s\ngot %s, want %s", tc.s.PID, tc.sql, got, tc.want)
				}
			}
		}()
	}
	wg.Wait()
	// The built catalog kept nothing of the overlays.
	check(t, sessionQuery(t, cat, none, "SELECT count(*) FROM pg_catalog.pg_class WHERE relpersistence = 't'"), "[[0]]")
}

// TestTempTableInDefaultSchema: a table an unqualified CREATE TABLE made
// is listed in features, where SQLAlchemy's get_table_names(None) and
// MetaData.reflect look for it, and wins over a feature view of its name.
func TestTempTableInDefaultSchema(t *testing.T) {
	cat := demoCatalog(t)
	s := demoSession()
	s.Temp = []catalog.TempTable{
		{Name: "orders_df", Columns: tempColumns, InCurrentSchema: true},
		{Name: "driver_hourly_stats", Columns: tempColumns[:2], InCurrentSchema: true},
	}
	check(t, sessionQuery(t, cat, s, `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'features' AND c.relkind in ('r', 'p') ORDER BY 1`), "[[driver_hourly_stats] [orders_df]]")
	check(t, sessionQuery(t, cat, s, `select relname from pg_class c join pg_namespace n on n.oid=c.relnamespace
		where pg_catalog.pg_table_is_visible(c.oid) and relname='orders_df'`), "[[orders_df]]")
	check(t, sessionQuery(t, cat, s, `SELECT c.relkind, c.relpersistence, c.relnatts FROM pg_class c
		WHERE c.relname = 'driver_hourly_stats' AND pg_catalog.pg_table_is_visible(c.oid)`), "[[r t 2]]")
	check(t, sessionQuery(t, cat, s, `SELECT table_type FROM information_schema.tables
		WHERE table_schema = 'features' AND table_name = 'orders_df'`), "[[LOCAL TEMPORARY]]")
}

func check(t *testing.T, rows [][]string, want string) {
	t.Helper()
	if got := fmt.Sprint(rows); got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// sessionQuery plans sql as the gateway would and runs it for s; rows
// come sorted.
func sessionQuery(t *testing.T, c *catalog.Catalog, s catalog.Session, sql string) [][]string {
	t.Helper()
	rows, err := sessionRows(t, c, s, sql)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func sessionRows(t *testing.T, c *catalog.Catalog, s catalog.Session, sql string) ([][]string, error) {
	qs, err := planner.New(testenv.Repo(t), nil).Catalog(sql)
	if err != nil || len(qs) != 1 || qs[0] == nil {
		return nil, fmt.Errorf("not a catalog query (%v):\n%s", err, sql)
	}
	rewritten, err := qs[0].Bind(nil, nil)
	if err != nil {
		return nil, err
	}
	rows, err := c.Query(context.Background(), rewritten, s)
	if err != nil {
		return nil, fmt.Errorf("%v\n%s", err, rewritten)
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		var r []string
		for _, v := range rows.Values() {
			r = append(r, pgText(v))
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%v\n%s", err, rewritten)
	}
	sortRows(out)
	return out, nil
}

func sortRows(rows [][]string) {
	slices.SortFunc(rows, func(a, b []string) int { return strings.Compare(strings.Join(a, "\x00"), strings.Join(b, "\x00")) })
}

// BenchmarkTempOverlay: SQLAlchemy's has_table for a session without and
// with temporary tables (the overlay's connection, inserts and rollback).
func BenchmarkTempOverlay(b *testing.B) {
	wh := testenv.Warehouse(b, testenv.SmallDemo())
	cat, err := catalog.New(context.Background(), testenv.Repo(b), wh.Table)
	if err != nil {
		b.Fatal(err)
	}
	defer cat.Close()
	sql := "select relname from pg_class c join pg_namespace n on n.oid=c.relnamespace where pg_catalog.pg_table_is_visible(c.oid) and relname='tmp_orders'"
	qs, err := planner.New(testenv.Repo(b), nil).Catalog(sql)
	if err != nil {
		b.Fatal(err)
	}
	rewritten, err := qs[0].Bind(nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	with := demoSession()
	with.Temp = []catalog.TempTable{{Name: "tmp_orders", Columns: tempColumns}, {Name: "orders_df", Columns: tempColumns, InCurrentSchema: true}}
	for _, bc := range []struct {
		name string
		s    catalog.Session
	}{{"none", demoSession()}, {"two_tables", with}} {
		b.Run(bc.name, func(b *testing.B) {
			for range b.N {
				rows, err := cat.Query(context.Background(), rewritten, bc.s)
				if err != nil {
					b.Fatal(err)
				}
				for rows.Next() {
				}
				rows.Close()
			}
		})
	}
}
