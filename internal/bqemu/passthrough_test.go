package bqemu

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/registry"
)

// passThrough are ordinary SELECTs using the translations added for the
// sqlglot corpus (dialects/division.go, funcs_bigquery.go): each is run on
// PostgreSQL as written and on the emulator as pitgate prints it, and the
// rows must be equal. Two-argument log(b, x), printed LOG(x, b) as
// BigQuery documents it, is left out: the emulator computes LOG(x, y) as
// x * 2^x (googlesqlite v0.3.1, functions/math/log.go), a gap of the
// emulator (dialects/funcs_warehouses_test.go pins the spelling).
var passThrough = []string{
	"SELECT 7 / 2, -7 / 2, 7 / -2, CAST(7 AS float8) / 2, 1.5::float8 / 3",
	"SELECT power(2, 10), sqrt(16.0::float8), ln(1), log(100), exp(0), sign(-3), trunc((-2.7)::float8), div(7, -2)",
	"SELECT md5('abc'), strpos('hello', 'l'), replace('abcb', 'b', 'x'), reverse('abc'), repeat('ab', 3)",
	"SELECT extract(year FROM timestamptz '2024-03-10 04:05:06+00'), extract(month FROM timestamptz '2024-03-10 04:05:06+00'), " +
		"extract(quarter FROM timestamptz '2024-03-10 04:05:06+00'), extract(hour FROM timestamptz '2024-03-10 04:05:06+00'), " +
		"date_part('dow', timestamptz '2024-03-10 04:05:06+00'), extract(doy FROM timestamptz '2024-03-10 04:05:06+00'), " +
		"extract(week FROM timestamptz '2021-01-03 00:00:00+00'), extract(isoyear FROM timestamptz '2021-01-03 00:00:00+00')",
	"SELECT var_samp(x), var_pop(x), stddev_samp(x), stddev_pop(x), bit_and(i), bit_or(i), bit_xor(i), string_agg(s, ',' ORDER BY s) " +
		"FROM (VALUES (1, 1.0::float8, 'b'), (3, 2.0::float8, 'a'), (6, 4.5::float8, 'c')) AS v(i, x, s)",
}

// TestPassThroughOnBigQuery: PostgreSQL's rows equal the emulator's rows
// for pitgate's BigQuery SQL of each query.
func TestPassThroughOnBigQuery(t *testing.T) {
	ctx := context.Background()
	pg, err := pgx.Connect(ctx, testenv.Postgres(t))
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close(ctx)
	emu := startEmulator(t)
	p := planner.New(&registry.Repo{}, nil)
	for _, q := range passThrough {
		stmts, err := p.Plan(ctx, q)
		if err != nil || stmts[0].Err != nil {
			t.Fatalf("%s: %v %v", q, err, stmts[0].Err)
		}
		sql, err := dialects.Print(dialects.BigQuery{}, stmts[0].Query.Root)
		if err != nil {
			t.Errorf("%s: %v", q, err)
			continue
		}
		got, err := emu.query(ctx, sql)
		if err != nil {
			t.Errorf("%s\n%s\n%v", q, sql, err)
			continue
		}
		want := pgRow(ctx, t, pg, q)
		var gotCells []string
		for _, v := range got.Rows[0] {
			gotCells = append(gotCells, cellText(v))
		}
		if strings.Join(gotCells, "|") != strings.Join(want, "|") {
			t.Errorf("%s\nbigquery: %s\nemulator:   %v\npostgresql: %v", q, sql, gotCells, want)
		}
	}
}

func pgRow(ctx context.Context, t *testing.T, pg *pgx.Conn, q string) []string {
	rows, err := pg.Query(ctx, q, pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if !rows.Next() {
		t.Fatalf("%s: no row on PostgreSQL (%v)", q, rows.Err())
	}
	// The simple protocol returns text: PostgreSQL's own spelling of each value.
	raw := rows.RawValues()
	out := make([]string, len(raw))
	for i, v := range raw {
		if v == nil {
			out[i] = "NULL"
			continue
		}
		out[i] = cellText(string(v))
	}
	return out
}

// cellText prints a value so that numbers compare by value (PostgreSQL's
// numeric and float8 against BigQuery's INT64 and FLOAT64), to 12 digits.
func cellText(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	}
	s := fmt.Sprint(v)
	if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(f, 0) {
		return strconv.FormatFloat(f, 'g', 12, 64)
	}
	return s
}
