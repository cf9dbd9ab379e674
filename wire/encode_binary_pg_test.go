package wire

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
)

// These tests hold wire's binary encoding against a real PostgreSQL: for
// each value, the bytes PostgreSQL sends in binary format for the same
// value are what wire must send.

// pgBinary runs SELECT expr on PostgreSQL and returns its binary result.
func pgBinary(t *testing.T, pg *pgconn.PgConn, expr string) []byte {
	t.Helper()
	res := pg.ExecParams(testCtx(t), "SELECT "+expr, nil, nil, nil, []int16{binaryFormat}).Read()
	if res.Err != nil {
		t.Fatalf("PostgreSQL: SELECT %s: %v", expr, res.Err)
	}
	return res.Rows[0][0]
}

func compareBinary(t *testing.T, pg *pgconn.PgConn, expr string, oid uint32, v any) {
	t.Helper()
	want := pgBinary(t, pg, expr)
	got, null, err := appendBinary(pgtype.NewMap(), nil, oid, v)
	switch {
	case err != nil:
		t.Errorf("encode %v: %v", v, err)
	case null != (want == nil):
		t.Errorf("value %v: wire NULL %v, PostgreSQL NULL %v", v, null, want == nil)
	case !bytes.Equal(got, want):
		t.Errorf("value %v:\n wire       %x\n PostgreSQL %x", v, got, want)
	}
}

func TestValuesBinaryMatchPostgres(t *testing.T) {
	pg := connectPG(t)
	execSQL(t, pg, "SET TimeZone = 'UTC'")
	for _, tc := range valueCases() {
		t.Run(tc.pgExpr, func(t *testing.T) { compareBinary(t, pg, tc.pgExpr, tc.oid, tc.v) })
	}
}

// TestTypeCasesBinaryMatchPostgres encodes every value of the test
// handler's type cases and compares it with PostgreSQL's binary form of the
// text PostgreSQL would print for it.
func TestTypeCasesBinaryMatchPostgres(t *testing.T) {
	pg := connectPG(t)
	types := pgtype.NewMap()
	for _, tc := range typeCases {
		typ, ok := types.TypeForOID(tc.col.TypeOID)
		if !ok {
			t.Fatalf("%s: pgtype does not know OID %d", tc.name, tc.col.TypeOID)
		}
		expr := fmt.Sprintf("NULL::%s", typ.Name)
		if tc.want != "NULL" {
			expr = fmt.Sprintf("'%s'::%s", escapeLiteral(tc.want), typ.Name)
		}
		t.Run(tc.name, func(t *testing.T) { compareBinary(t, pg, expr, tc.col.TypeOID, tc.v) })
	}
}

func escapeLiteral(s string) string {
	return string(bytes.ReplaceAll([]byte(s), []byte("'"), []byte("''")))
}
