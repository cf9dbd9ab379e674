package testenv

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/pitgate/pitgate/registry"
	"github.com/pitgate/pitgate/warehouse"
)

// EquivalentPostgres creates, in a fresh database of the test PostgreSQL
// 15, the relations pitgate's catalog describes for repo: the source tables
// in public (columns as wh reports them), each feature view as a view over
// its table (with the definition viewDef gives, pitgate's pg_get_viewdef),
// services and online relations as views of the same typed columns, the
// registry's comments and owners (as roles, created in the cluster when
// missing, members of pitgate so that their views may read its tables). The database's search_path puts features first, as pitgate
// resolves names, and its owner is the role pitgate. It returns the
// database's DSN (PITGATE_TEST_PG's user); the database is dropped when t
// ends unless PITGATE_KEEP_PGDB is set, which logs the DSN instead (to run
// psql -E against it). Unreachable PostgreSQL skips t, or fails it under CI.
func EquivalentPostgres(t testing.TB, repo *registry.Repo, wh warehouse.Warehouse, viewDef func(view string) string) string {
	t.Helper()
	ctx := context.Background()
	admin := openPostgres(t, PostgresDSN())
	db := "pitgate_catalog_" + randomHex(4)
	mustExec(t, admin, "CREATE DATABASE "+db+" TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'")
	dsn := withParam(PostgresDSN(), "dbname", db)
	if os.Getenv("PITGATE_KEEP_PGDB") != "" {
		t.Logf("kept PostgreSQL database: %s", dsn)
		admin.Close()
	} else {
		t.Cleanup(func() {
			defer admin.Close()
			if err := admin.Exec(context.Background(), "DROP DATABASE IF EXISTS "+db+" WITH (FORCE)"); err != nil {
				t.Errorf("drop test database %s: %v", db, err)
			}
		})
	}
	ddl := equivalentDDL(t, repo, wh, viewDef, db)
	setup := openPostgres(t, dsn)
	defer setup.Close()
	// Roles are the cluster's: tests in other packages may create the same
	// ones at the same time, hence the unique_violation handlers.
	for _, stmt := range ddl {
		if err := setup.Exec(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	return dsn
}

type execer interface {
	Exec(ctx context.Context, sql string) error
}

func mustExec(t testing.TB, db execer, sql string) {
	t.Helper()
	if err := db.Exec(context.Background(), sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func pgColumnType(c warehouse.Column) string {
	if c.Type == "numeric" && c.Precision > 0 {
		return fmt.Sprintf("numeric(%d,%d)", c.Precision, c.Scale)
	}
	return c.Type
}

// equivalentDDL is the SQL that makes PostgreSQL hold repo's relations.
func equivalentDDL(t testing.TB, repo *registry.Repo, wh warehouse.Warehouse, viewDef func(string) string, db string) []string {
	ddl := []string{
		"DO $$BEGIN CREATE ROLE pitgate LOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END$$",
		"CREATE SCHEMA features AUTHORIZATION pitgate", "CREATE SCHEMA online AUTHORIZATION pitgate",
		"COMMENT ON SCHEMA features IS 'Feature views and feature services of the registry'",
		"COMMENT ON SCHEMA online IS 'Latest feature values per entity key, served from the online store'",
		"ALTER DATABASE " + db + " SET search_path = features, \"$user\", public",
		"ALTER DATABASE " + db + " OWNER TO pitgate",
	}
	tableCols, tableDDL := sourceTables(t, repo, wh)
	ddl = append(ddl, tableDDL...)
	for _, v := range repo.Views {
		cols := viewColumns(v, tableCols)
		ddl = append(ddl, relationDDL("features."+quoteIdent(v.Name), viewDef(v.Name), cols, viewOwner(v), v.Description)...)
		if v.Online {
			ddl = append(ddl, relationDDL("online."+quoteIdent(v.Name), nullSelect(cols), cols, viewOwner(v), onlineComment(v.Description))...)
		}
	}
	for _, s := range repo.Services {
		cols := serviceColumns(s, tableCols)
		ddl = append(ddl, relationDDL("features."+quoteIdent(s.Name), nullSelect(cols), cols, "pitgate", s.Description)...)
		online := true
		for _, it := range s.Items {
			online = online && it.View.Online
		}
		if online {
			ddl = append(ddl, relationDDL("online."+quoteIdent(s.Name), nullSelect(cols), cols, "pitgate", onlineComment(s.Description))...)
		}
	}
	return ddl
}

// sourceTables are the columns of each table the registry's sources read,
// by the source's table name, and the DDL creating them in public.
func sourceTables(t testing.TB, repo *registry.Repo, wh warehouse.Warehouse) (map[string][]warehouse.Column, []string) {
	tableCols := map[string][]warehouse.Column{}
	var ddl []string
	for _, src := range repo.Sources {
		name := src.TableName()
		key := strings.Join(name, ".")
		if _, done := tableCols[key]; done || name == nil {
			continue
		}
		cols, err := wh.Table(context.Background(), name)
		if err != nil {
			t.Fatal(err)
		}
		tableCols[key] = cols
		defs := make([]string, len(cols))
		for i, c := range cols {
			defs[i] = quoteIdent(c.Name) + " " + pgColumnType(c)
		}
		table := "public." + quoteIdent(name[len(name)-1])
		ddl = append(ddl, "CREATE TABLE "+table+" ("+strings.Join(defs, ", ")+")", "ALTER TABLE "+table+" OWNER TO pitgate")
		if src.Description != "" {
			ddl = append(ddl, "COMMENT ON TABLE "+table+" IS "+quoteLiteral(src.Description))
		}
	}
	return tableCols, ddl
}

func viewOwner(v *registry.FeatureView) string {
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

// DescribedColumn is a column of a relation pitgate's catalog describes,
// as EquivalentPostgres creates it: its name, PostgreSQL type (as
// format_type's input: int8, numeric(10,2), ...) and comment.
type DescribedColumn struct {
	Name, Type, Comment string
}

// ViewColumns are the columns of features.<v.Name> (docs/catalog.md): the
// join keys typed as v's source table's columns, event_timestamp, the
// features as declared; the comments from the registry's descriptions.
func ViewColumns(t testing.TB, v *registry.FeatureView, wh warehouse.Warehouse) []DescribedColumn {
	t.Helper()
	cols, err := wh.Table(context.Background(), v.Source.TableName())
	if err != nil {
		t.Fatal(err)
	}
	return viewColumns(v, map[string][]warehouse.Column{v.Source.Table: cols})
}

func viewColumns(v *registry.FeatureView, tables map[string][]warehouse.Column) []DescribedColumn {
	srcType := func(col string) string {
		for _, c := range tables[v.Source.Table] {
			if c.Name == col {
				return pgColumnType(c)
			}
		}
		return "text"
	}
	var out []DescribedColumn
	for _, e := range v.Entities {
		for _, k := range e.JoinKeys {
			out = append(out, DescribedColumn{k, srcType(v.Source.Column(k)), e.Description})
		}
	}
	out = append(out, DescribedColumn{"event_timestamp", srcType(v.Source.TimestampField),
		"Event time of the row (source column " + v.Source.TimestampField + ")"})
	for _, f := range v.Features {
		out = append(out, DescribedColumn{f.Name, f.Type.String(), f.Description})
	}
	return out
}

func serviceColumns(s *registry.FeatureService, tables map[string][]warehouse.Column) []DescribedColumn {
	var out []DescribedColumn
	seen, count := map[string]bool{}, map[string]int{}
	for _, it := range s.Items {
		for _, c := range viewColumns(it.View, tables)[:len(it.View.JoinKeys())] {
			if !seen[c.Name] {
				seen[c.Name] = true
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
			out = append(out, DescribedColumn{name, f.Type.String(), f.Description})
		}
	}
	return out
}

func nullSelect(cols []DescribedColumn) string {
	items := make([]string, len(cols))
	for i, c := range cols {
		items[i] = "NULL::" + c.Type + " AS " + quoteIdent(c.Name)
	}
	return "SELECT " + strings.Join(items, ", ")
}

func relationDDL(name, def string, cols []DescribedColumn, owner, comment string) []string {
	out := []string{"CREATE VIEW " + name + " AS " + def, "ALTER VIEW " + name + " OWNER TO " + quoteIdent(owner)}
	if owner != "pitgate" {
		// A view reads its tables with its owner's privileges: as a member
		// of pitgate the owner may read pitgate's tables, as pitgate reads
		// every table itself.
		out = append([]string{
			"DO $$BEGIN CREATE ROLE " + quoteIdent(owner) + " NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END$$",
			"DO $$BEGIN GRANT pitgate TO " + quoteIdent(owner) + "; EXCEPTION WHEN unique_violation THEN NULL; END$$",
		}, out...)
	}
	if comment != "" {
		out = append(out, "COMMENT ON VIEW "+name+" IS "+quoteLiteral(comment))
	}
	for _, c := range cols {
		if c.Comment != "" {
			out = append(out, "COMMENT ON COLUMN "+name+"."+quoteIdent(c.Name)+" IS "+quoteLiteral(c.Comment))
		}
	}
	return out
}
