package e2e

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pitgate/pitgate/internal/datagen"
	"github.com/pitgate/pitgate/internal/pitref"
	"github.com/pitgate/pitgate/internal/testenv"
)

// notebookOrders is how many entity rows the notebook flow uploads.
const notebookOrders = 100_000

// TestNotebookFlow is issue 8's notebook: a pandas DataFrame of 100k
// orders goes up with to_sql (unqualified CREATE TABLE, then multi-row
// INSERTs: method="multi" and the default executemany), DESIGN §1's ASOF
// query reads it back with read_sql, and the training DataFrame must have
// one row per order, equal to the Go reference, with the right dtypes.
// On the DuckDB demo and on `pitgate serve` over PostgreSQL.
func TestNotebookFlow(t *testing.T) {
	requireTool(t, "python3-sqlalchemy, python3-pandas, python3-psycopg2 and python3-psycopg", func() error {
		return exec.Command(debianPython, "-c", "import importlib.util as u, sys; "+
			"sys.exit(any(u.find_spec(m) is None for m in ('sqlalchemy', 'pandas', 'psycopg2', 'psycopg')))").Run()
	})
	cfg := testenv.SmallDemo()
	cfg.Orders = notebookOrders
	want := testenv.DesignReference(cfg)
	csvPath, queryPath := notebookInputs(t, cfg)
	t.Run("duckdb", func(t *testing.T) {
		d := startDemo(t, cfg)
		checkNotebook(t, d, csvPath, queryPath, want)
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := testenv.Postgres(t)
		testenv.PostgresWarehouse(t, dsn, cfg)
		config := filepath.Join(t.TempDir(), "pitgate.yaml")
		// Saved datasets go to the test's own schema, dropped with it.
		yaml := fmt.Sprintf("listen: 127.0.0.1:0\nrepo: %q\nwarehouse:\n  type: postgres\n  dsn: %q\ndatasets: {schema: %s}\n",
			filepath.Join(testenv.Root(), "testdata", "demo", "repo"), dsn, searchPathOf(t, dsn))
		if err := os.WriteFile(config, []byte(yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		checkNotebook(t, startServe(t, config, cfg), csvPath, queryPath, want)
	})
}

// notebookInputs writes the demo's orders as the DataFrame's CSV and the
// query that joins the uploaded table.
func notebookInputs(t *testing.T, cfg datagen.Config) (string, string) {
	dir := t.TempDir()
	orders := testenv.DemoTables(cfg)["orders"]
	idx := map[string]int{}
	for i, c := range orders.Cols {
		idx[c] = i
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	cols := []string{"order_id", "driver_id", "customer_id", "event_timestamp"}
	_ = w.Write(cols)
	for _, r := range orders.Rows {
		rec := make([]string, len(cols))
		for i, c := range cols {
			switch v := r[idx[c]].(type) {
			case nil: // the demo has orders without a driver or customer
			case time.Time:
				rec[i] = v.UTC().Format(time.RFC3339Nano)
			default:
				rec[i] = fmt.Sprint(v)
			}
		}
		_ = w.Write(rec)
	}
	w.Flush()
	csvPath, queryPath := filepath.Join(dir, "orders.csv"), filepath.Join(dir, "query.sql")
	query := strings.Replace(testenv.DesignQuery, "FROM orders o", "FROM orders_df o", 1)
	if err := os.WriteFile(csvPath, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(queryPath, []byte(query), 0o644); err != nil {
		t.Fatal(err)
	}
	return csvPath, queryPath
}

type notebookResult struct {
	UploadSeconds    map[string]float64 `json:"upload_seconds"`
	ReadSeconds      float64            `json:"read_seconds"`
	DefaultRowsEqual bool               `json:"default_rows_equal"`
	Dtypes           map[string]string  `json:"dtypes"`
	Nulls            map[string]int     `json:"nulls"`
	Columns          []string           `json:"columns"`
	Rows             [][]json.Number    `json:"rows"`
	// The saved dataset and the COPY export, each against read_sql's
	// DataFrame ("" difference: equal in values and dtypes).
	DatasetRows       int      `json:"dataset_rows"`
	DatasetDifference string   `json:"dataset_difference"`
	DatasetsListed    []string `json:"datasets_listed"`
	CopyRows          int      `json:"copy_rows"`
	CopyDifference    string   `json:"copy_difference"`
}

func checkNotebook(t *testing.T, d *demo, csvPath, queryPath string, want *pitref.Table) {
	url := fmt.Sprintf("postgresql+psycopg2://pitgate@%s:%d/pitgate", d.host, d.port)
	cmd := exec.Command(debianPython, filepath.Join("testdata", "clients", "notebook_check.py"), url, csvPath, queryPath)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("notebook_check.py: %v\n%s\nserver:\n%s", err, stderr.String(), d.stderr)
	}
	var res notebookResult
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.UseNumber()
	if err := dec.Decode(&res); err != nil {
		t.Fatalf("%v in %.500s", err, out)
	}
	t.Logf("to_sql of %d rows: method=multi %.1f s, default %.1f s; read_sql %.1f s",
		notebookOrders, res.UploadSeconds["orders_df"], res.UploadSeconds["orders_df_default"], res.ReadSeconds)
	if len(res.Rows) != notebookOrders {
		t.Fatalf("%d rows, want one per DataFrame row (%d)", len(res.Rows), notebookOrders)
	}
	checkNotebookExports(t, res)
	if !res.DefaultRowsEqual {
		t.Errorf("the table uploaded with the default method gives other training rows than method=multi")
	}
	kinds := columnKinds(want)
	for i, c := range res.Columns {
		if got, want := res.Dtypes[c], expectedDtype(kinds[i], res.Nulls[c]); got != want {
			t.Errorf("column %s: dtype %s, want %s (%d NULLs)", c, got, want, res.Nulls[c])
		}
	}
	got := &pitref.Table{}
	for _, r := range res.Rows {
		row := make([]any, len(r))
		for i, v := range r {
			row[i] = fromJSON(t, v, kinds[i])
		}
		got.Rows = append(got.Rows, row)
	}
	ref := &pitref.Table{Rows: want.Rows}
	if diff := pitref.Compare(got, ref); diff != "" {
		t.Fatalf("the training DataFrame differs from the reference:\n%.3000s", diff)
	}
}

// columnKinds is the Go type of each reference column ("int", "float",
// "time"), from its first non-NULL value.
func columnKinds(tbl *pitref.Table) []string {
	kinds := make([]string, len(tbl.Rows[0]))
	for _, r := range tbl.Rows {
		for i, v := range r {
			if kinds[i] != "" || v == nil {
				continue
			}
			switch v.(type) {
			case int64, int32, int16:
				kinds[i] = "int"
			case float64, float32:
				kinds[i] = "float"
			case time.Time:
				kinds[i] = "time"
			}
		}
	}
	return kinds
}

// expectedDtype is pandas' dtype for a column: integers stay int64 where
// no NULL appears (NULLs make them float64), timestamptz is tz-aware.
func expectedDtype(kind string, nulls int) string {
	switch {
	case kind == "time":
		return "datetime64[ns, UTC]"
	case kind == "int" && nulls == 0:
		return "int64"
	}
	return "float64"
}

func fromJSON(t *testing.T, v json.Number, kind string) any {
	if v == "" {
		return nil
	}
	switch kind {
	case "int":
		f, err := strconv.ParseFloat(string(v), 64)
		if err != nil {
			t.Fatal(err)
		}
		return int64(f)
	case "time":
		us, err := v.Int64()
		if err != nil {
			t.Fatal(err)
		}
		return time.UnixMicro(us).UTC()
	}
	f, err := v.Float64()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// checkNotebookExports: the saved dataset read back and the COPY export
// parsed back are read_sql's training DataFrame, and \d lists the dataset.
func checkNotebookExports(t *testing.T, res notebookResult) {
	t.Helper()
	if res.DatasetRows != notebookOrders || res.DatasetDifference != "" {
		t.Errorf("datasets.notebook_train read back: %d rows, differs from read_sql: %s", res.DatasetRows, res.DatasetDifference)
	}
	if strings.Join(res.DatasetsListed, ",") != "notebook_train" {
		t.Errorf("information_schema.tables lists %v in schema datasets, want [notebook_train]", res.DatasetsListed)
	}
	if res.CopyRows != notebookOrders || res.CopyDifference != "" {
		t.Errorf("COPY ... TO STDOUT (FORMAT csv, HEADER) parsed back: %d rows, differs from read_sql: %s", res.CopyRows, res.CopyDifference)
	}
}

// searchPathOf is the schema testenv.Postgres made for the test.
func searchPathOf(t *testing.T, dsn string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil || u.Query().Get("search_path") == "" {
		t.Fatalf("no search_path in the test DSN (%v)", err)
	}
	return u.Query().Get("search_path")
}
