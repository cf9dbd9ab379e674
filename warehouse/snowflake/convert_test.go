package snowflake

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
)

// column is one column of a test record: what the driver reports for it
// and the Arrow array gosnowflake hands over (WithHigherPrecision,
// microsecond timestamps), with the values the contract wants back.
type column struct {
	dbType       string
	prec, scale  int64
	build        func(b array.Builder)
	dataType     arrow.DataType
	want         []any
	wantTypeName string
}

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

var testColumns = []column{
	{"FIXED", 18, 0, func(b array.Builder) { // Snowflake sends the narrowest integer array that fits the batch
		b.(*array.Int8Builder).AppendValues([]int8{1, -128, 0}, []bool{true, true, false})
	}, arrow.PrimitiveTypes.Int8, []any{int64(1), int64(-128), nil}, "int8"},
	{"FIXED", 38, 0, func(b array.Builder) {
		b.(*array.Int64Builder).AppendValues([]int64{9223372036854775807, -5, 0}, nil)
	}, arrow.PrimitiveTypes.Int64, []any{"9223372036854775807", "-5", "0"}, "numeric"},
	{"FIXED", 38, 2, func(b array.Builder) {
		big, _ := decimal128.FromString("123456789012345678901234567890.12", 38, 2)
		b.(*array.Decimal128Builder).AppendValues([]decimal128.Num{decimal128.FromI64(-12345), big, decimal128.FromI64(5)}, nil)
	}, &arrow.Decimal128Type{Precision: 38, Scale: 2}, []any{"-123.45", "123456789012345678901234567890.12", "0.05"}, "numeric"},
	{"FIXED", 9, 4, func(b array.Builder) {
		b.(*array.Int16Builder).AppendValues([]int16{5, -10000, 1234}, nil)
	}, arrow.PrimitiveTypes.Int16, []any{"0.0005", "-1.0000", "0.1234"}, "numeric"},
	{"REAL", 0, 0, func(b array.Builder) {
		b.(*array.Float64Builder).AppendValues([]float64{0.1, -2.5e300, 0}, []bool{true, true, false})
	}, arrow.PrimitiveTypes.Float64, []any{0.1, -2.5e300, nil}, "float8"},
	{"TEXT", 0, 0, func(b array.Builder) {
		b.(*array.StringBuilder).AppendValues([]string{"o'neil", `back\slash`, ""}, nil)
	}, arrow.BinaryTypes.String, []any{"o'neil", `back\slash`, ""}, "text"},
	{"BINARY", 0, 0, func(b array.Builder) {
		b.(*array.BinaryBuilder).AppendValues([][]byte{{0, 1, 0xff}, {}, nil}, []bool{true, true, false})
	}, arrow.BinaryTypes.Binary, []any{[]byte{0, 1, 0xff}, []byte{}, nil}, "bytea"},
	{"BOOLEAN", 0, 0, func(b array.Builder) {
		b.(*array.BooleanBuilder).AppendValues([]bool{true, false, false}, []bool{true, true, false})
	}, arrow.FixedWidthTypes.Boolean, []any{true, false, nil}, "bool"},
	{"DATE", 0, 0, func(b array.Builder) {
		b.(*array.Date32Builder).AppendValues([]arrow.Date32{0, 19723, -1}, nil)
	}, arrow.FixedWidthTypes.Date32, []any{ts("1970-01-01T00:00:00Z"), ts("2024-01-01T00:00:00Z"), ts("1969-12-31T00:00:00Z")}, "date"},
	{"TIME", 0, 9, func(b array.Builder) {
		b.(*array.Time64Builder).AppendValues([]arrow.Time64{0, 45296123456789, 86399999999500}, nil)
	}, arrow.FixedWidthTypes.Time64ns, []any{ts("1970-01-01T00:00:00Z"), ts("1970-01-01T12:34:56.123457Z"), ts("1970-01-02T00:00:00Z")}, "time"},
	{"TIMESTAMP_NTZ", 0, 9, func(b array.Builder) {
		b.(*array.TimestampBuilder).AppendValues([]arrow.Timestamp{0, 1704067200123456, -1}, nil)
	}, &arrow.TimestampType{Unit: arrow.Microsecond}, []any{ts("1970-01-01T00:00:00Z"), ts("2024-01-01T00:00:00.123456Z"), ts("1969-12-31T23:59:59.999999Z")}, "timestamp"},
	{"TIMESTAMP_TZ", 0, 9, func(b array.Builder) {
		b.(*array.TimestampBuilder).AppendValues([]arrow.Timestamp{1710054000000000, 0, 0}, []bool{true, false, false})
	}, &arrow.TimestampType{Unit: arrow.Microsecond}, []any{ts("2024-03-10T07:00:00Z"), nil, nil}, "timestamptz"},
	{"VARIANT", 0, 0, func(b array.Builder) {
		b.(*array.StringBuilder).AppendValues([]string{`{"a":1}`, `[1,"x"]`, `null`}, nil)
	}, arrow.BinaryTypes.String, []any{`{"a":1}`, `[1,"x"]`, `null`}, "json"},
}

// record builds one record of testColumns; names c0, c1, ...
func record(t *testing.T, mem memory.Allocator) (arrow.Record, []warehouse.Column) {
	var fields []arrow.Field
	var arrs []arrow.Array
	var cols []warehouse.Column
	for i, c := range testColumns {
		b := array.NewBuilder(mem, c.dataType)
		c.build(b)
		arrs = append(arrs, b.NewArray())
		b.Release()
		fields = append(fields, arrow.Field{Name: "c" + string(rune('0'+i)), Type: c.dataType, Nullable: true})
		col, err := columnOf(fields[i].Name, c.dbType, c.prec, c.scale)
		if err != nil {
			t.Fatal(err)
		}
		if col.Type != c.wantTypeName {
			t.Fatalf("%s(%d,%d) maps to %s, want %s", c.dbType, c.prec, c.scale, col.Type, c.wantTypeName)
		}
		cols = append(cols, col)
	}
	rec := array.NewRecord(arrow.NewSchema(fields, nil), arrs, 3)
	for _, a := range arrs {
		a.Release()
	}
	return rec, cols
}

// TestArrowBatchesToRows streams records of every type through rows, as
// Query does with gosnowflake's batches, and checks every value and that
// each batch's memory is released once it has been read.
func TestArrowBatchesToRows(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	rec1, cols := record(t, mem)
	rec2, _ := record(t, mem)
	empty := rec1.NewSlice(0, 0)
	batches := [][]arrow.Record{{rec1, empty}, {}, {rec2}}
	fetch := func() ([]arrow.Record, bool, error) {
		if len(batches) == 0 {
			return nil, false, nil
		}
		b := batches[0]
		batches = batches[1:]
		return b, true, nil
	}
	closed := 0
	r := newRecordRows(context.Background(), cols, fetch, func() error { closed++; return nil }, func() { closed++ })
	var got [][]any
	for r.Next() {
		got = append(got, append([]any(nil), r.Values()...))
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	if len(got) != 6 {
		t.Fatalf("%d rows, want 6 (two batches of 3)", len(got))
	}
	for i, row := range got {
		for c, col := range testColumns {
			if !reflect.DeepEqual(row[c], col.want[i%3]) {
				t.Errorf("row %d, %s(%d,%d): %#v, want %#v", i, col.dbType, col.prec, col.scale, row[c], col.want[i%3])
			}
		}
	}
	if err := r.Close(); err != nil || closed != 2 {
		t.Fatalf("Close: %v, result closed and connection released %d times, want 2", err, closed)
	}
	mem.AssertSize(t, 0)
}

// TestReadingReleasesEachBatch: while the second batch is read, the first
// one's memory is already released, so a result never holds more than one
// batch however long it is.
func TestReadingReleasesEachBatch(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	rec1, cols := record(t, mem)
	one := mem.CurrentAlloc()
	rec2, _ := record(t, mem)
	batches := [][]arrow.Record{{rec1}, {rec2}}
	fetch := func() ([]arrow.Record, bool, error) {
		if len(batches) == 0 {
			return nil, false, nil
		}
		b := batches[0]
		batches = batches[1:]
		return b, true, nil
	}
	r := newRecordRows(context.Background(), cols, fetch, func() error { return nil }, func() {})
	defer r.Close()
	for i := 0; i < 4; i++ {
		if !r.Next() {
			t.Fatalf("row %d: %v", i, r.Err())
		}
	}
	if got := mem.CurrentAlloc(); got != one {
		t.Fatalf("reading the second batch holds %d bytes, one batch is %d", got, one)
	}
}

// TestCancelledStreamStops: once the query's context ends, the next batch
// is not fetched and the error is 57014.
func TestCancelledStreamStops(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	rec, cols := record(t, mem)
	ctx, cancel := context.WithCancel(context.Background())
	fetched := 0
	fetch := func() ([]arrow.Record, bool, error) {
		fetched++
		if fetched == 1 {
			rec.Retain()
			return []arrow.Record{rec}, true, nil
		}
		t.Fatal("a batch was fetched after the cancel")
		return nil, false, nil
	}
	r := newRecordRows(ctx, cols, fetch, func() error { return nil }, func() {})
	for i := 0; i < 3; i++ {
		if !r.Next() {
			t.Fatal(r.Err())
		}
	}
	cancel()
	if r.Next() {
		t.Fatal("a row after the cancel")
	}
	if code := sqlerr.Code(r.Err()); code != sqlerr.QueryCanceled {
		t.Fatalf("error %s %v, want 57014", code, r.Err())
	}
	r.Close()
	rec.Release()
	mem.AssertSize(t, 0)
}

// TestUnexpectedArrowType: an array of another type than the column's is
// an internal error naming both, never a wrong value.
func TestUnexpectedArrowType(t *testing.T) {
	mem := memory.NewGoAllocator()
	b := array.NewStringBuilder(mem)
	b.Append("1")
	arr := b.NewArray()
	defer arr.Release()
	_, err := converterFor(warehouse.Column{Type: "int8"})(arr, 0)
	if code := sqlerr.Code(err); code != sqlerr.Internal {
		t.Fatalf("%s %v", code, err)
	}
}
