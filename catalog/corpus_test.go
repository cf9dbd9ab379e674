package catalog_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pitgate/pitgate/catalog"
	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/planner"
)

// corpusQuery is one query of testdata/catalog/*.sql: a "-- name:" line,
// optional "-- source:" and "-- expect:" lines, then the SQL up to a line
// ending in ";".
type corpusQuery struct {
	file, name, source, sql string
	expect                  []string
	params                  []string // "-- params:" values, bound as $1, $2, ...
}

func readCorpus(t *testing.T, file string) []corpusQuery { return readCorpusB(t, file) }

func readCorpusB(t testing.TB, file string) []corpusQuery {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testenv.Root(), "testdata", "catalog", file))
	if err != nil {
		t.Fatal(err)
	}
	var out []corpusQuery
	var cur *corpusQuery
	var sql []string
	for _, line := range strings.Split(string(data), "\n") {
		switch {
		case strings.HasPrefix(line, "-- name: "):
			out = append(out, corpusQuery{file: file, name: strings.TrimPrefix(line, "-- name: ")})
			cur, sql = &out[len(out)-1], nil
		case cur == nil:
		case strings.HasPrefix(line, "-- source: ") && sql == nil:
			cur.source = strings.TrimPrefix(line, "-- source: ")
		case strings.HasPrefix(line, "-- params: ") && sql == nil:
			cur.params = strings.Split(strings.TrimPrefix(line, "-- params: "), "|")
		case strings.HasPrefix(line, "-- expect: ") && sql == nil:
			cur.expect = append(cur.expect, strings.TrimPrefix(line, "-- expect: "))
		default:
			sql = append(sql, line)
			if strings.HasSuffix(strings.TrimSpace(line), ";") {
				cur.sql = strings.TrimSpace(strings.Join(sql, "\n"))
				cur = nil
			}
		}
	}
	return out
}

var oidPlaceholder = regexp.MustCompile(`\{\{oid ([^}]+)\}\}`)

// withOIDs replaces {{oid schema.name}} with the relation's OID as oidOf
// gives it.
func withOIDs(sql string, oidOf func(name string) string) string {
	return oidPlaceholder.ReplaceAllStringFunc(sql, func(m string) string {
		return oidOf(oidPlaceholder.FindStringSubmatch(m)[1])
	})
}

// pitgateOID looks an OID up in pitgate's catalog: of a relation
// (schema.name), of a schema, or of the database pitgate.
func pitgateOID(t *testing.T, c *catalog.Catalog) func(string) string {
	return func(name string) string {
		sql := "SELECT oid FROM pgcat.pg_database WHERE datname = 'pitgate'"
		if schema, rel, ok := strings.Cut(name, "."); ok {
			sql = "SELECT pgcat.regclass_in(" + lit(schema) + ", " + lit(rel) + ")"
		} else if name != "pitgate" {
			sql = "SELECT pgcat.regnamespace_in(" + lit(name) + ")"
		}
		_, rows := query(t, c, sql)
		return rows[0][0]
	}
}

// runCatalogQuery plans sql as the gateway would and runs it on c.
func runCatalogQuery(t *testing.T, c *catalog.Catalog, sql string, params ...string) ([]string, [][]string, error) {
	t.Helper()
	p := planner.New(testenv.Repo(t), nil)
	qs, err := p.Catalog(sql)
	if err != nil {
		return nil, nil, err
	}
	if len(qs) != 1 || qs[0] == nil {
		t.Fatalf("not routed to the catalog:\n%s", sql)
	}
	values := make([]*string, len(params))
	for i := range params {
		values[i] = &params[i]
	}
	rewritten, err := qs[0].Bind(values, nil)
	if err != nil {
		return nil, nil, err
	}
	rows, err := c.Query(context.Background(), rewritten, demoSession())
	if err != nil {
		return nil, nil, &rewriteError{err, rewritten}
	}
	defer rows.Close()
	var names []string
	for _, col := range rows.Columns() {
		names = append(names, col.Name)
	}
	var out [][]string
	for rows.Next() {
		vals := rows.Values()
		texts := make([]string, len(vals))
		for i, v := range vals {
			texts[i] = pgText(v)
		}
		out = append(out, texts)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, &rewriteError{err, rewritten}
	}
	return names, out, nil
}

type rewriteError struct {
	err error
	sql string
}

func (e *rewriteError) Error() string { return e.err.Error() + "\nrewritten:\n" + e.sql }

func (e *rewriteError) Unwrap() error { return e.err }

// corpusFiles are the client corpora; psql.sql is also compared with
// PostgreSQL by TestPsqlMatchesPostgres.
var corpusFiles = []string{"psql.sql", "pgjdbc.sql", "sqlalchemy.sql", "grafana.sql", "metabase.sql", "dbeaver.sql", "psqlodbc.sql", "tableau.sql", "superset.sql"}

// TestCorpus runs every client query of testdata/catalog on the catalog
// of the demo registry: each must be routed to the catalog, run without
// error and meet its "-- expect:" lines.
func TestCorpus(t *testing.T) {
	c := demoCatalog(t)
	oidOf := pitgateOID(t, c)
	for _, file := range corpusFiles {
		if _, err := os.Stat(filepath.Join(testenv.Root(), "testdata", "catalog", file)); err != nil {
			t.Errorf("corpus %s: %v", file, err)
			continue
		}
		for _, q := range readCorpus(t, file) {
			t.Run(file+"/"+q.name, func(t *testing.T) {
				params := make([]string, len(q.params))
				for i, p := range q.params {
					params[i] = withOIDs(p, oidOf)
				}
				cols, rows, err := runCatalogQuery(t, c, withOIDs(q.sql, oidOf), params...)
				if err != nil {
					t.Fatalf("%v\n%s", err, q.sql)
				}
				for _, e := range q.expect {
					e = withOIDs(e, oidOf)
					if msg := checkExpect(e, cols, rows); msg != "" {
						t.Errorf("expect %s: %s\nrows: %v", e, msg, rows)
					}
				}
			})
		}
	}
}

// checkExpect checks one "-- expect:" line: "rows N", "rows >N",
// "column NAME", "contains VALUE" (some cell), "matches REGEXP" (some
// cell) or "row V1|V2|..." (some row, NULL for null, {{oid name}} for an
// OID).
func checkExpect(e string, cols []string, rows [][]string) string {
	kind, arg, _ := strings.Cut(e, " ")
	switch kind {
	case "rows":
		if n, ok := strings.CutPrefix(arg, ">"); ok {
			min, _ := strconv.Atoi(n)
			if len(rows) <= min {
				return "too few rows"
			}
			return ""
		}
		if n, _ := strconv.Atoi(arg); len(rows) != n {
			return "got " + strconv.Itoa(len(rows)) + " rows"
		}
	case "column":
		if !slices.Contains(cols, arg) {
			return "columns are " + strings.Join(cols, ", ")
		}
	case "contains":
		for _, r := range rows {
			if slices.Contains(r, arg) {
				return ""
			}
		}
		return "no cell holds it"
	case "matches":
		re := regexp.MustCompile(arg)
		for _, r := range rows {
			if slices.ContainsFunc(r, re.MatchString) {
				return ""
			}
		}
		return "no cell matches"
	case "row":
		want := strings.Split(arg, "|")
		for _, r := range rows {
			if slices.Equal(r, want) {
				return ""
			}
		}
		return "no such row"
	default:
		return "unknown expectation"
	}
	return ""
}
