package bigquery

import (
	"encoding/base64"
	"encoding/json"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"cloud.google.com/go/bigquery"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
	"github.com/pitgate/pitgate/warehouse/loadconv"
)

// encoder appends one non-nil value of the warehouse.Rows contract to a
// newline-delimited JSON row as BigQuery's JSON loader reads its column
// type, checking what the load job would otherwise refuse late or store
// differently (Go types, integer ranges, decimal syntax).
type encoder func(b []byte, v any) ([]byte, *sqlerr.Error)

type loadScalar struct {
	typ bigquery.FieldType
	enc encoder
}

var loadScalars = map[string]loadScalar{
	"bool":        {bigquery.BooleanFieldType, encBool},
	"int2":        {bigquery.IntegerFieldType, encInt("int2", math.MinInt16, math.MaxInt16)},
	"int4":        {bigquery.IntegerFieldType, encInt("int4", math.MinInt32, math.MaxInt32)},
	"int8":        {bigquery.IntegerFieldType, encInt("int8", math.MinInt64, math.MaxInt64)},
	"float4":      {bigquery.FloatFieldType, encFloat},
	"float8":      {bigquery.FloatFieldType, encFloat},
	"text":        {bigquery.StringFieldType, encText},
	"uuid":        {bigquery.StringFieldType, encText},
	"bytea":       {bigquery.BytesFieldType, encBytes},
	"date":        {bigquery.DateFieldType, encTime("date", "2006-01-02")},
	"time":        {bigquery.TimeFieldType, encTime("time", "15:04:05.999999")},
	"timestamp":   {bigquery.DateTimeFieldType, encTime("timestamp", "2006-01-02 15:04:05.999999")},
	"timestamptz": {bigquery.TimestampFieldType, encTime("timestamptz", "2006-01-02 15:04:05.999999Z07:00")},
	"interval":    {bigquery.IntervalFieldType, encInterval},
	"json":        {bigquery.JSONFieldType, encText},
	"jsonb":       {bigquery.JSONFieldType, encText},
}

// typeAliases are other PostgreSQL spellings of the contract's type names.
var typeAliases = map[string]string{
	"boolean": "bool", "smallint": "int2", "integer": "int4", "int": "int4", "bigint": "int8",
	"real": "float4", "double precision": "float8", "varchar": "text",
	"character varying": "text", "decimal": "numeric",
	"timestamp without time zone": "timestamp", "timestamp with time zone": "timestamptz",
	"time without time zone": "time",
}

// loadField maps a contract column to a BigQuery field and its encoder.
// T[] is a REPEATED field of T (whose elements may not be NULL).
func loadField(c warehouse.Column) (*bigquery.FieldSchema, encoder, error) {
	base := strings.ToLower(strings.TrimSpace(c.Type))
	if elem, ok := strings.CutSuffix(base, "[]"); ok {
		f, enc, err := loadField(warehouse.Column{Name: c.Name, Type: elem, Precision: c.Precision, Scale: c.Scale})
		if err != nil {
			return nil, nil, err
		}
		f.Repeated = true
		return f, encList(c.Name, enc), nil
	}
	if a, ok := typeAliases[base]; ok {
		base = a
	}
	if base == "numeric" || strings.HasPrefix(base, "numeric(") {
		return numericField(c)
	}
	t, ok := loadScalars[base]
	if !ok {
		return nil, nil, sqlerr.New(sqlerr.UndefinedObject, "type %q of column %q has no BigQuery equivalent", c.Type, c.Name)
	}
	return &bigquery.FieldSchema{Name: c.Name, Type: t.typ}, t.enc, nil
}

// numericField is NUMERIC(p,s) where p and s fit BigQuery's NUMERIC (at
// most 29 integer and 9 fraction digits), else BIGNUMERIC, whose 38
// fraction and 76 digits are the closest BigQuery has to PostgreSQL's
// unconstrained numeric.
func numericField(c warehouse.Column) (*bigquery.FieldSchema, encoder, error) {
	p, s := c.Precision, c.Scale
	if _, mods, ok := strings.Cut(c.Type, "("); ok {
		ps := strings.TrimSuffix(strings.TrimSpace(mods), ")")
		pStr, sStr, _ := strings.Cut(ps, ",")
		var err1, err2 error
		p, err1 = strconv.Atoi(strings.TrimSpace(pStr))
		s = 0
		if sStr != "" {
			s, err2 = strconv.Atoi(strings.TrimSpace(sStr))
		}
		if err1 != nil || err2 != nil {
			return nil, nil, sqlerr.New(sqlerr.Syntax, "invalid type modifier in %q for column %q", c.Type, c.Name)
		}
	}
	f := &bigquery.FieldSchema{Name: c.Name, Type: bigquery.BigNumericFieldType}
	switch {
	case p == 0:
	case p < 1 || s < 0 || s > p:
		return nil, nil, sqlerr.New(sqlerr.InvalidParameter, "invalid numeric(%d,%d) for column %q", p, s, c.Name)
	case s <= numericScale && p-s <= 29:
		f.Type, f.Precision, f.Scale = bigquery.NumericFieldType, int64(p), int64(s)
	case s <= bigNumericScale && p <= 76:
		f.Precision, f.Scale = int64(p), int64(s)
	default:
		return nil, nil, sqlerr.New(sqlerr.InvalidParameter,
			"numeric(%d,%d) of column %q does not fit BigQuery's BIGNUMERIC (76 digits, 38 after the point)", p, s, c.Name)
	}
	return f, encNumeric, nil
}

func encBool(b []byte, v any) ([]byte, *sqlerr.Error) {
	x, err := loadconv.Bool(v)
	if err != nil {
		return b, err
	}
	return strconv.AppendBool(b, x.(bool)), nil
}

func encInt(typ string, lo, hi int64) encoder {
	return func(b []byte, v any) ([]byte, *sqlerr.Error) {
		n, err := loadconv.Int(v, typ, lo, hi)
		if err != nil {
			return b, err
		}
		return strconv.AppendInt(b, n, 10), nil
	}
}

// encFloat writes the shortest text that reads back as the same float64
// (float32 values as their float64); NaN and infinities as the strings
// BigQuery's loader reads for them.
func encFloat(b []byte, v any) ([]byte, *sqlerr.Error) {
	x, err := loadconv.Float(v)
	if err != nil {
		return b, err
	}
	f, ok := x.(float64)
	if !ok {
		f = float64(x.(float32))
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return strconv.AppendQuote(b, floatText(f)), nil
	}
	return strconv.AppendFloat(b, f, 'g', -1, 64), nil
}

// encNumeric takes the contract's exact decimal text (or a Go number) and
// sends it as a JSON string, so no digit goes through a float.
func encNumeric(b []byte, v any) ([]byte, *sqlerr.Error) {
	text := ""
	switch x := v.(type) {
	case string:
		text = strings.TrimSpace(x)
	case float64:
		text = strconv.FormatFloat(x, 'f', -1, 64)
	default:
		n, ok, inRange := loadconv.AsInt64(v)
		if !ok || !inRange {
			return b, loadconv.Mismatch(v, "numeric")
		}
		text = strconv.FormatInt(n, 10)
	}
	if _, ok := new(big.Rat).SetString(text); !ok || strings.ContainsAny(text, "/xX") {
		return b, sqlerr.New(sqlerr.InvalidText, "invalid input syntax for type numeric: %q", text)
	}
	return appendJSONString(b, text), nil
}

func encText(b []byte, v any) ([]byte, *sqlerr.Error) {
	switch x := v.(type) {
	case string:
		return appendJSONString(b, x), nil
	case []byte:
		return appendJSONString(b, string(x)), nil
	}
	return b, loadconv.Mismatch(v, "text")
}

func encBytes(b []byte, v any) ([]byte, *sqlerr.Error) {
	var raw []byte
	switch x := v.(type) {
	case []byte:
		raw = x
	case string:
		raw = []byte(x)
	default:
		return b, loadconv.Mismatch(v, "bytea")
	}
	b = append(b, '"')
	b = base64.StdEncoding.AppendEncode(b, raw)
	return append(b, '"'), nil
}

// encTime writes a time.Time's UTC reading in layout: a date's UTC day, a
// timestamp's UTC wall clock, a timestamptz's instant, a time's clock
// (matching what Rows returns for each).
func encTime(typ, layout string) encoder {
	return func(b []byte, v any) ([]byte, *sqlerr.Error) {
		t, ok := v.(time.Time)
		if !ok {
			return b, loadconv.Mismatch(v, typ)
		}
		if typ != "time" {
			t = t.UTC()
		}
		b = append(b, '"')
		b = t.AppendFormat(b, layout)
		return append(b, '"'), nil
	}
}

// encInterval writes BigQuery's canonical interval text "Y-M D H:M:S.F".
func encInterval(b []byte, v any) ([]byte, *sqlerr.Error) {
	var iv warehouse.Interval
	switch x := v.(type) {
	case warehouse.Interval:
		iv = x
	case time.Duration:
		iv = warehouse.Interval{Micros: x.Microseconds()}
	default:
		return b, loadconv.Mismatch(v, "interval")
	}
	us := iv.Micros
	bv := &bigquery.IntervalValue{
		Years: iv.Months / 12, Months: iv.Months % 12, Days: iv.Days,
		Hours: int32(us / 3_600_000_000), Minutes: int32(us / 60_000_000 % 60),
		Seconds: int32(us / 1_000_000 % 60), SubSecondNanos: int32(us%1_000_000) * 1000,
	}
	return appendJSONString(b, bv.String()), nil
}

// encList writes a []any as a JSON array; BigQuery arrays cannot hold NULL.
func encList(col string, elem encoder) encoder {
	return func(b []byte, v any) ([]byte, *sqlerr.Error) {
		list, ok := v.([]any)
		if !ok {
			return b, loadconv.Mismatch(v, "array")
		}
		b = append(b, '[')
		for i, e := range list {
			if e == nil {
				return b, sqlerr.New("22004", "array of column %q holds a NULL element, which BigQuery arrays cannot store", col)
			}
			if i > 0 {
				b = append(b, ',')
			}
			var err *sqlerr.Error
			if b, err = elem(b, e); err != nil {
				return b, err
			}
		}
		return append(b, ']'), nil
	}
}

func appendJSONString(b []byte, s string) []byte {
	enc, _ := json.Marshal(s) // a string always marshals
	return append(b, enc...)
}
