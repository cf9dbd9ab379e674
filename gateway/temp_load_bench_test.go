package gateway_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/warehouse"
)

// BenchmarkTempInsertMulti is pandas' to_sql(method="multi") into a
// session temporary table: statements of 1,000 literal rows, simple
// protocol. b.N counts rows; profile it for where the gateway's time goes
// (go test ./gateway -run '^$' -bench TempInsertMulti -cpuprofile cpu.out).
func BenchmarkTempInsertMulti(b *testing.B) {
	cfg := testenv.SmallDemo()
	cfg.Orders = 20
	whs := map[string]warehouse.Warehouse{"duckdb": testenv.Warehouse(b, cfg)}
	if testenv.PostgresDSN() != "" {
		whs["postgres"] = testenv.PostgresWarehouse(b, testenv.Postgres(b), cfg)
	}
	for _, name := range []string{"duckdb", "postgres"} {
		wh, ok := whs[name]
		if !ok {
			continue
		}
		b.Run(name, func(b *testing.B) {
			_, addr := serveGateway(b, gateway.Config{Repo: testenv.Repo(b), Warehouse: wh,
				Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			c, err := pgx.Connect(context.Background(), "postgres://pitgate@"+addr+"/pitgate?sslmode=disable")
			if err != nil {
				b.Fatal(err)
			}
			defer c.Close(context.Background())
			if _, err := c.Exec(context.Background(), "CREATE TEMP TABLE orders_df (order_id int8, driver_id int8, customer_id int8, event_timestamp timestamptz)"); err != nil {
				b.Fatal(err)
			}
			stmt := multiInsert(1000)
			b.ReportAllocs()
			b.ResetTimer()
			for done := 0; done < b.N; done += 1000 {
				if _, err := c.Exec(context.Background(), stmt, pgx.QueryExecModeSimpleProtocol); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func multiInsert(n int) string {
	var sb strings.Builder
	sb.WriteString("INSERT INTO orders_df (order_id, driver_id, customer_id, event_timestamp) VALUES ")
	at := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		if i > 0 {
			sb.WriteString(", ")
		}
		fmt.Fprintf(&sb, "(%d, %d, %d, '%s'::timestamptz)", i, 1000+i%100, 2000+i%1000,
			at.Add(time.Duration(i)*time.Second).Format("2006-01-02 15:04:05.999999-07:00"))
	}
	return sb.String()
}
