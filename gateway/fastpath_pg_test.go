package gateway_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/registry"
)

// constCase is a constant SELECT of the subset the gateway answers itself
// (planner/constant.go), with its parameters in text format.
type constCase struct {
	sql    string
	params []*string
	oids   []uint32
}

func str(s string) *string { return &s }

// constCases covers every shape of the subset: literals, casts from each
// source type, integer arithmetic and its errors, parameters.
var constCases = []constCase{
	{sql: "SELECT 1"}, {sql: "SELECT 1 AS one"}, {sql: "SELECT -1"}, {sql: "SELECT 0"},
	{sql: "SELECT 2147483647"}, {sql: "SELECT -2147483648"}, {sql: "SELECT 2147483648"},
	{sql: "SELECT 9223372036854775807"}, {sql: "SELECT -9223372036854775808"},
	{sql: "SELECT 9223372036854775808"}, {sql: "SELECT true"}, {sql: "SELECT false AS f"},
	{sql: "SELECT 'a'"}, {sql: "SELECT ''"}, {sql: "SELECT 'a'::text"}, {sql: "SELECT 'héllo'::varchar"},
	{sql: "SELECT NULL"}, {sql: "SELECT NULL::int8"}, {sql: "SELECT NULL::bool"}, {sql: "SELECT NULL::numeric"},
	{sql: "SELECT 2.5"}, {sql: "SELECT -2.50"}, {sql: "SELECT 0.0"}, {sql: "SELECT -0.0"},
	{sql: "SELECT 123456789012345678901234567890.123"},
	{sql: "SELECT 2.5::float8"}, {sql: "SELECT 0.1::float8"}, {sql: "SELECT 1::float8"},
	{sql: "SELECT (-0.0)::float8"}, {sql: "SELECT '3.25'::float8"}, {sql: "SELECT 9007199254740993::float8"},
	{sql: "SELECT 1::int2"}, {sql: "SELECT 1::int8"}, {sql: "SELECT 1::numeric"}, {sql: "SELECT 1::text"},
	{sql: "SELECT true::text"}, {sql: "SELECT 2.5::text"}, {sql: "SELECT 'x'::varchar::text"},
	{sql: "SELECT ' 42 '::int4"}, {sql: "SELECT '+7'::int8"}, {sql: "SELECT '-32768'::int2"},
	{sql: "SELECT 't'::bool"}, {sql: "SELECT 'YES'::boolean"}, {sql: "SELECT ' off '::bool"},
	{sql: "SELECT '0'::bool"}, {sql: "SELECT 'of'::bool"}, {sql: "SELECT 'tr'::bool"}, {sql: "SELECT '1.50'::numeric"},
	{sql: "SELECT CAST(5 AS bigint)"}, {sql: "SELECT 1::integer, 2::smallint, 3::int"},
	{sql: "SELECT 1 + 1"}, {sql: "SELECT 7 / 2"}, {sql: "SELECT -7 / 2"}, {sql: "SELECT -7 % 3"},
	{sql: "SELECT 6 * 7"}, {sql: "SELECT 1::int2 + 1::int2"}, {sql: "SELECT 1::int2 + 1"},
	{sql: "SELECT 1 + 1::int8"}, {sql: "SELECT 5::int2 % 2::int2"}, {sql: "SELECT 5::int8 - 7::int2"},
	{sql: "SELECT - 5"}, {sql: "SELECT -(2)"}, {sql: "SELECT +3"}, {sql: "SELECT -(3::int2)"},
	{sql: "SELECT 1 + NULL::int4"}, {sql: "SELECT (-2147483648)::int4 % -1"},
	{sql: "SELECT 1, 2, 3"}, {sql: "SELECT 1 AS a, 'b' AS b"},
	// Errors PostgreSQL raises when it folds the constants.
	{sql: "SELECT 2147483647 + 1"}, {sql: "SELECT 32767::int2 + 1::int2"},
	{sql: "SELECT 9223372036854775807 + 1"}, {sql: "SELECT -9223372036854775808 - 1"},
	{sql: "SELECT 1/0"}, {sql: "SELECT 1 % 0"}, {sql: "SELECT (-2147483648)::int4 / -1"},
	{sql: "SELECT 3000000000::int4"}, {sql: "SELECT 100000::int2"}, {sql: "SELECT -9223372036854775808 * -1"},
	{sql: "SELECT 2147483647 * 2"}, {sql: "SELECT -(-2147483648)::int4"}, {sql: "SELECT 1, 1/0"},
	// Parameters.
	{sql: "SELECT $1::int4", params: []*string{str("42")}},
	{sql: "SELECT $1::int4", params: []*string{str("42")}, oids: []uint32{23}},
	{sql: "SELECT $1::int8, $2::text", params: []*string{str("-5"), str("x")}},
	{sql: "SELECT $1::bool", params: []*string{str("t")}, oids: []uint32{16}},
	{sql: "SELECT $1::int4 + 1", params: []*string{str("2147483647")}},
	{sql: "SELECT $1::int4", params: []*string{nil}},
	{sql: "SELECT $1::numeric", params: []*string{str("1.50")}, oids: []uint32{1700}},
	{sql: "SELECT $1::float8", params: []*string{str("2.5")}},
	{sql: "SELECT $1", params: []*string{str("5")}, oids: []uint32{23}},
	{sql: "SELECT $1::int4", params: []*string{str("3000000000")}, oids: []uint32{20}},
	{sql: "SELECT $1::text", params: []*string{str("abc")}, oids: []uint32{25}},
	{sql: "SELECT 'a'::text, 2.5, true, NULL::int8, $1::int4", params: []*string{str("7")}},
}

// notConstant are SELECTs without FROM outside the subset: they go to the
// warehouse.
var notConstant = []string{
	"SELECT 1e3", "SELECT .5", "SELECT 'x'::int4", "SELECT '99999'::int2", "SELECT 1::float4",
	"SELECT 1 WHERE true", "SELECT 1 LIMIT 1", "SELECT DISTINCT 1", "SELECT 1.5 + 1", "SELECT 'a' || 'b'",
	"SELECT 'a'::varchar(3)", "SELECT 2.5::numeric(3,1)", "SELECT 1::bool", "SELECT now()", "SELECT 1 + '2'",
	"SELECT 2.5::int4", "SELECT 'NaN'::float8", "SELECT 1 = 1",
}

// TestConstantSelectsMatchPostgres runs every shape of the subset on
// PostgreSQL 15 and on pitgate, in the extended protocol with text and
// binary results and in the simple protocol, and requires the same
// RowDescription, values, command tag or error.
func TestConstantSelectsMatchPostgres(t *testing.T) {
	pg := connectPG(t, testenv.Postgres(t))
	gw := connectPG(t, "postgres://pitgate@"+serveDemo(t)+"/pitgate?sslmode=disable")
	for _, c := range constCases {
		for _, format := range []int16{0, 1} {
			want, got := constAnswer(pg, c, format), constAnswer(gw, c, format)
			if got != want {
				t.Errorf("%q (format %d):\npitgate:    %s\npostgresql: %s", c.sql, format, got, want)
			}
		}
		if c.params == nil {
			want, got := simpleAnswer(pg, c.sql), simpleAnswer(gw, c.sql)
			if got != want {
				t.Errorf("%q (simple):\npitgate:    %s\npostgresql: %s", c.sql, got, want)
			}
		}
	}
}

// TestConstantSubset checks that the cases above take the fast path and
// the others do not.
func TestConstantSubset(t *testing.T) {
	p := planner.New(&registry.Repo{}, nil)
	types := map[uint32]plan.Type{16: "bool", 20: "int8", 23: "int4", 25: "text", 1700: "numeric"}
	for _, c := range constCases {
		q := planOne(t, p, c.sql)
		params := q.Params
		for i, oid := range c.oids {
			params[i] = types[oid]
		}
		if _, ok := planner.ConstantSelect(q, params); !ok {
			t.Errorf("%q is not answered as a constant", c.sql)
		}
	}
	for _, sql := range notConstant {
		if _, ok := planner.ConstantSelect(planOne(t, p, sql), nil); ok {
			t.Errorf("%q is answered as a constant; it must go to the warehouse", sql)
		}
	}
}

func planOne(t *testing.T, p *planner.Planner, sql string) *planner.Query {
	t.Helper()
	stmts, err := p.Plan(context.Background(), sql)
	if err != nil || len(stmts) != 1 || stmts[0].Err != nil || stmts[0].Query == nil {
		t.Fatalf("%q: %v %v", sql, err, stmts)
	}
	return stmts[0].Query
}

// constAnswer describes an extended-protocol run: each field of the
// RowDescription, each value, the tag, or the SQLSTATE and message.
func constAnswer(c *pgconn.PgConn, cc constCase, format int16) string {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	values := make([][]byte, len(cc.params))
	for i, p := range cc.params {
		if p != nil {
			values[i] = []byte(*p)
		}
	}
	oids := cc.oids
	if oids == nil && len(values) > 0 {
		oids = make([]uint32, len(values))
	}
	r := c.ExecParams(ctx, cc.sql, values, oids, nil, []int16{format}).Read()
	return describeResult(r)
}

func simpleAnswer(c *pgconn.PgConn, sql string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	results, err := c.Exec(ctx, sql).ReadAll()
	if err != nil {
		return describeError(err)
	}
	var parts []string
	for _, r := range results {
		parts = append(parts, describeResult(r))
	}
	return strings.Join(parts, "; ")
}

func describeResult(r *pgconn.Result) string {
	if r.Err != nil {
		return describeError(r.Err)
	}
	var b strings.Builder
	for _, f := range r.FieldDescriptions {
		fmt.Fprintf(&b, "[%s oid=%d size=%d mod=%d fmt=%d table=%d attr=%d] ",
			f.Name, f.DataTypeOID, f.DataTypeSize, f.TypeModifier, f.Format, f.TableOID, f.TableAttributeNumber)
	}
	for _, row := range r.Rows {
		for _, v := range row {
			if v == nil {
				b.WriteString("NULL ")
			} else {
				fmt.Fprintf(&b, "%q ", v)
			}
		}
	}
	b.WriteString(r.CommandTag.String())
	return b.String()
}

func describeError(err error) string {
	if pgErr, ok := err.(*pgconn.PgError); ok {
		return pgErr.Code + " " + pgErr.Message
	}
	return err.Error()
}
