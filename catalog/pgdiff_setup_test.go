package catalog_test

import (
	"context"
	"fmt"
	"net/url"
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
// 15, the relations pitgate's catalog describes for repo: the source tables
// in public, each feature view as a view over its table (with the
// definition pitgate's pg_get_viewdef gives), services and online relations
// as views of the same typed columns, the registry's comments and owners.
// It returns a connection whose search_path puts features first, as
// pitgate resolves names. PITGATE_KEEP_PGDB=1 keeps the database and logs
// its DSN (to run psql -E against it).
func equivalentPostgres(t *testing.T, repo *registry.Repo, wh warehouse.Warehouse, cat *catalog.Catalog) *pgx.Conn {
	t.Helper()
	ctx := context.Background()
	admin := connectPostgres(t, testenv.PostgresDSN())
	db := fmt.Sprintf("pitgate_catalog_%d", os.Getpid())
	exec(t, admin, "DROP DATABASE IF EXISTS "+db+" WITH (FORCE)")
	exec(t, admin, "CREATE DATABASE "+db+" TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'")
	dsn := withDatabase(testenv.PostgresDSN(), db)
	if os.Getenv("PITGATE_KEEP_PGDB") != "" {
		t.Logf("kept PostgreSQL database: %s", dsn)
	} else {
		t.Cleanup(func() { exec(t, admin, "DROP DATABASE IF EXISTS "+db+" WITH (FORCE)") })
	}
	setup := connectPostgres(t, dsn)
	for _, stmt := range equivalentDDL(t, repo, wh, cat, db) {
		exec(t, setup, stmt)
	}
	setup.Close(ctx)
	return connectPostgres(t, dsn)
}

func connectPostgres(t *testing.T, dsn string) *pgx.Conn {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		if testenv.CI() {
			t.Fatalf("PostgreSQL (PITGATE_TEST_PG) is unreachable: %v", err)
		}
		t.Skipf("PostgreSQL (PITGATE_TEST_PG) is unreachable: %v", err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func exec(t *testing.T, conn *pgx.Conn, sql string) {
	t.Helper()
	if _, err := conn.Exec(context.Background(), sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func withDatabase(dsn, db string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn + " dbname=" + db
	}
	u.Path = "/" + db
	return u.String()
}

func ident(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func lit(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func pgType(c warehouse.Column) string {
	if c.Type == "numeric" && c.Precision > 0 {
		return fmt.Sprintf("numeric(%d,%d)", c.Precision, c.Scale)
	}
	return c.Type
}

// equivalentDDL is the SQL that makes PostgreSQL hold repo's relations.
func equivalentDDL(t *testing.T, repo *registry.Repo, wh warehouse.Warehouse, cat *catalog.Catalog, db string) []string {
	ctx := context.Background()
	ddl := []string{
		"DO $$BEGIN CREATE ROLE pitgate LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END$$",
		"CREATE SCHEMA features AUTHORIZATION pitgate", "CREATE SCHEMA online AUTHORIZATION pitgate",
		"COMMENT ON SCHEMA features IS 'Feature views and feature services of the registry'",
		"COMMENT ON SCHEMA online IS 'Latest feature values per entity key, served from the online store'",
		"ALTER DATABASE " + db + " SET search_path = features, \"$user\", public",
		"ALTER DATABASE " + db + " OWNER TO pitgate",
	}
	tableCols := map[string][]warehouse.Column{}
	for _, src := range repo.Sources {
		name := src.TableName()
		key := strings.Join(name, ".")
		if _, done := tableCols[key]; done || name == nil {
			continue
		}
		cols, err := wh.Table(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		tableCols[key] = cols
		defs := make([]string, len(cols))
		for i, c := range cols {
			defs[i] = ident(c.Name) + " " + pgType(c)
		}
		table := "public." + ident(name[len(name)-1])
		ddl = append(ddl, "CREATE TABLE "+table+" ("+strings.Join(defs, ", ")+")", "ALTER TABLE "+table+" OWNER TO pitgate")
		if src.Description != "" {
			ddl = append(ddl, "COMMENT ON TABLE "+table+" IS "+lit(src.Description))
		}
	}
	for _, v := range repo.Views {
		cols := viewColumns(v, tableCols)
		def := viewDef(t, cat, v.Name)
		ddl = append(ddl, relationDDL("features."+ident(v.Name), def, cols, owner(v), v.Description)...)
		if v.Online {
			ddl = append(ddl, relationDDL("online."+ident(v.Name), nullSelect(cols), cols, owner(v), onlineComment(v.Description))...)
		}
	}
	for _, s := range repo.Services {
		cols := serviceColumns(s, tableCols)
		ddl = append(ddl, relationDDL("features."+ident(s.Name), nullSelect(cols), cols, "pitgate", s.Description)...)
		online := true
		for _, it := range s.Items {
			online = online && it.View.Online
		}
		if online {
			ddl = append(ddl, relationDDL("online."+ident(s.Name), nullSelect(cols), cols, "pitgate", onlineComment(s.Description))...)
		}
	}
	return ddl
}

func owner(v *registry.FeatureView) string {
	if v.Owner == "" {
		return "pitgate"
	}
	return v.Owner
}

func onlineComment(desc string) string {
	if desc == "" {
		return "Latest values per entity key"
	}
	return desc + " (latest values per entity key)"
}

// described is a relation column with its type and comment.
type described struct {
	name, typ, comment string
}

func viewColumns(v *registry.FeatureView, tables map[string][]warehouse.Column) []described {
	srcType := func(col string) string {
		for _, c := range tables[v.Source.Table] {
			if c.Name == col {
				return pgType(c)
			}
		}
		return "text"
	}
	var out []described
	for _, e := range v.Entities {
		for _, k := range e.JoinKeys {
			out = append(out, described{k, srcType(v.Source.Column(k)), e.Description})
		}
	}
	out = append(out, described{"event_timestamp", srcType(v.Source.TimestampField),
		"Event time of the row (source column " + v.Source.TimestampField + ")"})
	for _, f := range v.Features {
		out = append(out, described{f.Name, f.Type.String(), f.Description})
	}
	return out
}

func serviceColumns(s *registry.FeatureService, tables map[string][]warehouse.Column) []described {
	var out []described
	seen, count := map[string]bool{}, map[string]int{}
	for _, it := range s.Items {
		for _, c := range viewColumns(it.View, tables)[:len(it.View.JoinKeys())] {
			if !seen[c.name] {
				seen[c.name] = true
				out = append(out, c)
			}
		}
		for _, f := range it.Features {
			count[f.Name]++
		}
	}
	for _, it := range s.Items {
		for _, f := range it.Features {
			name := f.Name
			if count[name] > 1 {
				name = it.View.Name + "__" + f.Name
			}
			out = append(out, described{name, f.Type.String(), f.Description})
		}
	}
	return out
}

func nullSelect(cols []described) string {
	items := make([]string, len(cols))
	for i, c := range cols {
		items[i] = "NULL::" + c.typ + " AS " + ident(c.name)
	}
	return "SELECT " + strings.Join(items, ", ")
}

func relationDDL(name, def string, cols []described, owner, comment string) []string {
	out := []string{"CREATE VIEW " + name + " AS " + def, "ALTER VIEW " + name + " OWNER TO " + ident(owner)}
	if owner != "pitgate" {
		out = append([]string{"DO $$BEGIN CREATE ROLE " + ident(owner) + " NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END$$"}, out...)
	}
	if comment != "" {
		out = append(out, "COMMENT ON VIEW "+name+" IS "+lit(comment))
	}
	for _, c := range cols {
		if c.comment != "" {
			out = append(out, "COMMENT ON COLUMN "+name+"."+ident(c.name)+" IS "+lit(c.comment))
		}
	}
	return out
}

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
