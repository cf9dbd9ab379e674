package duckdb

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/pitgate/pitgate/warehouse"
)

// normalizer turns one non-NULL driver value of a known DuckDB type into the
// Go type warehouse.Rows promises for its PostgreSQL type.
type normalizer func(v any) (any, error)

// normalizerFor builds the normalizer of a column once; rows then apply it
// without looking at the type again.
func normalizerFor(t *duckType) normalizer {
	switch {
	case t.rendered():
		return func(v any) (any, error) { return render(v, t), nil }
	case t.isList():
		return listNormalizer(normalizerFor(t.elem))
	case t.name == "DECIMAL":
		return normDecimal
	}
	if n, ok := scalarNormalizers[t.name]; ok {
		return n
	}
	return func(v any) (any, error) { return render(v, t), nil }
}

var scalarNormalizers = map[string]normalizer{
	"BOOLEAN": same[bool], "SMALLINT": same[int16], "INTEGER": same[int32],
	"BIGINT": same[int64], "FLOAT": same[float32], "DOUBLE": same[float64],
	"TINYINT":   widen[int8, int16],
	"UTINYINT":  widen[uint8, int16],
	"USMALLINT": widen[uint16, int32],
	"UINTEGER":  widen[uint32, int64],
	"UBIGINT":   normUint64,
	"HUGEINT":   normBigInt, "UHUGEINT": normBigInt, "BIGNUM": normBigInt,
	"VARCHAR": normText, "ENUM": normText, "BIT": normText,
	"JSON": normJSON,
	"BLOB": same[[]byte], "GEOMETRY": same[[]byte],
	"DATE": normTime, "TIME": same[time.Time], "TIMETZ": same[time.Time],
	"TIMESTAMP": normTime, "TIMESTAMP_S": normTime, "TIMESTAMP_MS": normTime,
	"TIMESTAMP_NS": normTime, "TIMESTAMPTZ": normTime,
	"INTERVAL": normInterval,
	"UUID":     normUUID,
}

func unexpected(v any, want string) error {
	return fmt.Errorf("duckdb: driver returned %T for a %s column", v, want)
}

func same[T any](v any) (any, error) {
	if x, ok := v.(T); ok {
		return x, nil
	}
	var zero T
	return nil, unexpected(v, fmt.Sprintf("%T", zero))
}

func widen[From, To int8 | uint8 | int16 | uint16 | int32 | uint32 | int64](v any) (any, error) {
	if x, ok := v.(From); ok {
		return To(x), nil
	}
	var zero From
	return nil, unexpected(v, fmt.Sprintf("%T", zero))
}

func normUint64(v any) (any, error) {
	if x, ok := v.(uint64); ok {
		return strconv.FormatUint(x, 10), nil
	}
	return nil, unexpected(v, "UBIGINT")
}

func normBigInt(v any) (any, error) {
	if x, ok := v.(*big.Int); ok {
		return x.String(), nil
	}
	return nil, unexpected(v, "HUGEINT")
}

// normText accepts strings, and re-encodes the decoded JSON the driver hands
// out for JSON elements of a list (whose element type it reports as VARCHAR).
func normText(v any) (any, error) {
	if s, ok := v.(string); ok {
		return s, nil
	}
	return normJSON(v)
}

// normJSON re-encodes the value the driver decoded from DuckDB's JSON text;
// the driver does not expose the original text, so object keys come back
// sorted and numbers as float64 would print them.
func normJSON(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("duckdb: re-encoding a JSON value: %w", err)
	}
	return string(b), nil
}

func normTime(v any) (any, error) {
	if t, ok := v.(time.Time); ok {
		return t.UTC(), nil
	}
	return nil, unexpected(v, "timestamp")
}

func normInterval(v any) (any, error) {
	if i, ok := v.(duckdb.Interval); ok {
		return warehouse.Interval{Months: i.Months, Days: i.Days, Micros: i.Micros}, nil
	}
	return nil, unexpected(v, "INTERVAL")
}

func normUUID(v any) (any, error) {
	b, ok := v.([]byte)
	if !ok || len(b) != 16 {
		return nil, unexpected(v, "UUID")
	}
	return formatUUID(b), nil
}

func formatUUID(b []byte) string {
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:], b[10:16])
	return string(s[:])
}

func normDecimal(v any) (any, error) {
	d, ok := v.(duckdb.Decimal)
	if !ok || d.Value == nil {
		return nil, unexpected(v, "DECIMAL")
	}
	return decimalText(d.Value, int(d.Scale)), nil
}

// decimalText prints unscaled/10^scale keeping every digit of the scale,
// as PostgreSQL prints numeric(p,s): 1.50, not 1.5.
func decimalText(unscaled *big.Int, scale int) string {
	digits := new(big.Int).Abs(unscaled).String()
	if scale > 0 {
		if len(digits) <= scale {
			digits = strings.Repeat("0", scale-len(digits)+1) + digits
		}
		digits = digits[:len(digits)-scale] + "." + digits[len(digits)-scale:]
	}
	if unscaled.Sign() < 0 {
		return "-" + digits
	}
	return digits
}

func listNormalizer(elem normalizer) normalizer {
	return func(v any) (any, error) {
		list, ok := v.([]any)
		if !ok {
			return nil, unexpected(v, "LIST")
		}
		out := make([]any, len(list))
		for i, e := range list {
			if e == nil {
				continue
			}
			n, err := elem(e)
			if err != nil {
				return nil, err
			}
			out[i] = n
		}
		return out, nil
	}
}
