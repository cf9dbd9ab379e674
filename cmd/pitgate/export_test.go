package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/registry"
	"github.com/pitgate/pitgate/warehouse/duckdb"
)

// exportQuery covers each Parquet type export writes: int64, double,
// int32, timestamp (UTC and local) and date, decimal, bool, string, NULLs.
const exportQuery = `SELECT o.order_id, o.driver_id, o.event_timestamp, d.conv_rate, d.avg_daily_trips,
  CAST(d.conv_rate AS numeric(12,4)) AS conv_num, o.order_id % 2 = 0 AS even,
  CAST(o.order_id AS text) AS id_text, CAST(o.event_timestamp AS date) AS day,
  CAST(o.event_timestamp AS timestamp) AS local_ts, CAST(o.order_id AS int4) AS id4
FROM orders o
ASOF LEFT JOIN driver_hourly_stats d ON d.driver_id = o.driver_id AND d.event_timestamp <= o.event_timestamp
ORDER BY o.order_id, o.event_timestamp`

// TestExportParquet: pitgate export writes the query's rows, which
// parquet-go's reader and DuckDB's read_parquet (an independent reader)
// both read back equal to the rows the query gives, with Parquet types.
func TestExportParquet(t *testing.T) {
	cfgPath := project(t, smallDemo(), "")
	out := filepath.Join(t.TempDir(), "train.parquet")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"export", "--config", cfgPath, "--query", exportQuery, "--out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("export exited %d: %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "wrote 100 rows") {
		t.Errorf("stderr does not report the rows: %q", stderr.String())
	}
	want := referenceRows(t, cfgPath, exportQuery)
	if len(want) != 100 {
		t.Fatalf("the query gives %d rows, want 100", len(want))
	}
	checkParquetTypes(t, out)
	if got := parquetGoRows(t, out); !equalRows(t, "parquet-go", got, want) {
		return
	}
	equalRows(t, "DuckDB read_parquet", duckdbRows(t, out), want)
}

// TestExportErrors: a usage mistake exits 2, a query error 1 with one
// line naming it; no file is left behind.
func TestExportErrors(t *testing.T) {
	cfgPath := project(t, smallDemo(), "")
	out := filepath.Join(t.TempDir(), "x.parquet")
	cases := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"export", "--config", cfgPath, "--query", "SELECT 1"}, 2, "--out"},
		{[]string{"export", "--config", cfgPath, "--query", "SELECT nope FROM orders", "--out", out}, 1, "nope"},
		{[]string{"export", "--config", cfgPath, "--query", "SELECT 1; SELECT 2", "--out", out}, 1, "one query"},
		{[]string{"export", "--config", cfgPath, "--query", "SELECT * FROM online.driver_hourly_stats WHERE driver_id = 1", "--out", out}, 1, "export takes a query"},
	}
	for _, c := range cases {
		var stderr bytes.Buffer
		code := run(c.args, io.Discard, &stderr)
		lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
		if code != c.code || !strings.Contains(stderr.String(), c.msg) || (code == 1 && len(lines) != 1) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d mentioning %q in one line", c.args[4:], code, stderr.String(), c.code, c.msg)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a failed export left %s (%v)", out, err)
	}
}

// referenceRows runs the query through the gateway's path, as export does.
func referenceRows(t *testing.T, cfgPath, sql string) [][]any {
	t.Helper()
	cfg, err := loadConfig(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	wh, err := duckdb.Open(cfg.Warehouse.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer wh.Close()
	repo, err := registry.Load(cfg.Repo)
	if err != nil {
		t.Fatal(err)
	}
	gw, err := gateway.New(gateway.Config{Repo: repo, Warehouse: wh, Logger: newLogger(io.Discard)})
	if err != nil {
		t.Fatal(err)
	}
	defer gw.Close()
	rows, _, err := gw.Export(context.Background(), sql)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out [][]any
	for rows.Next() {
		out = append(out, normalize(rows.Values()))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func checkParquetTypes(t *testing.T, path string) {
	t.Helper()
	f := openParquet(t, path)
	want := []string{"order_id:INT(64,true)", "driver_id:INT(64,true)", "event_timestamp:TIMESTAMP(isAdjustedToUTC=true,unit=MICROS)",
		"conv_rate:DOUBLE", "avg_daily_trips:INT(64,true)", "conv_num:DECIMAL(12,4)", "even:BOOLEAN", "id_text:STRING",
		"day:DATE", "local_ts:TIMESTAMP(isAdjustedToUTC=false,unit=MICROS)", "id4:INT(32,true)"}
	var got []string
	for _, field := range f.Schema().Fields() {
		got = append(got, field.Name()+":"+field.Type().String())
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("Parquet schema:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func openParquet(t *testing.T, path string) *parquet.File {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fh.Close() })
	st, err := fh.Stat()
	if err != nil {
		t.Fatal(err)
	}
	f, err := parquet.OpenFile(fh, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// parquetGoRows reads the file with parquet-go, converting each column
// by its logical type back to the Rows contract's Go values.
func parquetGoRows(t *testing.T, path string) [][]any {
	t.Helper()
	f := openParquet(t, path)
	fields := f.Schema().Fields()
	r := parquet.NewReader(f)
	defer r.Close()
	var out [][]any
	buf := make([]parquet.Row, 64)
	for {
		n, err := r.ReadRows(buf)
		for _, row := range buf[:n] {
			vals := make([]any, len(fields))
			for _, v := range row {
				vals[v.Column()] = fromParquet(fields[v.Column()], v)
			}
			out = append(out, normalize(vals))
		}
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

func fromParquet(f parquet.Field, v parquet.Value) any {
	if v.IsNull() {
		return nil
	}
	lt := f.Type().LogicalType()
	switch {
	case lt != nil && lt.Timestamp != nil:
		return time.UnixMicro(v.Int64()).UTC()
	case lt != nil && lt.Date != nil:
		return time.Unix(int64(v.Int32())*86400, 0).UTC()
	case lt != nil && lt.Decimal != nil:
		u := big.NewInt(v.Int64())
		return new(big.Rat).SetFrac(u, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(lt.Decimal.Scale)), nil)).FloatString(int(lt.Decimal.Scale))
	case lt != nil && lt.UTF8 != nil:
		return string(v.ByteArray())
	}
	switch v.Kind() {
	case parquet.Boolean:
		return v.Boolean()
	case parquet.Int32:
		return int64(v.Int32())
	case parquet.Int64:
		return v.Int64()
	case parquet.Double:
		return v.Double()
	case parquet.ByteArray:
		return append([]byte(nil), v.ByteArray()...)
	}
	return fmt.Sprintf("unexpected %v", v)
}

// duckdbRows reads the file with DuckDB's own Parquet reader.
func duckdbRows(t *testing.T, path string) [][]any {
	t.Helper()
	db, err := duckdb.Open("")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(context.Background(), "SELECT * FROM read_parquet('"+strings.ReplaceAll(path, "'", "''")+"')")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out [][]any
	for rows.Next() {
		out = append(out, normalize(rows.Values()))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// normalize makes values comparable across readers: integers int64,
// instants UTC, numeric as text with its scale.
func normalize(vals []any) []any {
	out := make([]any, len(vals))
	for i, v := range vals {
		switch x := v.(type) {
		case int16:
			v = int64(x)
		case int32:
			v = int64(x)
		case time.Time:
			v = x.UTC()
		}
		out[i] = v
	}
	return out
}

func equalRows(t *testing.T, reader string, got, want [][]any) bool {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d rows, want %d", reader, len(got), len(want))
		return false
	}
	for i := range want {
		if fmt.Sprint(got[i]) != fmt.Sprint(want[i]) {
			t.Errorf("%s: row %d\n got %v\nwant %v", reader, i+1, got[i], want[i])
			return false
		}
	}
	return true
}
