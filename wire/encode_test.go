package wire

import (
	"database/sql/driver"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
)

type nullableValuer struct{ v int64 }

func (n nullableValuer) Value() (driver.Value, error) { return n.v, nil }

type failingValuer struct{}

func (failingValuer) Value() (driver.Value, error) { return nil, errors.New("no value") }

type selfValuer struct{}

func (s selfValuer) Value() (driver.Value, error) { return s, nil }

type plainStruct struct{ A int }

type celsius float64

func (c celsius) String() string { return "no" }

type viewName string

func TestAppendText(t *testing.T) {
	seconds := time.FixedZone("LMT", 5*3600+53*60+28)
	newfoundland := time.FixedZone("NST", -(3*3600 + 30*60))
	five := int64(5)
	tests := []struct {
		name    string
		oid     uint32
		v       any
		want    string // "NULL" for NULL
		wantErr string
	}{
		{"float8 15 digits fixed", pgtype.Float8OID, 123456789012345.0, "123456789012345", ""},
		{"float8 16 digits exponent", pgtype.Float8OID, 1234567890123456.0, "1.234567890123456e+15", ""},
		{"float8 small fixed", pgtype.Float8OID, 0.0001, "0.0001", ""},
		{"float8 small exponent", pgtype.Float8OID, 0.00001, "1e-05", ""},
		{"float8 negative zero", pgtype.Float8OID, math.Copysign(0, -1), "-0", ""},
		{"float8 smallest", pgtype.Float8OID, 5e-324, "5e-324", ""},
		{"float8 largest", pgtype.Float8OID, math.MaxFloat64, "1.7976931348623157e+308", ""},
		{"float8 infinity", pgtype.Float8OID, math.Inf(1), "Infinity", ""},
		{"float8 from float32", pgtype.Float8OID, float32(0.1), "0.10000000149011612", ""},
		{"float4 6 digits exponent", pgtype.Float4OID, float32(1e6), "1e+06", ""},
		{"float4 fixed", pgtype.Float4OID, float32(123456), "123456", ""},
		{"float4 from float64", pgtype.Float4OID, 0.1, "0.1", ""},
		{"float as numeric", pgtype.NumericOID, 1e20, "100000000000000000000", ""},
		{"float NaN as numeric", pgtype.NumericOID, math.NaN(), "NaN", ""},
		{"float as text", pgtype.TextOID, 2.5e-7, "2.5e-07", ""},
		{"whole float as int8", pgtype.Int8OID, 3.0, "3", ""},
		{"fractional float as int8", pgtype.Int8OID, 3.5, "", "not a whole number"},
		{"whole float overflowing int4", pgtype.Int4OID, 1e10, "", "greater than maximum"},
		{"int as text", pgtype.TextOID, 12, "12", ""},
		{"bool as text", pgtype.TextOID, true, "true", ""},
		{"string is already text", pgtype.Int4OID, "12", "12", ""},
		{"int8 overflowing int4", pgtype.Int4OID, int64(1 << 40), "", "greater than maximum"},
		{"uint64 overflowing int8", pgtype.Int8OID, uint64(math.MaxUint64), "", "greater than maximum"},
		{"struct as int4", pgtype.Int4OID, plainStruct{1}, "", "cannot encode"},
		{"struct as unknown type", 0, plainStruct{1}, "{1}", ""},
		{"date BC", pgtype.DateOID, time.Date(-43, 3, 15, 0, 0, 0, 0, time.UTC), "0044-03-15 BC", ""},
		{"timestamp year 10000", pgtype.TimestampOID, time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), "10000-01-01 00:00:00", ""},
		{"timestamp rounds to microseconds", pgtype.TimestampOID, time.Date(2024, 1, 1, 0, 0, 0, 1500, time.UTC), "2024-01-01 00:00:00.000002", ""},
		{"timestamptz offset with seconds", pgtype.TimestamptzOID, time.Date(1850, 1, 1, 12, 0, 0, 0, seconds), "1850-01-01 12:00:00+05:53:28", ""},
		{"timestamptz negative offset", pgtype.TimestamptzOID, time.Date(2024, 7, 1, 9, 30, 0, 250000000, newfoundland), "2024-07-01 09:30:00.25-03:30", ""},
		{"timestamptz BC", pgtype.TimestamptzOID, time.Date(0, 12, 31, 23, 0, 0, 0, time.UTC), "0001-12-31 23:00:00+00 BC", ""},
		{"time.Time as text", pgtype.TextOID, time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), "2024-01-02 03:04:05+00", ""},
		{"time.Time as time", pgtype.TimeOID, time.Date(2024, 1, 2, 3, 4, 5, 6000, time.UTC), "03:04:05.000006", ""},
		{"time.Time as timetz", pgtype.TimetzOID, time.Date(2024, 1, 2, 3, 4, 5, 0, newfoundland), "03:04:05-03:30", ""},
		{"named float type", pgtype.Float8OID, celsius(1e20), "1e+20", ""},
		{"named string type", pgtype.TextOID, viewName("driver_stats"), "driver_stats", ""},
		{"nil", pgtype.Int8OID, nil, "NULL", ""},
		{"nil pointer", pgtype.Int8OID, (*int64)(nil), "NULL", ""},
		{"pointer", pgtype.Int8OID, &five, "5", ""},
		{"nil pointer to a value-receiver Valuer", pgtype.Int8OID, (*nullableValuer)(nil), "NULL", ""},
		{"Valuer", pgtype.Int8OID, nullableValuer{7}, "7", ""},
		{"pgtype Timestamptz infinity", pgtype.TimestamptzOID, pgtype.Timestamptz{InfinityModifier: pgtype.Infinity, Valid: true}, "infinity", ""},
		{"pgtype Float8 through Value", pgtype.Float8OID, pgtype.Float8{Float64: 1e20, Valid: true}, "1e+20", ""},
		{"failing Valuer", pgtype.Int8OID, failingValuer{}, "", "no value"},
		{"Valuer returning itself", pgtype.Int8OID, selfValuer{}, "", "nests deeper"},
		{"empty string is not NULL", pgtype.TextOID, "", "", ""},
		{"empty array", pgtype.Int8ArrayOID, []any{}, "{}", ""},
		{"nil array", pgtype.Int8ArrayOID, []any(nil), "NULL", ""},
		{"typed slice", pgtype.Int8ArrayOID, []int64{1, 2}, "{1,2}", ""},
		{"two dimensions", pgtype.Int8ArrayOID, []any{[]any{1, 2}, []any{3, nil}}, "{{1,2},{3,NULL}}", ""},
		{"float8 array", pgtype.Float8ArrayOID, []float64{1e20, math.NaN(), math.Inf(-1)}, "{1e+20,NaN,-Infinity}", ""},
		{"text array quoting", pgtype.TextArrayOID, []string{"a,b", `back\slash`, "{}", "null", "tab\there", "plain"},
			`{"a,b","back\\slash","{}","null","tab` + "\t" + `here",plain}`, ""},
		{"bytea array", pgtype.ByteaArrayOID, [][]byte{[]byte("ab")}, `{"\\x6162"}`, ""},
		{"timestamptz array", pgtype.TimestamptzArrayOID, []time.Time{time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)}, `{"2024-01-02 03:04:05+00"}`, ""},
		{"box array uses semicolons", pgtype.BoxArrayOID, []string{"(1,1),(0,0)", "(2,2),(1,1)"}, "{(1,1),(0,0);(2,2),(1,1)}", ""},
		{"uuid bytes are not a list", pgtype.UUIDOID, [16]byte{0xff}, "ff000000-0000-0000-0000-000000000000", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, null, err := appendText(pgtype.NewMap(), []byte("prefix:"), tc.oid, tc.v)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, ok := strings.CutPrefix(string(out), "prefix:")
			if !ok {
				t.Fatalf("appendText lost what was in buf: %q", out)
			}
			if null {
				if got != "" {
					t.Errorf("NULL with bytes %q appended", got)
				}
				got = "NULL"
			}
			if got != tc.want {
				t.Errorf("text = %q, want %q", got, tc.want)
			}
		})
	}
}
