package bigquery

import (
	"fmt"
	"math/big"
	"strings"
	"time"

	"cloud.google.com/go/bigquery"
	"cloud.google.com/go/civil"

	"github.com/pitgate/pitgate/warehouse"
)

// converter turns one value as the SDK decoded it into the Go value the
// warehouse.Rows contract promises for its column's type.
type converter func(v bigquery.Value) (any, error)

// elementConverter converts one (non-repeated) value of field f.
func elementConverter(f *bigquery.FieldSchema) converter {
	switch f.Type {
	case bigquery.NumericFieldType, bigquery.BigNumericFieldType:
		scale := int(f.Scale)
		return func(v bigquery.Value) (any, error) { return numericValue(v, scale) }
	case bigquery.RecordFieldType:
		return recordConverter(f.Schema)
	case bigquery.RangeFieldType:
		return rangeValue
	}
	return scalarValue
}

// scalarValue converts what the SDK returns for every other type: the Go
// types that already are the contract's, and civil dates and times.
func scalarValue(v bigquery.Value) (any, error) {
	switch x := v.(type) {
	case nil, bool, int64, float64, string, []byte:
		return v, nil
	case time.Time:
		return x.UTC(), nil
	case civil.Date:
		return time.Date(x.Year, x.Month, x.Day, 0, 0, 0, 0, time.UTC), nil
	case civil.DateTime:
		return x.In(time.UTC), nil
	case civil.Time:
		return time.Date(1970, 1, 1, x.Hour, x.Minute, x.Second, x.Nanosecond, time.UTC), nil
	case *bigquery.IntervalValue:
		return intervalValue(x), nil
	}
	return nil, fmt.Errorf("bigquery: unexpected %T value", v)
}

// intervalValue is BigQuery's INTERVAL in PostgreSQL's three fields:
// years and months as months, days, and the time part in microseconds.
func intervalValue(x *bigquery.IntervalValue) warehouse.Interval {
	secs := (int64(x.Hours)*60+int64(x.Minutes))*60 + int64(x.Seconds)
	return warehouse.Interval{
		Months: x.Years*12 + x.Months,
		Days:   x.Days,
		Micros: secs*1_000_000 + int64(x.SubSecondNanos)/1000,
	}
}

// numericValue is a NUMERIC or BIGNUMERIC as exact decimal text: the SDK
// parses BigQuery's decimal string into a big.Rat, whose denominator is
// then a product of 2s and 5s, so the text has exactly as many fraction
// digits as the value needs, padded to the column's declared scale (as
// PostgreSQL prints numeric(p,s)).
func numericValue(v bigquery.Value, scale int) (any, error) {
	if v == nil {
		return nil, nil
	}
	r, ok := v.(*big.Rat)
	if !ok {
		return nil, fmt.Errorf("bigquery: NUMERIC value is %T", v)
	}
	digits, ok := decimalDigits(r.Denom())
	if !ok {
		return nil, fmt.Errorf("bigquery: NUMERIC value %s is not a decimal", r)
	}
	return r.FloatString(max(digits, scale)), nil
}

// decimalDigits is how many fraction digits 1/d needs: the larger of its
// powers of 2 and 5; ok is false when d has another prime factor.
func decimalDigits(d *big.Int) (int, bool) {
	n := new(big.Int).Set(d)
	twos := int(n.TrailingZeroBits())
	n.Rsh(n, uint(twos))
	five, rem := big.NewInt(5), new(big.Int)
	fives := 0
	for n.Cmp(big.NewInt(1)) > 0 {
		q, m := new(big.Int).QuoRem(n, five, rem)
		if m.Sign() != 0 {
			return 0, false
		}
		n, fives = q, fives+1
	}
	return max(twos, fives), true
}

// arrayConverter converts a REPEATED field's []Value element by element.
// BigQuery arrays hold no NULLs; a NULL array arrives as an empty one.
func arrayConverter(elem converter) converter {
	return func(v bigquery.Value) (any, error) {
		if v == nil {
			return nil, nil
		}
		vals, ok := v.([]bigquery.Value)
		if !ok {
			return nil, fmt.Errorf("bigquery: REPEATED value is %T", v)
		}
		out := make([]any, len(vals))
		for i, e := range vals {
			cv, err := elem(e)
			if err != nil {
				return nil, err
			}
			out[i] = cv
		}
		return out, nil
	}
}

// rangeValue is RANGE<T> as text "[start, end)", an unbounded end
// UNBOUNDED, as BigQuery prints it.
func rangeValue(v bigquery.Value) (any, error) {
	if v == nil {
		return nil, nil
	}
	rv, ok := v.(*bigquery.RangeValue)
	if !ok {
		return nil, fmt.Errorf("bigquery: RANGE value is %T", v)
	}
	end := func(e bigquery.Value) string {
		if e == nil {
			return "UNBOUNDED"
		}
		return fmt.Sprint(e)
	}
	return "[" + end(rv.Start) + ", " + end(rv.End) + ")", nil
}

// recordConverter is a STRUCT as json: an object of its fields in schema
// order, each field converted as its own column would be and written as
// PostgreSQL's to_json writes that type.
func recordConverter(schema bigquery.Schema) converter {
	_, conv := columns(schema)
	return func(v bigquery.Value) (any, error) {
		if v == nil {
			return nil, nil
		}
		vals, ok := v.([]bigquery.Value)
		if !ok || len(vals) != len(schema) {
			return nil, fmt.Errorf("bigquery: STRUCT value is %T", v)
		}
		var b strings.Builder
		b.WriteByte('{')
		for i, f := range schema {
			cv, err := conv[i](vals[i])
			if err != nil {
				return nil, err
			}
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONString(&b, f.Name)
			b.WriteByte(':')
			writeJSON(&b, cv, typeName(f))
		}
		b.WriteByte('}')
		return b.String(), nil
	}
}
