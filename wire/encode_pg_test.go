package wire

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
)

// These tests hold wire's text encoding against a real PostgreSQL: the
// text PostgreSQL prints for a value is what clients expect from us.

const defaultTestPG = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// connectPG connects to PITGATE_TEST_PG, skipping the test when it is
// unreachable, except under CI=true.
func connectPG(t *testing.T) *pgconn.PgConn {
	t.Helper()
	dsn := os.Getenv("PITGATE_TEST_PG")
	if dsn == "" {
		dsn = defaultTestPG
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, err := pgconn.Connect(ctx, dsn)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL at %s: %v", dsn, err)
		}
		t.Skipf("PostgreSQL at %s is unreachable (set PITGATE_TEST_PG): %v", dsn, err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	execSQL(t, conn, "SET extra_float_digits = 1; SET DateStyle = 'ISO, MDY'; SET IntervalStyle = postgres")
	return conn
}

// pgTexts runs sql, which returns one text column, and returns its values.
func pgTexts(t *testing.T, conn *pgconn.PgConn, sql string) []string {
	t.Helper()
	results := execSQL(t, conn, sql)
	rows := results[len(results)-1].Rows
	texts := make([]string, len(rows))
	for i, row := range rows {
		texts[i] = string(row[0])
	}
	return texts
}

// compareEach encodes each value as oid and compares it with PostgreSQL's
// text for the same value.
func compareEach(t *testing.T, oid uint32, values []any, pg []string) {
	t.Helper()
	if len(pg) != len(values) {
		t.Fatalf("PostgreSQL returned %d values for %d", len(pg), len(values))
	}
	types := pgtype.NewMap()
	for i, v := range values {
		out, _, err := appendText(types, nil, oid, v)
		if err != nil {
			t.Errorf("encode %v: %v", v, err)
		} else if string(out) != pg[i] {
			t.Errorf("value %v: wire %q, PostgreSQL %q", v, out, pg[i])
		}
	}
}

// floatsQuery casts each literal to typ in PostgreSQL and returns the
// results in order.
func floatsQuery(typ string, literals []string) string {
	return fmt.Sprintf("SELECT v::%s::text FROM unnest('{%s}'::text[]) WITH ORDINALITY AS u(v, i) ORDER BY i",
		typ, strings.Join(literals, ","))
}

func TestFloat8TextMatchesPostgres(t *testing.T) {
	pg := connectPG(t)
	rng := rand.New(rand.NewPCG(1, 2))
	values := []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 1e15, 1e14, 123456789012345, 1e-4, 1e-5, 1e20, 1e21,
		2.911005177755e+17, 6.64518463028e+18, 1.0761800882e+19, // halfway cases
		5e-324, math.MaxFloat64, math.SmallestNonzeroFloat64, 0.61, 1.0 / 3, math.Pi * 1e100,
		math.NaN(), math.Inf(1), math.Inf(-1)}
	for len(values) < 3000 {
		f := math.Float64frombits(rng.Uint64())
		if !math.IsNaN(f) {
			values = append(values, f)
		}
		values = append(values, math.Round(rng.NormFloat64()*1e6)/1e4) // decimal-looking values
		// Few digits at a large magnitude: where a shortest form can lie
		// halfway between two floats.
		large, _ := strconv.ParseFloat(fmt.Sprintf("%de%d", rng.Int64N(1e13), rng.IntN(12)+5), 64)
		values = append(values, large)
	}
	literals := make([]string, len(values))
	anys := make([]any, len(values))
	for i, f := range values {
		literals[i] = strconv.FormatFloat(f, 'g', -1, 64)
		anys[i] = f
	}
	compareEach(t, pgtype.Float8OID, anys, pgTexts(t, pg, floatsQuery("float8", literals)))
}

func TestFloat4TextMatchesPostgres(t *testing.T) {
	pg := connectPG(t)
	rng := rand.New(rand.NewPCG(3, 4))
	values := []float32{-3.047012e+08, -1.1459646e+08, 0, 1, 0.1, 1e6, 999999, 123456, 1e-4, 1e-5, math.MaxFloat32, math.SmallestNonzeroFloat32}
	for len(values) < 2000 {
		if f := math.Float32frombits(rng.Uint32()); f == f {
			values = append(values, f)
		}
		large, _ := strconv.ParseFloat(fmt.Sprintf("%de%d", rng.Int64N(1e7), rng.IntN(6)+2), 32)
		values = append(values, float32(large))
	}
	literals := make([]string, len(values))
	anys := make([]any, len(values))
	for i, f := range values {
		literals[i] = strconv.FormatFloat(float64(f), 'g', -1, 32)
		anys[i] = f
	}
	compareEach(t, pgtype.Float4OID, anys, pgTexts(t, pg, floatsQuery("float4", literals)))
}

func TestTimestamptzTextMatchesPostgres(t *testing.T) {
	pg := connectPG(t)
	rng := rand.New(rand.NewPCG(5, 6))
	var instants []time.Time
	for range 300 {
		sec := rng.Int64N(time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC).Unix()-time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC).Unix()) +
			time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
		micros := rng.Int64N(1_000_000)
		if rng.IntN(3) == 0 {
			micros = 0
		}
		instants = append(instants, time.Unix(sec, micros*1000).UTC())
	}
	literals := make([]string, len(instants))
	for i, ts := range instants {
		literals[i] = `"` + ts.Format("2006-01-02 15:04:05.999999") + `+00"`
	}
	for _, zone := range []string{"UTC", "Asia/Kolkata", "America/St_Johns", "Europe/Amsterdam", "Pacific/Chatham", "America/Los_Angeles"} {
		t.Run(zone, func(t *testing.T) {
			loc, err := time.LoadLocation(zone)
			if err != nil {
				t.Skipf("no tzdata for %s: %v", zone, err)
			}
			values := make([]any, len(instants))
			for i, ts := range instants {
				values[i] = ts.In(loc)
			}
			sql := fmt.Sprintf("SET TimeZone = '%s'; SELECT v::timestamptz::text FROM unnest('{%s}'::text[]) WITH ORDINALITY AS u(v, i) ORDER BY i",
				zone, strings.Join(literals, ","))
			compareEach(t, pgtype.TimestamptzOID, values, pgTexts(t, pg, sql))
		})
	}
}

// valueCase is a PostgreSQL expression and the Go value a Handler would
// give for it.
type valueCase struct {
	pgExpr string
	oid    uint32
	v      any
}

func valueCases() []valueCase {
	return []valueCase{
		{"'0044-03-15 BC'::date", pgtype.DateOID, time.Date(-43, 3, 15, 0, 0, 0, 0, time.UTC)},
		{"'2024-02-29'::date", pgtype.DateOID, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)},
		{"'0001-12-31 23:00:00.5 BC'::timestamp", pgtype.TimestampOID, time.Date(0, 12, 31, 23, 0, 0, 500000000, time.UTC)},
		{"'10000-01-01 00:00:00'::timestamp", pgtype.TimestampOID, time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"'0044-03-15 12:00:00+00 BC'::timestamptz", pgtype.TimestamptzOID, time.Date(-43, 3, 15, 12, 0, 0, 0, time.UTC)},
		{"'03:04:05.000006'::time", pgtype.TimeOID, time.Date(2024, 1, 1, 3, 4, 5, 6000, time.UTC)},
		{"'26:03:04'::interval", pgtype.IntervalOID, 26*time.Hour + 3*time.Minute + 4*time.Second},
		{"'1 mon 2 days 03:04:05.000006'::interval", pgtype.IntervalOID, "1 mon 2 days 03:04:05.000006"},
		{"'-1 days +02:00:00'::interval", pgtype.IntervalOID, pgtype.Interval{Days: -1, Microseconds: 2 * 3600e6, Valid: true}},
		{"ARRAY[1.5, NULL, 12.50]::numeric[]", pgtype.NumericArrayOID, []any{"1.5", nil, "12.50"}},
		{"'-1 year -2 mons +3 days -00:00:00.5'::interval", pgtype.IntervalOID,
			pgtype.Interval{Months: -14, Days: 3, Microseconds: -500000, Valid: true}},
		{"'0'::interval", pgtype.IntervalOID, pgtype.Interval{Valid: true}},
		{"'1 year 1 mon 1 day 100:00:01.000001'::interval", pgtype.IntervalOID,
			pgtype.Interval{Months: 13, Days: 1, Microseconds: 100*3600e6 + 1e6 + 1, Valid: true}},
		{"'-3 days'::interval", pgtype.IntervalOID, pgtype.Interval{Days: -3, Valid: true}},
		{"ARRAY['1 day'::interval, NULL]", pgtype.IntervalArrayOID, []any{pgtype.Interval{Days: 1, Valid: true}, nil}},
		{"true", pgtype.BoolOID, true},
		{"'\\xdead'::bytea", pgtype.ByteaOID, []byte{0xde, 0xad}},
		{"'{\"k\": [1, 2]}'::jsonb", pgtype.JSONBOID, `{"k": [1, 2]}`},
		{"12.50::numeric(10,2)", pgtype.NumericOID, pgtype.Numeric{Int: bigInt(1250), Exp: -2, Valid: true}},
		{"1e20::numeric", pgtype.NumericOID, 1e20},
		{"'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid", pgtype.UUIDOID,
			[16]byte{0xa0, 0xee, 0xbc, 0x99, 0x9c, 0x0b, 0x4e, 0xf8, 0xbb, 0x6d, 0x6b, 0xb9, 0xbd, 0x38, 0x0a, 0x11}},
		{"ARRAY[1, NULL, 3]::int8[]", pgtype.Int8ArrayOID, []any{int64(1), nil, int64(3)}},
		{"ARRAY[[1, 2], [3, NULL]]::int4[]", pgtype.Int4ArrayOID, []any{[]any{1, 2}, []any{3, nil}}},
		{"ARRAY[1e20, 'NaN', '-Infinity', 0.5]::float8[]", pgtype.Float8ArrayOID, []float64{1e20, math.NaN(), math.Inf(-1), 0.5}},
		{`ARRAY['a b', NULL, 'NULL', '', 'x"y', 'back\slash', '{}', 'a,b', 'plain', E'new\nline']::text[]`, pgtype.TextArrayOID,
			[]any{"a b", nil, "NULL", "", `x"y`, `back\slash`, "{}", "a,b", "plain", "new\nline"}},
		{"ARRAY['\\x6162'::bytea]", pgtype.ByteaArrayOID, [][]byte{[]byte("ab")}},
		{"ARRAY['2024-01-02 03:04:05+00'::timestamptz]", pgtype.TimestamptzArrayOID, []time.Time{time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)}},
		{"ARRAY['2024-01-02'::date]", pgtype.DateArrayOID, []time.Time{time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)}},
		{"ARRAY[box '((1,1),(0,0))', box '((2,2),(1,1))']", pgtype.BoxArrayOID, []string{"(1,1),(0,0)", "(2,2),(1,1)"}},
	}
}

func TestValuesTextMatchPostgres(t *testing.T) {
	pg := connectPG(t)
	execSQL(t, pg, "SET TimeZone = 'UTC'")
	for _, tc := range valueCases() {
		t.Run(tc.pgExpr, func(t *testing.T) {
			compareEach(t, tc.oid, []any{tc.v}, pgTexts(t, pg, "SELECT "+tc.pgExpr))
		})
	}
}

func bigInt(n int64) *big.Int { return big.NewInt(n) }
