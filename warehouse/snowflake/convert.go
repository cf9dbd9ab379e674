package snowflake

import (
	"math/big"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
)

// converter reads row i of one column of an Arrow record, as gosnowflake
// hands it over with WithHigherPrecision and microsecond timestamps (see
// query.go), as the Go value the warehouse.Rows contract promises for the
// column's type. It is called only for non-NULL values.
type converter func(arr arrow.Array, i int) (any, error)

// converterFor picks the converter of a column.
func converterFor(col warehouse.Column) converter {
	switch col.Type {
	case "int8":
		return toInt64
	case "numeric":
		scale := int32(col.Scale)
		return func(arr arrow.Array, i int) (any, error) { return toNumeric(arr, i, scale) }
	case "float8":
		return toFloat64
	case "text", "json":
		return toString
	case "bytea":
		return toBytes
	case "bool":
		return toBool
	case "date":
		return toDate
	case "time":
		return toTime
	case "timestamp", "timestamptz":
		return toTimestamp
	}
	return func(arr arrow.Array, _ int) (any, error) { return nil, unexpected(arr, col.Type) }
}

func unexpected(arr arrow.Array, want string) error {
	return sqlerr.New(sqlerr.Internal, "Snowflake sent an Arrow %s column where pitgate expected %s", arr.DataType(), want)
}

// integer reads Snowflake's NUMBER as an unscaled integer: the smallest
// integer array that holds the batch's values, or a Decimal128.
func integer(arr arrow.Array, i int) (*big.Int, bool) {
	switch a := arr.(type) {
	case *array.Int8:
		return big.NewInt(int64(a.Value(i))), true
	case *array.Int16:
		return big.NewInt(int64(a.Value(i))), true
	case *array.Int32:
		return big.NewInt(int64(a.Value(i))), true
	case *array.Int64:
		return big.NewInt(a.Value(i)), true
	case *array.Decimal128:
		return a.Value(i).BigInt(), true
	}
	return nil, false
}

func toInt64(arr arrow.Array, i int) (any, error) {
	n, ok := integer(arr, i)
	if !ok {
		return nil, unexpected(arr, "an integer")
	}
	if !n.IsInt64() {
		return nil, sqlerr.New("22003", "Snowflake value %s is out of range for int8", n)
	}
	return n.Int64(), nil
}

// toNumeric prints the unscaled integer with scale digits after the point:
// the exact decimal text the contract wants for numeric.
func toNumeric(arr arrow.Array, i int, scale int32) (any, error) {
	n, ok := integer(arr, i)
	if !ok {
		return nil, unexpected(arr, "a NUMBER")
	}
	return decimalText(n, scale), nil
}

func decimalText(n *big.Int, scale int32) string {
	digits := new(big.Int).Abs(n).String()
	sign := ""
	if n.Sign() < 0 {
		sign = "-"
	}
	if scale <= 0 {
		return sign + digits
	}
	if pad := int(scale) + 1 - len(digits); pad > 0 {
		digits = strings.Repeat("0", pad) + digits
	}
	cut := len(digits) - int(scale)
	return sign + digits[:cut] + "." + digits[cut:]
}

func toFloat64(arr arrow.Array, i int) (any, error) {
	switch a := arr.(type) {
	case *array.Float64:
		return a.Value(i), nil
	case *array.Float32:
		return float64(a.Value(i)), nil
	}
	return nil, unexpected(arr, "FLOAT")
}

func toString(arr arrow.Array, i int) (any, error) {
	switch a := arr.(type) {
	case *array.String:
		return a.Value(i), nil
	case *array.LargeString:
		return a.Value(i), nil
	}
	return nil, unexpected(arr, "VARCHAR")
}

func toBytes(arr arrow.Array, i int) (any, error) {
	a, ok := arr.(*array.Binary)
	if !ok {
		return nil, unexpected(arr, "BINARY")
	}
	v := a.Value(i)
	out := make([]byte, len(v)) // the record's buffer is released after the batch
	copy(out, v)
	return out, nil
}

func toBool(arr arrow.Array, i int) (any, error) {
	a, ok := arr.(*array.Boolean)
	if !ok {
		return nil, unexpected(arr, "BOOLEAN")
	}
	return a.Value(i), nil
}

func toDate(arr arrow.Array, i int) (any, error) {
	a, ok := arr.(*array.Date32)
	if !ok {
		return nil, unexpected(arr, "DATE")
	}
	return a.Value(i).ToTime().UTC(), nil
}

// toTime is a time of day on 1970-01-01 UTC, rounded to the microsecond
// as PostgreSQL's time keeps it (Snowflake's TIME has nanoseconds).
func toTime(arr arrow.Array, i int) (any, error) {
	a, ok := arr.(*array.Time64)
	if !ok {
		return nil, unexpected(arr, "TIME")
	}
	ns := int64(a.Value(i))
	if unit := a.DataType().(*arrow.Time64Type).Unit; unit == arrow.Microsecond {
		ns *= 1000
	}
	return time.Unix(0, ns).UTC().Round(time.Microsecond), nil
}

// toTimestamp is the instant of a microsecond Arrow timestamp, in UTC: for
// TIMESTAMP_NTZ its wall clock read as UTC, which is how the contract
// carries a timestamp without zone.
func toTimestamp(arr arrow.Array, i int) (any, error) {
	a, ok := arr.(*array.Timestamp)
	if !ok {
		return nil, unexpected(arr, "TIMESTAMP")
	}
	unit := a.DataType().(*arrow.TimestampType).Unit
	if unit != arrow.Microsecond {
		return nil, sqlerr.New(sqlerr.Internal, "Snowflake timestamps arrived in %s, not microseconds", unit)
	}
	return time.UnixMicro(int64(a.Value(i))).UTC(), nil
}

// rowValues fills row with record row i.
func rowValues(rec arrow.Record, i int, convs []converter, row []any) error {
	for c := range convs {
		col := rec.Column(c)
		if col.IsNull(i) {
			row[c] = nil
			continue
		}
		v, err := convs[c](col, i)
		if err != nil {
			return err
		}
		row[c] = v
	}
	return nil
}
