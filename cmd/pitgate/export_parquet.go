package main

import (
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/pitgate/pitgate/warehouse"
)

// Parquet types of the warehouse.Rows contract: int2/int4 INT32, int8
// INT64, float4 FLOAT, float8 DOUBLE, bool BOOLEAN, text/json/uuid STRING,
// bytea BYTE_ARRAY, date DATE, timestamp TIMESTAMP(µs, local),
// timestamptz TIMESTAMP(µs, UTC-adjusted), numeric with a known precision
// DECIMAL (INT32 to 9 digits, INT64 to 18, a 16-byte FIXED_LEN_BYTE_ARRAY
// to 38), everything else (numeric of unknown precision, interval,
// arrays) as STRING in PostgreSQL's text form. Every column is OPTIONAL.

// exportRowGroup bounds the rows buffered before they are written out.
const exportRowGroup = 64 * 1024

type parquetColumn struct {
	node   parquet.Node
	encode func(v any) (parquet.Value, error)
}

// writeParquetFile streams rows into path (through a temporary file
// beside it, renamed when complete) and returns the row count.
func writeParquetFile(path string, rows warehouse.Rows, names []string, progress func(int64)) (int64, error) {
	cols, schema, err := parquetSchema(rows.Columns(), names)
	if err != nil {
		return 0, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name())
	w := parquet.NewWriter(tmp, schema, parquet.MaxRowsPerRowGroup(exportRowGroup),
		parquet.Compression(&parquet.Zstd), parquet.CreatedBy("pitgate", Version, ""))
	n, err := writeParquetRows(w, rows, cols, progress)
	if err == nil {
		err = w.Close()
	}
	if err == nil {
		err = tmp.Close()
	} else {
		tmp.Close()
	}
	if err != nil {
		return n, err
	}
	return n, os.Rename(tmp.Name(), path)
}

func writeParquetRows(w *parquet.Writer, rows warehouse.Rows, cols []parquetColumn, progress func(int64)) (int64, error) {
	var n int64
	batch := make([]parquet.Row, 0, 1024)
	flush := func() error {
		if _, err := w.WriteRows(batch); err != nil {
			return err
		}
		batch = batch[:0]
		progress(n)
		return nil
	}
	for rows.Next() {
		vals := rows.Values()
		row := make(parquet.Row, len(cols))
		for i, c := range cols {
			if vals[i] == nil {
				row[i] = parquet.NullValue().Level(0, 0, i)
				continue
			}
			v, err := c.encode(vals[i])
			if err != nil {
				return n, fmt.Errorf("row %d, column %s: %w", n+1, c.node.(*namedNode).name, err)
			}
			row[i] = v.Level(0, 1, i)
		}
		batch = append(batch, row)
		n++
		if len(batch) == cap(batch) {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	return n, flush()
}

// parquetSchema is the file's schema, the columns in the result's order
// (parquet.Group would sort them by name).
func parquetSchema(wcols []warehouse.Column, names []string) ([]parquetColumn, *parquet.Schema, error) {
	cols := make([]parquetColumn, len(wcols))
	fields := make([]parquet.Field, len(wcols))
	seen := map[string]int{}
	for i, wc := range wcols {
		name := wc.Name
		if i < len(names) {
			name = names[i]
		}
		if seen[name]++; seen[name] > 1 {
			name = fmt.Sprintf("%s_%d", name, seen[name]) // Parquet needs unique names
		}
		node, enc, err := parquetType(wc)
		if err != nil {
			return nil, nil, fmt.Errorf("column %s: %w", name, err)
		}
		nn := &namedNode{Node: parquet.Optional(node), name: name}
		cols[i] = parquetColumn{node: nn, encode: enc}
		fields[i] = nn
	}
	return cols, parquet.NewSchema("pitgate_export", orderedGroup{Group: parquet.Group{}, fields: fields}), nil
}

func parquetType(c warehouse.Column) (parquet.Node, func(any) (parquet.Value, error), error) {
	base := strings.TrimSpace(strings.ToLower(c.Type))
	if i := strings.IndexByte(base, '('); i >= 0 && !strings.HasSuffix(base, "[]") {
		base = base[:i]
	}
	switch base {
	case "bool":
		return parquet.Leaf(parquet.BooleanType), encodeAs(func(v bool) parquet.Value { return parquet.BooleanValue(v) }), nil
	case "int2", "int4":
		return parquet.Int(32), encodeInt32, nil
	case "int8":
		return parquet.Int(64), encodeInt64, nil
	case "float4":
		return parquet.Leaf(parquet.FloatType), encodeAs(func(v float32) parquet.Value { return parquet.FloatValue(v) }), nil
	case "float8":
		return parquet.Leaf(parquet.DoubleType), encodeAs(func(v float64) parquet.Value { return parquet.DoubleValue(v) }), nil
	case "bytea":
		return parquet.Leaf(parquet.ByteArrayType), encodeAs(func(v []byte) parquet.Value { return parquet.ByteArrayValue(v) }), nil
	case "date":
		return parquet.Date(), encodeAs(func(v time.Time) parquet.Value {
			return parquet.Int32Value(int32(v.Unix() / 86400))
		}), nil
	case "timestamp", "timestamptz":
		return parquet.TimestampAdjusted(parquet.Microsecond, base == "timestamptz"), encodeAs(func(v time.Time) parquet.Value {
			return parquet.Int64Value(v.UnixMicro())
		}), nil
	case "numeric":
		if c.Precision > 0 && c.Precision <= 38 {
			return decimalType(c.Precision, c.Scale)
		}
	}
	return parquet.String(), encodeText, nil
}

// encodeAs is an encoder of values of one Go type (the Rows contract's
// for the column's type).
func encodeAs[T any](f func(T) parquet.Value) func(any) (parquet.Value, error) {
	return func(v any) (parquet.Value, error) {
		x, ok := v.(T)
		if !ok {
			return parquet.Value{}, fmt.Errorf("value %v is a %T, want %T", v, v, x)
		}
		return f(x), nil
	}
}

func encodeInt32(v any) (parquet.Value, error) {
	switch x := v.(type) {
	case int16:
		return parquet.Int32Value(int32(x)), nil
	case int32:
		return parquet.Int32Value(x), nil
	}
	return parquet.Value{}, fmt.Errorf("value %v is a %T, want an int16 or int32", v, v)
}

func encodeInt64(v any) (parquet.Value, error) {
	switch x := v.(type) {
	case int16:
		return parquet.Int64Value(int64(x)), nil
	case int32:
		return parquet.Int64Value(int64(x)), nil
	case int64:
		return parquet.Int64Value(x), nil
	}
	return parquet.Value{}, fmt.Errorf("value %v is a %T, want an integer", v, v)
}

func encodeText(v any) (parquet.Value, error) {
	return parquet.ByteArrayValue([]byte(pgText(v))), nil
}

// pgText prints a value as PostgreSQL's text output does, for the types
// Parquet has no direct equivalent of.
func pgText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			if e == nil {
				parts[i] = "NULL"
			} else {
				parts[i] = pgText(e)
			}
		}
		return "{" + strings.Join(parts, ",") + "}"
	case time.Time:
		return x.UTC().Format("2006-01-02 15:04:05.999999Z07:00")
	case warehouse.Interval:
		return fmt.Sprintf("%d mons %d days %d us", x.Months, x.Days, x.Micros)
	case []byte:
		return fmt.Sprintf("\\x%x", x)
	}
	return fmt.Sprint(v)
}

// decimalType is DECIMAL(p,s) in the narrowest physical type; values are
// the Rows contract's exact decimal text.
func decimalType(precision, scale int) (parquet.Node, func(any) (parquet.Value, error), error) {
	var node parquet.Node
	var pack func(*big.Int) parquet.Value
	switch {
	case precision <= 9:
		node = parquet.Decimal(scale, precision, parquet.Int32Type)
		pack = func(u *big.Int) parquet.Value { return parquet.Int32Value(int32(u.Int64())) }
	case precision <= 18:
		node = parquet.Decimal(scale, precision, parquet.Int64Type)
		pack = func(u *big.Int) parquet.Value { return parquet.Int64Value(u.Int64()) }
	default:
		node = parquet.Decimal(scale, precision, parquet.FixedLenByteArrayType(16))
		pack = func(u *big.Int) parquet.Value { return parquet.FixedLenByteArrayValue(twosComplement16(u)) }
	}
	return node, func(v any) (parquet.Value, error) {
		s, ok := v.(string)
		if !ok {
			return parquet.Value{}, fmt.Errorf("numeric value %v is a %T, want its decimal text", v, v)
		}
		u, err := unscaled(s, scale)
		if err != nil {
			return parquet.Value{}, err
		}
		return pack(u), nil
	}, nil
}

// unscaled is the decimal text s times 10^scale, exactly.
func unscaled(s string, scale int) (*big.Int, error) {
	intPart, frac, _ := strings.Cut(s, ".")
	if len(frac) > scale {
		if strings.Trim(frac[scale:], "0") != "" {
			return nil, fmt.Errorf("numeric %s has more than %d fraction digits", s, scale)
		}
		frac = frac[:scale]
	}
	frac += strings.Repeat("0", scale-len(frac))
	u, ok := new(big.Int).SetString(intPart+frac, 10)
	if !ok {
		return nil, fmt.Errorf("numeric %q is not a finite decimal (Parquet's DECIMAL has no NaN or infinity)", s)
	}
	return u, nil
}

// twosComplement16 is u as a 16-byte big-endian two's complement.
func twosComplement16(u *big.Int) []byte {
	b := make([]byte, 16)
	if u.Sign() >= 0 {
		u.FillBytes(b)
		return b
	}
	m := new(big.Int).Add(new(big.Int).Lsh(big.NewInt(1), 128), u)
	m.FillBytes(b)
	return b
}

// orderedGroup is a group whose fields keep the order given.
type orderedGroup struct {
	parquet.Group
	fields []parquet.Field
}

func (g orderedGroup) Fields() []parquet.Field { return g.fields }

// namedNode is a field of an orderedGroup.
type namedNode struct {
	parquet.Node
	name string
}

func (n *namedNode) Name() string { return n.name }

// Value is the field's value in a map or struct row (parquet.Writer.Write;
// pitgate writes parquet.Rows and never calls it).
func (n *namedNode) Value(base reflect.Value) reflect.Value {
	for base.Kind() == reflect.Interface || base.Kind() == reflect.Pointer {
		if base.IsNil() {
			return reflect.Value{}
		}
		base = base.Elem()
	}
	switch base.Kind() {
	case reflect.Map:
		return base.MapIndex(reflect.ValueOf(n.name))
	case reflect.Struct:
		return base.FieldByName(n.name)
	}
	return reflect.Value{}
}
