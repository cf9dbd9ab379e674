package gateway_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/warehouse"
)

type benchWarehouse struct {
	name, addr string
}

func benchWarehouses(b *testing.B) []benchWarehouse {
	cfg := testenv.SmallDemo()
	whs := map[string]warehouse.Warehouse{"duckdb": testenv.Warehouse(b, cfg)}
	names := []string{"duckdb"}
	if testenv.PostgresDSN() != "" {
		whs["postgres"] = testenv.PostgresWarehouse(b, testenv.Postgres(b), cfg)
		names = append(names, "postgres")
	}
	var out []benchWarehouse
	for _, name := range names {
		_, addr := serveGateway(b, gateway.Config{Repo: testenv.Repo(b), Warehouse: whs[name], Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		out = append(out, benchWarehouse{name: name, addr: addr})
	}
	return out
}

func (e benchWarehouse) connect(b *testing.B) *pgx.Conn {
	c, err := pgx.Connect(context.Background(), "postgres://pitgate@"+e.addr+"/pitgate?sslmode=disable")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close(context.Background()) })
	return c
}

// BenchmarkEntityRows times DESIGN §1's kind of training query with its
// left side a CTE over a VALUES list of n entity rows (driver_id,
// timestamptz, text), inline and uploaded, end to end through the
// gateway (parse, plan, print, upload, warehouse, rows to the client),
// on each warehouse with sessions. docs/benchmarks.md has the numbers
// the threshold pitgate.upload_min_cells was picked from:
//
//	go test ./gateway/ -run '^$' -bench EntityRows -benchtime 3x
func BenchmarkEntityRows(b *testing.B) {
	for _, e := range benchWarehouses(b) {
		for _, n := range []int{1000, 10000, 50000} {
			q := entityQueries(n)[0]
			for _, mode := range []struct {
				name string
				min  int
			}{{"inline", 0}, {"upload", 1}} {
				b.Run(fmt.Sprintf("%s/rows=%d/%s", e.name, n, mode.name), func(b *testing.B) {
					c := e.connect(b)
					if _, err := c.Exec(context.Background(), fmt.Sprintf("SET pitgate.upload_min_cells = %d", mode.min)); err != nil {
						b.Fatal(err)
					}
					b.ResetTimer()
					for range b.N {
						rows, err := c.Query(context.Background(), q, pgx.QueryExecModeSimpleProtocol)
						if err != nil {
							b.Fatal(err)
						}
						got := 0
						for rows.Next() {
							got++
						}
						if err := rows.Err(); err != nil {
							b.Fatal(err)
						}
						if got != n {
							b.Fatalf("%d rows, want %d", got, n)
						}
					}
				})
			}
		}
	}
}
