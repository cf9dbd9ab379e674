package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pitgate/pitgate/internal/pitref"
	"github.com/pitgate/pitgate/internal/testenv"
)

// TestODBC drives pitgate through psqlODBC 13 (Debian's odbc-postgresql,
// registered in /etc/odbcinst.ini as "PostgreSQL Unicode") and unixODBC,
// from pyodbc (python3-pyodbc): with UseServerSidePrepare=0 psqlODBC puts
// the parameters into the SQL text itself and sends simple queries; with 1
// it prepares on the server (Parse/Bind/Execute) and closes each plan with
// SQL DEALLOCATE; with Tableau's options (UseDeclareFetch=1, Fetch=2048) it
// reads every result through a cursor, the design query's 3,000 rows in
// two FETCHes. Each mode runs the design query, parameters bound with
// SQLBindParameter, and the catalog functions, which send psqlODBC's own
// catalog queries (testdata/catalog/psqlodbc.sql holds them).
func TestODBC(t *testing.T) {
	requireTool(t, "odbc-postgresql, unixodbc and python3-pyodbc", func() error {
		if err := exec.Command(debianPython, "-c", "import pyodbc; assert 'PostgreSQL Unicode' in pyodbc.drivers()").Run(); err != nil {
			return fmt.Errorf("pyodbc with the PostgreSQL Unicode driver: %w", err)
		}
		return nil
	})
	d := startDemo(t, testConfig())
	driver, from, want := paramArgs(d)
	results := runODBC(t, d, driver, from)
	for _, mode := range []string{"ssp0", "ssp1", "tableau"} {
		t.Run(mode, func(t *testing.T) {
			res := results[mode]
			if res == nil {
				t.Fatalf("no results for %s", mode)
			}
			checkClientRows(t, "design", res["design"], testenv.DesignReference(d.cfg))
			checkClientRows(t, "param0", res["param0"], want)
			checkClientRows(t, "param1", res["param1"], want)
			checkODBCCatalog(t, res)
		})
	}
}

func runODBC(t *testing.T, d *demo, driver int64, from time.Time) map[string]map[string][][]any {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{"design.sql": testenv.DesignQuery,
		"param.sql": strings.NewReplacer("$1", "?", "$2", "?").Replace(paramQuery)}
	for name, sql := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(sql), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.CommandContext(withTimeout(t), debianPython, filepath.Join("testdata", "clients", "odbc_check.py"),
		d.host, strconv.Itoa(d.port), strconv.FormatInt(driver, 10), from.Format(time.RFC3339Nano),
		filepath.Join(dir, "design.sql"), filepath.Join(dir, "param.sql"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("odbc_check.py: %v\n%s\nserver:\n%s", err, stderr.String(), d.stderr)
	}
	var res map[string]map[string][][]any
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.UseNumber()
	if err := dec.Decode(&res); err != nil {
		t.Fatalf("%v in %.2000s", err, out)
	}
	return res
}

// checkClientRows compares one run's rows, converted to the reference's
// types, with the reference; an empty run never passes.
func checkClientRows(t *testing.T, name string, rows [][]any, want *pitref.Table) {
	t.Helper()
	if len(rows) == 0 {
		t.Errorf("%s: no rows", name)
		return
	}
	got, err := typedLike(rows, want)
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	if diff := pitref.Compare(got, &pitref.Table{Rows: want.Rows}); diff != "" {
		t.Errorf("%s differs from the reference:\n%s", name, diff)
	}
}

// checkODBCCatalog checks the catalog functions against the registry; a
// feature view is a view, which has no keys, indexes or row identifiers in
// PostgreSQL either.
func checkODBCCatalog(t *testing.T, res map[string][][]any) {
	t.Helper()
	repo := testenv.Repo(t)
	var views []string
	for _, v := range repo.Views {
		views = append(views, fmt.Sprintf("[pitgate features %s VIEW]", v.Name))
	}
	for _, s := range repo.Services {
		views = append(views, fmt.Sprintf("[pitgate features %s VIEW]", s.Name))
	}
	slices.Sort(views)
	wantCols := []string{"[driver_id int8 -5  1]", "[event_timestamp timestamptz 93  2]"}
	for i, f := range repo.View("driver_hourly_stats").Features {
		wantCols = append(wantCols, fmt.Sprintf("[%s %s %d  %d]", f.Name, f.Type, odbcTypes[f.Type.String()], i+3))
	}
	expect := map[string]string{
		"types":          "[[42 it's 0.25]]",
		"error":          "[[42P01]]",
		"after_error":    "[[1]]",
		"tables":         "[" + strings.Join(views, " ") + "]",
		"columns":        "[" + strings.Join(wantCols, " ") + "]",
		"primaryKeys":    "[]",
		"statistics":     "[]",
		"foreignKeys":    "[]",
		"specialColumns": "[]",
		"procedures":     "[[pg_catalog version]]",
		"where_false":    "[[driver_id event_timestamp conv_rate acc_rate avg_daily_trips] [0]]",
	}
	for name, w := range expect {
		if got := fmt.Sprint(res[name]); got != w {
			t.Errorf("%s = %s, want %s", name, got, w)
		}
	}
	typeInfo := fmt.Sprint(res["getTypeInfo"])
	for _, ty := range []string{"[int8 -5]", "[float8 6]", "[timestamptz 93]", "[text -1]", "[numeric 2]"} {
		if !strings.Contains(typeInfo, ty) {
			t.Errorf("getTypeInfo lacks %s: %s", ty, typeInfo)
		}
	}
}

// odbcTypes are the SQL data types psqlODBC reports for the demo's
// feature types (SQL_BIGINT, SQL_FLOAT, ...).
var odbcTypes = map[string]int{"int8": -5, "int4": 4, "float8": 6, "float4": 7, "text": -1, "numeric": 2, "bool": -7}
