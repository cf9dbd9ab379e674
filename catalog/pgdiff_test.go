package catalog_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/pitgate/pitgate/internal/testenv"
)

// TestPsqlMatchesPostgres runs psql 15's queries (testdata/catalog/psql.sql)
// on pitgate's catalog and on PostgreSQL 15 holding the equivalent
// relations, and compares column names and rows. Each side's OIDs of the
// compared relations are replaced by their names. The differences allowed,
// each named in allowedDifference, are:
//
//   - \l: PostgreSQL has other databases (postgres, template0, ...) and
//     this one is not called pitgate; only the test database's row is
//     compared, under pitgate's name.
func TestPsqlMatchesPostgres(t *testing.T) {
	cat := demoCatalog(t)
	wh := testenv.Warehouse(t, testenv.SmallDemo())
	repo := testenv.Repo(t)
	conn := equivalentPostgres(t, repo, wh, cat)
	var db string
	if err := conn.QueryRow(context.Background(), "SELECT current_database()").Scan(&db); err != nil {
		t.Fatal(err)
	}
	pgOIDs, pitOIDs := map[string]string{}, map[string]string{}
	oidOfPG := func(name string) string {
		schema, rel, _ := strings.Cut(name, ".")
		var oid uint32
		err := conn.QueryRow(context.Background(), "SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2", schema, rel).Scan(&oid)
		if err != nil {
			t.Fatalf("%s in PostgreSQL: %v", name, err)
		}
		pgOIDs[fmt.Sprint(oid)] = name
		return fmt.Sprint(oid)
	}
	pitOID := pitgateOID(t, cat)
	oidOfPitgate := func(name string) string {
		oid := pitOID(name)
		pitOIDs[oid] = name
		return oid
	}
	// Every compared relation's OID is known before the first query, whose
	// answer (psql's name lookup) holds them.
	for _, q := range readCorpus(t, "psql.sql") {
		withOIDs(q.sql, oidOfPG)
		withOIDs(q.sql, oidOfPitgate)
	}
	for _, q := range readCorpus(t, "psql.sql") {
		t.Run(q.name, func(t *testing.T) {
			pgCols, pgRows := queryPostgres(t, conn, withOIDs(q.sql, oidOfPG))
			pitCols, pitRows, err := runCatalogQuery(t, cat, withOIDs(q.sql, oidOfPitgate))
			if err != nil {
				t.Fatal(err)
			}
			pgRows = named(pgRows, pgOIDs, db)
			pitRows = named(pitRows, pitOIDs, "pitgate")
			pgRows = allowedDifference(q.name, pgRows)
			if !slices.Equal(pgCols, pitCols) {
				t.Errorf("columns differ\nPostgreSQL: %v\npitgate:    %v", pgCols, pitCols)
			}
			if !slices.EqualFunc(pgRows, pitRows, slices.Equal[[]string]) {
				t.Errorf("rows differ\nPostgreSQL:\n%s\npitgate:\n%s\nquery:\n%s", table(pgRows), table(pitRows), q.sql)
			}
		})
	}
}

// allowedDifference drops from PostgreSQL's rows what pitgate rightly
// lacks (see TestPsqlMatchesPostgres).
func allowedDifference(name string, rows [][]string) [][]string {
	if strings.HasPrefix(name, `psql \l `) {
		return slices.DeleteFunc(rows, func(r []string) bool { return r[0] != "pitgate" })
	}
	return rows
}

// named replaces OIDs of the compared relations and the database's name.
func named(rows [][]string, oids map[string]string, db string) [][]string {
	for _, r := range rows {
		for i, v := range r {
			if name, ok := oids[v]; ok {
				r[i] = "{{oid " + name + "}}"
			} else if v == db {
				r[i] = "pitgate"
			}
		}
	}
	return rows
}

func table(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString("  " + strings.Join(r, " | ") + "\n")
	}
	return b.String()
}

// queryPostgres runs sql with the simple protocol, so values come back in
// PostgreSQL's text format, as psql shows them.
func queryPostgres(t *testing.T, conn *pgx.Conn, sql string) ([]string, [][]string) {
	t.Helper()
	rows, err := conn.Query(context.Background(), sql, pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		t.Fatalf("PostgreSQL: %v\n%s", err, sql)
	}
	defer rows.Close()
	var cols []string
	for _, f := range rows.FieldDescriptions() {
		cols = append(cols, f.Name)
	}
	var out [][]string
	for rows.Next() {
		raw := rows.RawValues()
		r := make([]string, len(raw))
		for i, v := range raw {
			if v == nil {
				r[i] = "NULL"
			} else {
				r[i] = string(v)
			}
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("PostgreSQL: %v\n%s", err, sql)
	}
	return cols, out
}
