package planner

import (
	"strings"
	"testing"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
)

// TestParseFastInsert: the scanner's tree is the parser's, node for node
// (locations included), for every statement it takes; it leaves the
// others to the parser.
func TestParseFastInsert(t *testing.T) {
	taken := []string{
		"INSERT INTO orders_df (order_id, driver_id, event_timestamp) VALUES (1, 1001, '2024-01-01T00:00:00+00:00'::timestamptz), (2, -7, NULL)",
		"insert into T values (1.5, -0.25, .5, 5., 1e3, -1E-3, 2147483647, 2147483648, -2147483648, -2147483649, 99999999999999999999999)",
		"INSERT INTO pg_temp.e (\"Mixed Case\", b) VALUES ('it''s', 'back\\slash'), (TRUE, false);",
		"INSERT INTO e VALUES ('a'::text, 'b'::date, 1::int, 2::integer, 3::bigint, 4::smallint, 't'::boolean, 't'::bool, 1::numeric, 1::real, 1::float8, '2024-01-01'::timestamp, 'x'::bytea, 'u'::uuid, 1::int2, 1::int4, 1::int8, 1::float4)",
		"INSERT INTO e VALUES\n\t( 1 ,'x' ) ,\n( 2, '' )  ;  \n",
		"INSERT INTO e VALUES ('')",
		"INSERT INTO e VALUES ('''')",
	}
	for _, sql := range taken {
		mine, ok := parseFastInsert(sql)
		if !ok {
			t.Errorf("not taken: %s", sql)
			continue
		}
		theirs, err := pg.Parse(sql)
		if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		if !proto.Equal(mine, theirs) {
			t.Errorf("%s:\nscanned %v\nparsed  %v", sql, mine, theirs)
		}
	}
	left := []string{
		"INSERT INTO e VALUES (1 + 1)",
		"INSERT INTO e VALUES ($1)",
		"INSERT INTO e VALUES (E'a\\tb')",
		"INSERT INTO e VALUES ('a' 'b')",
		"INSERT INTO e VALUES ('a'\n'b')",
		"INSERT INTO e VALUES (1) -- comment",
		"INSERT INTO e VALUES (1); SELECT 1",
		"INSERT INTO e VALUES (1) RETURNING *",
		"INSERT INTO e VALUES (1) ON CONFLICT DO NOTHING",
		"INSERT INTO e SELECT 1",
		"INSERT INTO e DEFAULT VALUES",
		"INSERT INTO e VALUES (DEFAULT)",
		"INSERT INTO e VALUES ('x'::timestamp with time zone)",
		"INSERT INTO e VALUES ('x'::varchar(3))",
		"INSERT INTO e VALUES ('x'::interval)",
		"INSERT INTO e VALUES (0x1f, 1_000)",
		"INSERT INTO e VALUES (- 1)",
		"INSERT INTO e VALUES (now())",
		"INSERT INTO e VALUES (U&'x')",
		"WITH x AS (SELECT 1) INSERT INTO e VALUES (1)",
		"INSERT INTO values VALUES (1)",
		"INSERT INTO e VALUES ('unterminated)",
		" INSERT INTO e VALUES (1)",
	}
	for _, sql := range left {
		if _, ok := parseFastInsert(sql); ok {
			t.Errorf("taken, should be left to the parser: %s", sql)
		}
	}
}

// BenchmarkParseInsert compares the scanner with the parser on a
// 1,000-row to_sql statement.
func BenchmarkParseInsert(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("INSERT INTO orders_df (order_id, driver_id, customer_id, event_timestamp) VALUES ")
	for i := range 1000 {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString("(" + strings.Repeat("123456, ", 3) + "'2024-01-01T00:00:00+00:00'::timestamptz)")
		_ = i
	}
	sql := sb.String()
	b.Run("scanner", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, ok := parseFastInsert(sql); !ok {
				b.Fatal("not taken")
			}
		}
	})
	b.Run("parser", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := pg.Parse(sql); err != nil {
				b.Fatal(err)
			}
		}
	})
}
