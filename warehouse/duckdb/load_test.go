package duckdb

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
)

// sliceSource yields rows one by one.
func sliceSource(rows [][]any) warehouse.RowSource {
	i := 0
	return func(row []any) (bool, error) {
		if i == len(rows) {
			return false, nil
		}
		copy(row, rows[i])
		i++
		return true, nil
	}
}

var loadCols = []warehouse.Column{
	{Name: "id", Type: "int8"}, {Name: "small", Type: "int2"}, {Name: "n", Type: "int4"},
	{Name: "ok", Type: "bool"}, {Name: "f4", Type: "float4"}, {Name: "f8", Type: "float8"},
	{Name: "amount", Type: "numeric", Precision: 10, Scale: 2}, {Name: "big", Type: "numeric(30,4)"},
	{Name: "free", Type: "numeric"}, {Name: "name", Type: "text"}, {Name: "raw", Type: "bytea"},
	{Name: "day", Type: "date"}, {Name: "at", Type: "time"}, {Name: "ts", Type: "timestamp"},
	{Name: "tstz", Type: "timestamptz"}, {Name: "span", Type: "interval"}, {Name: "doc", Type: "json"},
	{Name: "docb", Type: "jsonb"}, {Name: "uid", Type: "uuid"}, {Name: "vec", Type: "float8[]"},
	{Name: "labels", Type: "text[]"},
}

func TestLoadThenQuery(t *testing.T) {
	db := openMemory(t)
	ts := time.Date(2024, 3, 1, 12, 30, 0, 123456000, time.UTC)
	plus2 := time.FixedZone("+02", 7200)
	in := [][]any{
		{int64(1), int16(-2), int32(3), true, float32(1.5), 0.25, "12.345", "-12345678901234567890.12345",
			int64(7), "héllo", []byte{0, 1, 2}, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC),
			time.Date(1, 1, 1, 8, 9, 10, 0, time.UTC), ts, ts.In(plus2),
			warehouse.Interval{Months: 1, Days: 2, Micros: 3}, `{"b": [1, 2], "a": "x"}`, `[]`,
			"A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11", []float64{1, 2.5}, []any{"a", nil}},
		make([]any, len(loadCols)),
	}
	n, err := db.Load(context.Background(), []string{"loaded"}, loadCols, sliceSource(in))
	if err != nil || n != 2 {
		t.Fatalf("Load = %d, %v", n, err)
	}
	cols, rows := queryAll(t, db, "SELECT * FROM loaded ORDER BY id NULLS LAST")
	wantCols := slices.Clone(loadCols)
	wantCols[7] = warehouse.Column{Name: "big", Type: "numeric", Precision: 30, Scale: 4}
	wantCols[8] = warehouse.Column{Name: "free", Type: "numeric", Precision: 38, Scale: 10}
	wantCols[17].Type = "json"
	if !slices.Equal(cols, wantCols) {
		t.Errorf("columns %+v\nwant    %+v", cols, wantCols)
	}
	want := []any{int64(1), int16(-2), int32(3), true, float32(1.5), 0.25, "12.35", "-12345678901234567890.1235",
		"7.0000000000", "héllo", []byte{0, 1, 2}, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC),
		time.Date(1, 1, 1, 8, 9, 10, 0, time.UTC), ts, ts,
		warehouse.Interval{Months: 1, Days: 2, Micros: 3}, `{"a":"x","b":[1,2]}`, `[]`,
		"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", []any{1.0, 2.5}, []any{"a", nil}}
	for i, w := range want {
		if got := rows[0][i]; !sameValue(w, got) {
			t.Errorf("%s = %#v, want %#v", loadCols[i].Name, got, w)
		}
		if rows[1][i] != nil {
			t.Errorf("%s: NULL loaded as %#v", loadCols[i].Name, rows[1][i])
		}
	}
}

func TestLoadCreatesSchemaAndReplaces(t *testing.T) {
	db := openMemory(t)
	ctx := context.Background()
	name := []string{"datasets", "training"}
	first := []warehouse.Column{{Name: "a", Type: "int4"}}
	if _, err := db.Load(ctx, name, first, sliceSource([][]any{{int32(1)}, {int32(2)}})); err != nil {
		t.Fatal(err)
	}
	second := []warehouse.Column{{Name: "b", Type: "text"}}
	if _, err := db.Load(ctx, name, second, sliceSource([][]any{{"x"}})); err != nil {
		t.Fatal(err)
	}
	cols, rows := queryAll(t, db, "SELECT * FROM datasets.training")
	if len(cols) != 1 || cols[0].Name != "b" || len(rows) != 1 || rows[0][0] != "x" {
		t.Errorf("after replacing: %+v %v", cols, rows)
	}
	three := []string{"memory", "other", "t"}
	if _, err := db.Load(ctx, three, first, sliceSource([][]any{{int32(5)}})); err != nil {
		t.Fatalf("three-part name: %v", err)
	}
	if _, rows := queryAll(t, db, "SELECT a FROM other.t"); rows[0][0] != int32(5) {
		t.Errorf("three-part load read back %v", rows)
	}
}

// A failing load leaves the previous table as it was.
func TestLoadFailureKeepsPreviousTable(t *testing.T) {
	db := openMemory(t)
	ctx := context.Background()
	cols := []warehouse.Column{{Name: "n", Type: "int2"}, {Name: "amount", Type: "numeric(4,2)"}}
	if _, err := db.Load(ctx, []string{"t"}, cols, sliceSource([][]any{{int16(1), "1.00"}})); err != nil {
		t.Fatal(err)
	}
	errSource := errors.New("source broke")
	cases := []struct {
		name   string
		src    warehouse.RowSource
		code   string
		detail string
	}{
		{"int out of range", sliceSource([][]any{{int64(1), nil}, {int64(40000), nil}}), "22003", `column "n" of row 2`},
		{"numeric out of range", sliceSource([][]any{{nil, "100.00"}}), "22003", `column "amount" of row 1`},
		{"bad numeric text", sliceSource([][]any{{nil, "1,5"}}), "22P02", `column "amount" of row 1`},
		{"wrong Go type", sliceSource([][]any{{"1", nil}}), "42804", `column "n" of row 1`},
		{"source error", func([]any) (bool, error) { return false, errSource }, "XX000", ""},
	}
	for _, c := range cases {
		_, err := db.Load(ctx, []string{"t"}, cols, c.src)
		if sqlerr.Code(err) != c.code {
			t.Errorf("%s: %v (%s), want %s", c.name, err, sqlerr.Code(err), c.code)
		}
		var se *sqlerr.Error
		if errors.As(err, &se) && se.Detail != c.detail {
			t.Errorf("%s: detail %q, want %q", c.name, se.Detail, c.detail)
		}
		if _, rows := queryAll(t, db, "SELECT n FROM t"); len(rows) != 1 || rows[0][0] != int16(1) {
			t.Errorf("%s: previous table changed to %v", c.name, rows)
		}
	}
}

func TestLoadRejectsBadColumns(t *testing.T) {
	db := openMemory(t)
	cases := []struct {
		cols []warehouse.Column
		code string
	}{
		{nil, sqlerr.InvalidParameter},
		{[]warehouse.Column{{Name: "", Type: "int4"}}, sqlerr.InvalidName},
		{[]warehouse.Column{{Name: "a", Type: "money"}}, sqlerr.UndefinedObject},
		{[]warehouse.Column{{Name: "a", Type: "numeric", Precision: 50}}, sqlerr.FeatureNotSupported},
		{[]warehouse.Column{{Name: "a", Type: "numeric", Precision: 4, Scale: 5}}, sqlerr.InvalidParameter},
	}
	for _, c := range cases {
		_, err := db.Load(context.Background(), []string{"t"}, c.cols, sliceSource(nil))
		if sqlerr.Code(err) != c.code {
			t.Errorf("%+v: %v, want %s", c.cols, err, c.code)
		}
	}
}

func TestLoadNumericRounding(t *testing.T) {
	db := openMemory(t)
	cols := []warehouse.Column{{Name: "v", Type: "numeric", Precision: 6, Scale: 2}}
	in := []any{"1.005", "-1.005", "2.004", 0.125, int64(42), "1e2"}
	want := []any{"1.01", "-1.01", "2.00", "0.13", "42.00", "100.00"}
	rows := make([][]any, len(in))
	for i, v := range in {
		rows[i] = []any{v}
	}
	if _, err := db.Load(context.Background(), []string{"r"}, cols, sliceSource(rows)); err != nil {
		t.Fatal(err)
	}
	_, got := queryAll(t, db, "SELECT v FROM r")
	for i, w := range want {
		if got[i][0] != w {
			t.Errorf("%v loaded as %v, want %v", in[i], got[i][0], w)
		}
	}
}

func TestLoadCancelled(t *testing.T) {
	db := openMemory(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var n int64
	endless := func(row []any) (bool, error) {
		n++
		if n == 100000 {
			cancel()
		}
		row[0] = n
		return true, nil
	}
	_, err := db.Load(ctx, []string{"c"}, []warehouse.Column{{Name: "n", Type: "int8"}}, endless)
	if sqlerr.Code(err) != sqlerr.QueryCanceled {
		t.Fatalf("got %v, want 57014", err)
	}
	if _, err := db.Table(context.Background(), []string{"c"}); sqlerr.Code(err) != sqlerr.UndefinedTable {
		t.Errorf("a cancelled load left a table behind: %v", err)
	}
}

// BenchmarkLoad loads 1M rows of 6 columns and reports rows/s.
func BenchmarkLoad(b *testing.B) {
	db := openMemory(b)
	const rows = 1_000_000
	cols := []warehouse.Column{
		{Name: "driver_id", Type: "int8"}, {Name: "event_timestamp", Type: "timestamptz"},
		{Name: "conv_rate", Type: "float8"}, {Name: "acc_rate", Type: "float8"},
		{Name: "avg_daily_trips", Type: "int8"}, {Name: "city", Type: "text"},
	}
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	cities := []string{"Lisbon", "Porto", "Braga", "Faro"}
	for b.Loop() {
		i := 0
		src := func(row []any) (bool, error) {
			if i == rows {
				return false, nil
			}
			row[0], row[1] = int64(1001+i%1000), start.Add(time.Duration(i)*time.Second)
			row[2], row[3] = float64(i%100)/100, float64(i%7)/7
			row[4], row[5] = int64(i%50), cities[i%len(cities)]
			i++
			return true, nil
		}
		n, err := db.Load(context.Background(), []string{"bench"}, cols, src)
		if err != nil || n != rows {
			b.Fatalf("Load = %d, %v", n, err)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
