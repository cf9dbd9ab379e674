package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/registry"
)

// sqlalchemyType is SQLAlchemy 1.4's reflected type (its repr) and the
// pandas dtype read_sql gives, for each PostgreSQL type of the demo.
var sqlalchemyType = map[string]struct{ reflected, dtype string }{
	"int8":        {"BIGINT()", "int64"},
	"float8":      {"DOUBLE_PRECISION(precision=53)", "float64"},
	"timestamptz": {"TIMESTAMP(timezone=True)", "datetime64[ns, UTC]"},
}

// checkSQLAlchemyCatalog runs sqlalchemy_check.py (SQLAlchemy's inspector
// and pandas.read_sql over psycopg2) through pitgate, checks its answers
// against the registry, and compares them with the same script's against
// the equivalent PostgreSQL.
func checkSQLAlchemyCatalog(t *testing.T, f *catalogFixture) {
	requireTool(t, "python3-sqlalchemy, python3-pandas and python3-psycopg2", func() error {
		// find_spec: importing pandas just to see it is there takes seconds.
		return exec.Command(debianPython, "-c", "import importlib.util as u, sys; "+
			"sys.exit(any(u.find_spec(m) is None for m in ('sqlalchemy', 'pandas', 'psycopg2')))").Run()
	})
	urls := []string{fmt.Sprintf("pitgate=postgresql+psycopg2://pitgate@%s:%d/pitgate", f.d.host, f.d.port)}
	if f.pgDSN != "" {
		u, err := url.Parse(f.pgDSN)
		if err != nil {
			t.Fatal(err)
		}
		u.Scheme, u.RawQuery = "postgresql+psycopg2", ""
		urls = append(urls, "postgres="+u.String())
	}
	results := runSQLAlchemyCheck(t, f.d, urls)
	pit := results["pitgate"]
	t.Run("registry", func(t *testing.T) {
		for key, want := range sqlalchemyExpected(t, f) {
			if got := jsonText(pit[key]); got != jsonText(want) {
				t.Errorf("%s:\n got %s\nwant %s", key, got, jsonText(want))
			}
		}
	})
	t.Run("postgres", func(t *testing.T) {
		f.requirePostgres(t)
		pg := results["postgres"]
		for key, got := range pit {
			if sqlalchemyPostgresDifference[key] {
				continue
			}
			if jsonText(got) != jsonText(pg[key]) {
				t.Errorf("%s differs from PostgreSQL's\npitgate:    %s\nPostgreSQL: %s", key, jsonText(got), jsonText(pg[key]))
			}
		}
	})
}

// sqlalchemyPostgresDifference are the answers not compared with
// PostgreSQL's, each for its reason:
//
//   - server_version_info: pitgate says 15.8, the local server its own
//     minor version (both parsed by the dialect's regex).
//   - read_sql: the equivalent tables are empty (pandas then types every
//     column object); the registry check covers it.
var sqlalchemyPostgresDifference = map[string]bool{"server_version_info": true, "read_sql": true}

// sortUnordered sorts the name lists whose queries have no ORDER BY
// (SQLAlchemy 1.4's get_table_names and get_view_names): their order is
// the engine's, PostgreSQL's being the order the relations were created in.
func sortUnordered(result map[string]any) {
	for _, key := range []string{"table_names public", "table_names features", "view_names features", "view_names online"} {
		if names, ok := result[key].([]any); ok {
			slices.SortFunc(names, func(a, b any) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
		}
	}
}

// runSQLAlchemyCheck runs sqlalchemy_check.py on NAME=URL arguments (one
// interpreter: importing pandas takes seconds) and returns each NAME's
// answers, the unordered name lists sorted.
func runSQLAlchemyCheck(t *testing.T, d *demo, urls []string) map[string]map[string]any {
	args := append([]string{filepath.Join("testdata", "clients", "sqlalchemy_check.py")}, urls...)
	cmd := exec.CommandContext(withTimeout(t), debianPython, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("sqlalchemy_check.py: %v\n%s\nserver:\n%s", err, stderr.String(), d.stderr)
	}
	var results map[string]map[string]any
	if err := json.Unmarshal(out, &results); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	for _, r := range results {
		sortUnordered(r)
	}
	return results
}

// sqlalchemyExpected is what the inspector and pandas must report, from
// the registry.
func sqlalchemyExpected(t *testing.T, f *catalogFixture) map[string]any {
	var views, online, tables []string
	for _, v := range f.repo.Views {
		views = append(views, v.Name)
		if v.Online {
			online = append(online, v.Name)
		}
	}
	for _, s := range f.repo.Services {
		views = append(views, s.Name)
		if !slices.ContainsFunc(s.Items, func(it registry.ServiceItem) bool { return !it.View.Online }) {
			online = append(online, s.Name)
		}
	}
	for _, src := range f.repo.Sources {
		tables = append(tables, src.Table)
	}
	slices.Sort(views)
	slices.Sort(online)
	slices.Sort(tables)
	view := f.repo.View("driver_hourly_stats")
	var columns []map[string]any
	var names, dtypes []string
	for _, c := range testenv.ViewColumns(t, view, f.wh) {
		typ, ok := sqlalchemyType[c.Type]
		if !ok {
			t.Fatalf("no SQLAlchemy mapping for %s", c.Type)
		}
		columns = append(columns, map[string]any{"name": c.Name, "type": typ.reflected, "nullable": true, "default": nil, "comment": c.Comment})
		names, dtypes = append(names, c.Name), append(dtypes, typ.dtype)
	}
	return map[string]any{
		// The dialect's regex read version(): PostgreSQL 15.8 (pitgate) ...
		"server_version_info":  []int{15, 8},
		"default_schema_name":  "features",
		"schema_names":         []string{"features", "information_schema", "online", "public"},
		"table_names public":   tables,
		"table_names features": []string{},
		"view_names features":  views,
		"view_names online":    online,
		"columns":              columns,
		"table_comment":        map[string]any{"text": view.Description},
		"pk":                   map[string]any{"constrained_columns": []string{}, "name": nil},
		"foreign_keys":         []string{},
		"indexes":              []string{},
		"unique_constraints":   []string{},
		"has_table": map[string]bool{"features.driver_hourly_stats": true, "driver_hourly_stats": true,
			"public.driver_stats": true, "features.nope": false},
		"read_sql": map[string]any{"rows": 5, "columns": names, "dtypes": dtypes},
	}
}

// jsonText is v as JSON with sorted keys, to compare decoded and Go values.
func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	var norm any
	if json.Unmarshal(b, &norm) != nil {
		return string(b)
	}
	b, _ = json.Marshal(norm)
	return string(b)
}
