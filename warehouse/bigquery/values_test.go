package bigquery

import (
	"math"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"

	"cloud.google.com/go/bigquery"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
)

// TestEncoders pins the JSON a load job receives per type, as BigQuery's
// JSON loader documents it: BYTES base64, TIMESTAMP with its offset,
// DATETIME without, INTERVAL canonical, NUMERIC as a string, NaN quoted.
// (The emulator stores BYTES' base64 undecoded, so this is where it is
// checked.)
func TestEncoders(t *testing.T) {
	berlin := time.FixedZone("CET", 3600)
	cases := []struct {
		typ  string
		v    any
		want string
	}{
		{"bytea", []byte{0, 1, 0xfe}, `"AAH+"`},
		{"timestamptz", time.Date(2024, 3, 10, 11, 30, 0, 1000, berlin), `"2024-03-10 10:30:00.000001Z"`},
		{"timestamp", time.Date(2024, 3, 10, 2, 30, 0, 0, time.UTC), `"2024-03-10 02:30:00"`},
		{"date", time.Date(1999, 12, 31, 0, 0, 0, 0, time.UTC), `"1999-12-31"`},
		{"time", time.Date(1970, 1, 1, 12, 0, 0, 500_000_000, time.UTC), `"12:00:00.5"`},
		{"interval", warehouse.Interval{Months: 14, Days: 3, Micros: 3_723_000_004}, `"1-2 3 1:2:3.000004"`},
		{"numeric", "-98765432109876543210.0123456789", `"-98765432109876543210.0123456789"`},
		{"numeric", int32(7), `"7"`},
		{"float8", math.NaN(), `"NaN"`},
		{"float8", 1.0 / 3, `0.3333333333333333`},
		{"float4", float32(0.1), `0.10000000149011612`},
		{"int2", int16(-32768), `-32768`},
		{"text", "a\"b\n", `"a\"b\n"`},
		{"json", `{"k":1}`, `"{\"k\":1}"`},
		{"text[]", []any{"x", "y"}, `["x","y"]`},
		{"bool", true, `true`},
	}
	for _, c := range cases {
		_, enc, err := loadField(warehouse.Column{Name: "c", Type: c.typ})
		if err != nil {
			t.Fatalf("%s: %v", c.typ, err)
		}
		got, serr := enc(nil, c.v)
		if serr != nil || string(got) != c.want {
			t.Errorf("%s %#v: %s %v, want %s", c.typ, c.v, got, serr, c.want)
		}
	}
	refused := []struct {
		typ  string
		v    any
		code string
	}{
		{"int2", int64(40000), "22003"},
		{"int8", "1", sqlerr.DatatypeMismatch},
		{"numeric", "1/3", sqlerr.InvalidText},
		{"numeric", "abc", sqlerr.InvalidText},
		{"text[]", []any{"a", nil}, "22004"},
		{"timestamptz", "2024-01-01", sqlerr.DatatypeMismatch},
	}
	for _, c := range refused {
		_, enc, _ := loadField(warehouse.Column{Name: "c", Type: c.typ})
		if _, err := enc(nil, c.v); err == nil || err.Code != c.code {
			t.Errorf("%s %#v: %v, want %s", c.typ, c.v, err, c.code)
		}
	}
}

// TestLoadFields maps contract types to BigQuery columns: numeric to
// NUMERIC(p,s) where it fits, else BIGNUMERIC.
func TestLoadFields(t *testing.T) {
	cases := []struct {
		col  warehouse.Column
		typ  bigquery.FieldType
		p, s int64
		rep  bool
	}{
		{warehouse.Column{Type: "numeric"}, bigquery.BigNumericFieldType, 0, 0, false},
		{warehouse.Column{Type: "numeric", Precision: 10, Scale: 2}, bigquery.NumericFieldType, 10, 2, false},
		{warehouse.Column{Type: "numeric(38,9)"}, bigquery.NumericFieldType, 38, 9, false},
		{warehouse.Column{Type: "numeric(40,20)"}, bigquery.BigNumericFieldType, 40, 20, false},
		{warehouse.Column{Type: "bigint"}, bigquery.IntegerFieldType, 0, 0, false},
		{warehouse.Column{Type: "timestamp with time zone"}, bigquery.TimestampFieldType, 0, 0, false},
		{warehouse.Column{Type: "uuid"}, bigquery.StringFieldType, 0, 0, false},
		{warehouse.Column{Type: "float8[]"}, bigquery.FloatFieldType, 0, 0, true},
	}
	for _, c := range cases {
		c.col.Name = "c"
		f, _, err := loadField(c.col)
		if err != nil || f.Type != c.typ || f.Precision != c.p || f.Scale != c.s || f.Repeated != c.rep {
			t.Errorf("%+v: %+v %v", c.col, f, err)
		}
	}
	for _, bad := range []string{"numeric(80,2)", "numeric(x)", "point"} {
		if _, _, err := loadField(warehouse.Column{Name: "c", Type: bad}); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

// TestValues converts what the SDK returns to the contract's values.
func TestValues(t *testing.T) {
	num := func(s string) *big.Rat { r, _ := new(big.Rat).SetString(s); return r }
	cases := []struct {
		got  func() (any, error)
		want any
	}{
		{func() (any, error) { return numericValue(num("1.50"), 0) }, "1.5"},
		{func() (any, error) { return numericValue(num("1.5"), 2) }, "1.50"},
		{func() (any, error) { return numericValue(num("-0.00000000000000000000000000000000000001"), 0) }, "-0.00000000000000000000000000000000000001"},
		{func() (any, error) { return numericValue(num("12345678901234567890123456789"), 0) }, "12345678901234567890123456789"},
		{func() (any, error) {
			return scalarValue(&bigquery.IntervalValue{Years: 1, Months: 2, Days: 3, Hours: 4, Minutes: 5, Seconds: 6, SubSecondNanos: 7000})
		}, warehouse.Interval{Months: 14, Days: 3, Micros: ((4*60+5)*60+6)*1_000_000 + 7}},
		{func() (any, error) { return rangeValue(&bigquery.RangeValue{Start: "2024-01-01"}) }, "[2024-01-01, UNBOUNDED)"},
	}
	for i, c := range cases {
		got, err := c.got()
		if err != nil || got != c.want {
			t.Errorf("case %d: %#v %v, want %#v", i, got, err, c.want)
		}
	}
	if _, err := numericValue(num("1/3"), 0); err == nil {
		t.Error("1/3 as NUMERIC: no error")
	}
}

// TestCredentialsFile accepts the key file kinds and refuses the rest,
// and a key file with a custom endpoint.
func TestCredentialsFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	sa := write("sa.json", `{"type": "service_account", "project_id": "p"}`)
	if typ, err := credentialsType(sa); err != nil || typ != "service_account" {
		t.Errorf("service account: %q %v", typ, err)
	}
	for _, p := range []string{write("x.json", `{"type": "gdch_service_account"}`), write("bad.json", `nope`), filepath.Join(dir, "missing.json")} {
		if _, err := credentialsType(p); sqlerr.Code(err) != sqlerr.InvalidParameter {
			t.Errorf("%s: %v, want 22023", p, err)
		}
	}
	if _, err := (Config{Endpoint: "http://127.0.0.1:1", CredentialsFile: sa}).clientOptions(); sqlerr.Code(err) != sqlerr.InvalidParameter {
		t.Errorf("endpoint with a key file: %v", err)
	}
}
