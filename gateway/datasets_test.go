package gateway_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/online"
)

const datasetQuery = `SELECT o.driver_id, o.ts, d.conv_rate, d.avg_daily_trips
FROM o ASOF LEFT JOIN driver_hourly_stats d ON d.driver_id = o.driver_id AND d.event_timestamp <= o.ts`

// TestSavedDatasets: CREATE TABLE datasets.<name> AS an ASOF query over a
// temporary table writes the rows into the configured warehouse schema,
// records them, lists them in the catalog (also after a restart), reads
// them back equal to the query, refuses a second create with 42P07 and
// other writes with 42501, and DROP removes table, record and listing.
func TestSavedDatasets(t *testing.T) {
	for _, tw := range tempWarehouses(t) {
		t.Run(tw.name, func(t *testing.T) {
			schema := "pitgate_ds_" + randomSuffix(t)
			t.Cleanup(func() { tw.wh.Exec(context.Background(), "DROP SCHEMA IF EXISTS "+schema+" CASCADE") })
			store, err := online.OpenDatasets(filepath.Join(t.TempDir(), online.DatasetsFile))
			if err != nil {
				t.Fatal(err)
			}
			cfg := gateway.Config{Repo: testenv.Repo(t), Warehouse: tw.wh, Datasets: store, DatasetsSchema: []string{schema},
				Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
			_, addr := serveGateway(t, cfg)
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			c := connect(t, ctx, addr)
			mustExec(t, c, "CREATE TABLE o (driver_id int8, ts timestamptz)")
			mustExec(t, c, "INSERT INTO o VALUES (1001, '2030-01-01 00:00:00+00'), (1002, '2030-01-02 00:00:00+00'), (1003, '2029-12-31 12:00:00+00'), (99, '2030-01-01 00:00:00+00')")
			want := rowsText(t, c, datasetQuery+" ORDER BY 1")
			steps := []struct{ sql, want string }{
				{"CREATE TABLE datasets.train AS " + datasetQuery, "SELECT 4"},
				{"CREATE TABLE datasets.train AS " + datasetQuery, "42P07"},
				{"CREATE TABLE IF NOT EXISTS datasets.train AS " + datasetQuery, "CREATE TABLE AS"},
				{"INSERT INTO datasets.train VALUES (1, now(), 0.5, 1)", "0A000"},
				{"CREATE TABLE public.x AS SELECT 1 AS a", "42501"},
				{"DROP TABLE datasets.nothing", "42P01"},
			}
			runSteps(t, ctx, c, steps)
			if got := rowsText(t, c, "SELECT * FROM datasets.train ORDER BY 1"); !slices.Equal(got, want) {
				t.Errorf("datasets.train:\n%s\nwant the query's rows:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			checkRecord(t, store)
			const listed = `SELECT c.relname || ':' || c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'datasets' ORDER BY 1`
			if got := rowsText(t, c, listed); !slices.Equal(got, []string{"train:r"}) {
				t.Errorf("catalog lists %v in schema datasets, want [train:r]", got)
			}
			const columns = `SELECT column_name FROM information_schema.columns WHERE table_schema = 'datasets' AND table_name = 'train' ORDER BY ordinal_position`
			if got := rowsText(t, c, columns); strings.Join(got, ",") != "driver_id,ts,conv_rate,avg_daily_trips" {
				t.Errorf("catalog columns of datasets.train: %v", got)
			}
			// A gateway started afterwards lists the dataset from its record.
			_, addr2 := serveGateway(t, cfg)
			c2 := connect(t, ctx, addr2)
			if got := rowsText(t, c2, listed); !slices.Equal(got, []string{"train:r"}) {
				t.Errorf("after a restart the catalog lists %v, want [train:r]", got)
			}
			runSteps(t, ctx, c, []struct{ sql, want string }{
				{"DROP TABLE datasets.train", "DROP TABLE"},
				{"SELECT * FROM datasets.train", "42P01"},
				{"DROP TABLE IF EXISTS datasets.train", "DROP TABLE"},
			})
			if got := rowsText(t, c, listed); len(got) != 0 {
				t.Errorf("after DROP the catalog lists %v", got)
			}
			if recs, err := store.List(ctx); err != nil || len(recs) != 0 {
				t.Errorf("after DROP the records are %v (%v)", recs, err)
			}
		})
	}
}

// TestSavedDatasetsUnconfigured: without datasets.schema every use of
// datasets.<name> is 0A000 naming the configuration key.
func TestSavedDatasetsUnconfigured(t *testing.T) {
	tw := tempWarehouses(t)[0]
	_, addr := serveGateway(t, gateway.Config{Repo: testenv.Repo(t), Warehouse: tw.wh,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := connect(t, ctx, addr)
	for _, sql := range []string{"CREATE TABLE datasets.a AS SELECT 1 AS x", "SELECT * FROM datasets.a", "DROP TABLE datasets.a"} {
		_, err := c.Exec(ctx, sql)
		if codeOf(err) != "0A000" || !strings.Contains(fmt.Sprint(err), "not configured") {
			t.Errorf("%s: %v, want 0A000 saved datasets are not configured", sql, err)
		}
	}
}

func checkRecord(t *testing.T, store *online.Datasets) {
	t.Helper()
	rec, ok, err := store.Get(context.Background(), "train")
	if err != nil || !ok {
		t.Fatalf("no record of datasets.train (%v)", err)
	}
	minT, maxT := time.Date(2029, 12, 31, 12, 0, 0, 0, time.UTC), time.Date(2030, 1, 2, 0, 0, 0, 0, time.UTC)
	switch {
	case rec.Rows != 4:
		t.Errorf("record rows %d, want 4", rec.Rows)
	case !slices.Equal(rec.Views, []string{"driver_hourly_stats"}):
		t.Errorf("record views %v", rec.Views)
	case !slices.Equal(rec.Features, []string{"driver_hourly_stats.conv_rate", "driver_hourly_stats.avg_daily_trips"}):
		t.Errorf("record features %v", rec.Features)
	case rec.MinTime == nil || rec.MaxTime == nil || !rec.MinTime.Equal(minT) || !rec.MaxTime.Equal(maxT):
		t.Errorf("record time range %v .. %v, want %v .. %v", rec.MinTime, rec.MaxTime, minT, maxT)
	case !strings.HasPrefix(rec.Query, "CREATE TABLE datasets.train AS SELECT"):
		t.Errorf("record query %q", rec.Query)
	case time.Since(rec.Created) > time.Hour:
		t.Errorf("record created %v", rec.Created)
	}
}

func connect(t *testing.T, ctx context.Context, addr string) *pgx.Conn {
	t.Helper()
	c, err := pgx.Connect(ctx, "postgres://pitgate@"+addr+"/pitgate?sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

func runSteps(t *testing.T, ctx context.Context, c *pgx.Conn, steps []struct{ sql, want string }) {
	t.Helper()
	for _, s := range steps {
		tag, err := c.Exec(ctx, s.sql)
		got := tag.String()
		if err != nil {
			got = codeOf(err)
		}
		if got != s.want {
			t.Errorf("%s: %s (%v), want %s", s.sql, got, err, s.want)
		}
	}
}

// rowsText is each row's values as text, tab-separated.
func rowsText(t *testing.T, c *pgx.Conn, sql string) []string {
	t.Helper()
	rows, err := c.Query(context.Background(), sql, pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var cells []string
		for _, raw := range rows.RawValues() {
			if raw == nil {
				cells = append(cells, "NULL")
			} else {
				cells = append(cells, string(raw))
			}
		}
		out = append(out, strings.Join(cells, "\t"))
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return out
}

func randomSuffix(t *testing.T) string {
	b := make([]byte, 4)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}
