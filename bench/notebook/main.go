// Command notebook measures issue 8's notebook flow against PostgreSQL: the
// entity rows of a DataFrame uploaded by multi-row INSERT (what
// pandas.to_sql with method="multi" sends: literal VALUES lists, 1,000
// rows a statement, simple protocol) and by COPY FROM STDIN (binary, what
// pgx's CopyFrom and psycopg's copy send), then the training rows read back
// (DESIGN §1's ASOF query over the uploaded table, every value decoded).
// Each is done through pitgate (a gateway in this process over a PostgreSQL
// warehouse) and directly on that PostgreSQL (a TEMP table, and the SQL
// pitgate prints for the query, taken from its EXPLAIN), in alternating
// rounds. The client is pgx doing the protocol work pandas' drivers do;
// no Python runs.
//
//	go run ./bench/notebook --rows 100000 [--rounds 3] [--pg postgres://root@127.0.0.1:5432/test]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/pitgate/pitgate"
	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/internal/datagen"
	"github.com/pitgate/pitgate/registry"
	"github.com/pitgate/pitgate/warehouse/postgres"
	"github.com/pitgate/pitgate/wire"
)

const designQuery = `SELECT o.order_id, o.driver_id, o.customer_id, o.event_timestamp,
       d.conv_rate, d.acc_rate, d.avg_daily_trips, c.current_balance, c.avg_spend, c.lifetime_orders
FROM orders_df o
ASOF LEFT JOIN driver_hourly_stats d ON d.driver_id = o.driver_id AND d.event_timestamp <= o.event_timestamp
ASOF LEFT JOIN customer_profile c ON c.customer_id = o.customer_id AND c.event_timestamp <= o.event_timestamp`

func main() {
	rows := flag.Int("rows", 100_000, "entity rows (orders) in the DataFrame")
	rounds := flag.Int("rounds", 3, "alternating rounds per target")
	batch := flag.Int("batch", 1000, "rows per multi-row INSERT (pandas' chunksize)")
	pg := flag.String("pg", "postgres://root@127.0.0.1:5432/test?sslmode=disable", "the PostgreSQL warehouse and direct target")
	flag.Parse()
	if err := run(*rows, *rounds, *batch, *pg); err != nil {
		fmt.Fprintln(os.Stderr, "notebook:", err)
		os.Exit(1)
	}
}

// target is one side of the comparison.
type target struct {
	name  string
	url   string
	query string // the read-back query for this target
	times map[string][]time.Duration
}

func run(n, rounds, batch int, pgURL string) error {
	ctx := context.Background()
	cfg := datagen.DefaultConfig()
	cfg.Orders = n
	whURL, err := dataSchema(ctx, cfg, pgURL)
	if err != nil {
		return err
	}
	entities, err := loadEntities(ctx, whURL)
	if err != nil {
		return err
	}
	addr, stop, err := startGateway(ctx, whURL)
	if err != nil {
		return err
	}
	defer stop()
	targets := []*target{
		{name: "pitgate", url: "postgres://pitgate@" + addr + "/pitgate?sslmode=disable", query: designQuery},
		{name: "postgres", url: whURL},
	}
	if targets[1].query, err = printedSQL(ctx, targets[0].url, entities[:1]); err != nil {
		return err
	}
	fmt.Printf("%d entity rows, INSERT batches of %d, %d alternating rounds; warehouse PostgreSQL (%s)\n", n, batch, rounds, redact(pgURL))
	printLoad()
	for r := 0; r < rounds; r++ {
		for _, tg := range targets {
			if err := measure(ctx, tg, entities, batch); err != nil {
				return fmt.Errorf("%s: %w", tg.name, err)
			}
		}
	}
	printLoad()
	report(targets, n)
	return nil
}

// measure times one round on one target, on a fresh connection (its TEMP
// tables go with it).
func measure(ctx context.Context, tg *target, entities [][]any, batch int) error {
	c, err := pgx.Connect(ctx, tg.url)
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	if tg.times == nil {
		tg.times = map[string][]time.Duration{}
	}
	const ddl = "CREATE TEMP TABLE %s (order_id int8, driver_id int8, customer_id int8, event_timestamp timestamptz)"
	start := time.Now()
	if _, err := c.Exec(ctx, fmt.Sprintf(ddl, "orders_copy")); err != nil {
		return err
	}
	copied, err := c.CopyFrom(ctx, pgx.Identifier{"orders_copy"}, []string{"order_id", "driver_id", "customer_id", "event_timestamp"},
		pgx.CopyFromRows(entities))
	if err != nil || copied != int64(len(entities)) {
		return fmt.Errorf("COPY: %d rows, %v", copied, err)
	}
	tg.times["upload COPY"] = append(tg.times["upload COPY"], time.Since(start))
	start = time.Now()
	if _, err := c.Exec(ctx, fmt.Sprintf(ddl, "orders_df")); err != nil {
		return err
	}
	for i := 0; i < len(entities); i += batch {
		if _, err := c.Exec(ctx, insertSQL(entities[i:min(i+batch, len(entities))]), pgx.QueryExecModeSimpleProtocol); err != nil {
			return err
		}
	}
	tg.times["upload INSERT"] = append(tg.times["upload INSERT"], time.Since(start))
	start = time.Now()
	got, err := readAll(ctx, c, tg.query)
	if err != nil {
		return err
	}
	if got != len(entities) {
		return fmt.Errorf("read back %d rows, want %d", got, len(entities))
	}
	tg.times["read back"] = append(tg.times["read back"], time.Since(start))
	return nil
}

// insertSQL is a multi-row INSERT with literal values, as psycopg2
// interpolates pandas' method="multi" statements.
func insertSQL(rows [][]any) string {
	var b strings.Builder
	b.WriteString("INSERT INTO orders_df (order_id, driver_id, customer_id, event_timestamp) VALUES ")
	for i, r := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for j, v := range r {
			if j > 0 {
				b.WriteString(", ")
			}
			switch x := v.(type) {
			case nil:
				b.WriteString("NULL")
			case time.Time:
				b.WriteString("'" + x.UTC().Format("2006-01-02 15:04:05.999999-07:00") + "'::timestamptz")
			default:
				fmt.Fprint(&b, x)
			}
		}
		b.WriteByte(')')
	}
	return b.String()
}

// readAll runs the query in the simple protocol (as read_sql through
// psycopg2 does) and decodes every value.
func readAll(ctx context.Context, c *pgx.Conn, sql string) (int, error) {
	rows, err := c.Query(ctx, sql, pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		if _, err := rows.Values(); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

// printedSQL is the postgres SQL pitgate prints for the query, from its
// EXPLAIN on a session holding orders_df: the direct side runs exactly it.
func printedSQL(ctx context.Context, url string, sample [][]any) (string, error) {
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		return "", err
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, "CREATE TEMP TABLE orders_df (order_id int8, driver_id int8, customer_id int8, event_timestamp timestamptz)"); err != nil {
		return "", err
	}
	rows, err := c.Query(ctx, "EXPLAIN "+designQuery, pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var sql []string
	in := false
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return "", err
		}
		switch {
		case strings.HasPrefix(line, "SQL ("):
			in = true
		case in && strings.HasPrefix(line, "  "):
			sql = append(sql, line[2:])
		default:
			in = false
		}
	}
	if err := rows.Err(); err != nil || len(sql) == 0 {
		return "", fmt.Errorf("no SQL in EXPLAIN (%v)", err)
	}
	return strings.Join(sql, "\n"), nil
}

// dataSchema loads the demo data of cfg into a schema named after it
// (kept for the next run) and returns the DSN reading it.
func dataSchema(ctx context.Context, cfg datagen.Config, dsn string) (string, error) {
	schema := fmt.Sprintf("pitgate_bench_nb_s%d_o%d_d%d_c%d_h%d", cfg.Seed, cfg.Orders, cfg.Drivers, cfg.Customers, cfg.HoursOfHistory)
	u, err := url.Parse(dsn)
	if err != nil {
		return "", err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	admin, err := postgres.Open(ctx, dsn)
	if err != nil {
		return "", err
	}
	defer admin.Close()
	if _, err := admin.Table(ctx, []string{schema, "orders"}); err == nil {
		return u.String(), nil
	}
	if err := admin.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+schema); err != nil { // letters, digits and _ only
		return "", err
	}
	wh, err := postgres.Open(ctx, u.String())
	if err != nil {
		return "", err
	}
	defer wh.Close()
	fmt.Fprintf(os.Stderr, "loading the demo data (%d orders) into schema %s\n", cfg.Orders, schema)
	if _, err := datagen.Write(ctx, wh, cfg, nil); err != nil {
		admin.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE")
		return "", err
	}
	return u.String(), admin.Exec(ctx, "ANALYZE "+schema+".driver_stats; ANALYZE "+schema+".customer_stats")
}

// loadEntities is the DataFrame: the demo's orders.
func loadEntities(ctx context.Context, dsn string) ([][]any, error) {
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer c.Close(ctx)
	rows, err := c.Query(ctx, "SELECT order_id, driver_id, customer_id, event_timestamp FROM orders ORDER BY order_id")
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) ([]any, error) { return r.Values() })
}

// startGateway serves the demo repository over the PostgreSQL warehouse
// on a loopback port of this process.
func startGateway(ctx context.Context, dsn string) (string, func(), error) {
	wh, err := postgres.Open(ctx, dsn)
	if err != nil {
		return "", nil, err
	}
	files, err := pitgate.DemoRepo()
	if err != nil {
		return "", nil, err
	}
	repo, err := registry.Parse(files)
	if err != nil {
		return "", nil, err
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	gw, err := gateway.New(gateway.Config{Repo: repo, Warehouse: wh, Logger: log})
	if err != nil {
		return "", nil, err
	}
	srv, err := wire.NewServer(wire.Config{Handler: gw, Logger: log})
	if err != nil {
		return "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	go srv.Serve(ln)
	return ln.Addr().String(), func() {
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
		gw.Close()
		wh.Close()
	}, nil
}

func report(targets []*target, n int) {
	fmt.Printf("%-14s %12s %12s %8s   (median of rounds; rows/s through pitgate)\n", "step", "pitgate", "postgres", "ratio")
	for _, step := range []string{"upload INSERT", "upload COPY", "read back"} {
		p, d := median(targets[0].times[step]), median(targets[1].times[step])
		fmt.Printf("%-14s %11.2fs %11.2fs %7.2fx   %.0f rows/s\n", step, p.Seconds(), d.Seconds(), p.Seconds()/d.Seconds(), float64(n)/p.Seconds())
	}
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func printLoad() {
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Printf("%s load average: %s\n", time.Now().UTC().Format(time.RFC3339), strings.Join(strings.Fields(string(b))[:3], " "))
	}
}

func redact(dsn string) string {
	if u, err := url.Parse(dsn); err == nil {
		u.User = url.User(u.User.Username())
		return u.Redacted()
	}
	return "?"
}
