package gateway

import (
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/warehouse/duckdb"
)

// ISO 8601 text timestamps, as node-postgres and JavaScript's
// Date.toISOString write them, become the instants PostgreSQL reads from
// them; text that only looks like them is still refused.
func TestISOTimestampParameters(t *testing.T) {
	db, err := duckdb.Open("")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	types := pgtype.NewMap()
	cases := []struct {
		typ       plan.Type
		raw, want string
	}{
		{"timestamptz", "2024-01-02T03:04:05.678+00:00", "2024-01-02 03:04:05.678 +0000 UTC"},
		{"timestamptz", "2024-01-02T03:04:05.678Z", "2024-01-02 03:04:05.678 +0000 UTC"},
		{"timestamptz", "2024-01-02t05:04:05+02", "2024-01-02 03:04:05 +0000 UTC"},
		{"timestamptz", "2024-01-02 03:04:05.000001+00", "2024-01-02 03:04:05.000001 +0000 UTC"},
		{"timestamp", "2024-01-02T03:04:05.25", "2024-01-02 03:04:05.25 +0000 UTC"},
	}
	for _, c := range cases {
		oid, _ := typeOID(string(c.typ))
		lit, err := paramLiteral(types, paramType{oid: oid, typ: c.typ}, []byte(c.raw), pgtype.TextFormatCode)
		if err != nil {
			t.Errorf("%s %q: %v", c.typ, c.raw, err)
			continue
		}
		if got := duckValue(t, db, lit); got != c.want {
			t.Errorf("%s %q: DuckDB returned %s, want %s", c.typ, c.raw, got, c.want)
		}
	}
	for _, bad := range []string{"2024-01-02T", "2024-01-02Tx3:04:05Z", "Today 03:04"} {
		if _, err := paramLiteral(types, paramType{oid: pgtype.TimestamptzOID, typ: "timestamptz"}, []byte(bad), pgtype.TextFormatCode); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
}

// A timestamptz without an offset is read in the session's TimeZone, as
// PostgreSQL reads it; one with an offset, and other types, are kept.
func TestZonedTimestamps(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatalf("the zone database (tzdata) is needed: %v", err)
	}
	types := pgtype.NewMap()
	params := []paramType{{pgtype.TimestamptzOID, "timestamptz"}, {pgtype.TimestamptzOID, "timestamptz"},
		{pgtype.TimestampOID, "timestamp"}, {pgtype.TimestamptzOID, "timestamptz"}, {pgtype.TimestamptzOID, "timestamptz"}}
	raw := [][]byte{[]byte("2024-07-01 12:00:00.5"), []byte("2024-01-01 12:00:00+02"), []byte("2024-01-01 12:00:00"), nil, []byte("2024-01-01T08:00:00")}
	got := zonedTimestamps(types, params, raw, make([]int16, len(raw)), ny)
	want := []string{"2024-07-01 12:00:00.5-04:00", "2024-01-01 12:00:00+02", "2024-01-01 12:00:00", "", "2024-01-01 08:00:00-05:00"}
	for i := range want {
		if string(got[i]) != want[i] {
			t.Errorf("param %d: %q, want %q", i+1, got[i], want[i])
		}
	}
	if string(raw[0]) != "2024-07-01 12:00:00.5" {
		t.Errorf("raw was modified: %q", raw[0])
	}
}
