package bigquery

import (
	"cloud.google.com/go/bigquery"

	"github.com/pitgate/pitgate/warehouse"
)

// scalarTypes are the contract names of BigQuery's scalar types. RECORD
// (STRUCT) and RANGE are handled apart: json and text.
var scalarTypes = map[bigquery.FieldType]string{
	bigquery.IntegerFieldType:    "int8",
	bigquery.FloatFieldType:      "float8",
	bigquery.NumericFieldType:    "numeric",
	bigquery.BigNumericFieldType: "numeric",
	bigquery.BooleanFieldType:    "bool",
	bigquery.StringFieldType:     "text",
	bigquery.BytesFieldType:      "bytea",
	bigquery.DateFieldType:       "date",
	bigquery.DateTimeFieldType:   "timestamp",
	bigquery.TimestampFieldType:  "timestamptz",
	bigquery.TimeFieldType:       "time",
	bigquery.JSONFieldType:       "json",
	bigquery.IntervalFieldType:   "interval",
	bigquery.GeographyFieldType:  "text",
	bigquery.RangeFieldType:      "text",
}

// Precision and scale of NUMERIC and BIGNUMERIC without parameters.
const (
	numericScale    = 9
	bigNumericScale = 38
)

// columns describes a result or table schema by the contract and picks
// each column's converter.
func columns(schema bigquery.Schema) ([]warehouse.Column, []converter) {
	cols := make([]warehouse.Column, len(schema))
	conv := make([]converter, len(schema))
	for i, f := range schema {
		cols[i], conv[i] = column(f)
	}
	return cols, conv
}

// column is one field's contract column and converter. A REPEATED field is
// an array of its element's type.
func column(f *bigquery.FieldSchema) (warehouse.Column, converter) {
	col := warehouse.Column{Name: f.Name, Type: typeName(f)}
	if f.Type == bigquery.NumericFieldType || f.Type == bigquery.BigNumericFieldType {
		col.Precision, col.Scale = int(f.Precision), int(f.Scale)
	}
	elem := elementConverter(f)
	if f.Repeated {
		col.Type += "[]"
		return col, arrayConverter(elem)
	}
	return col, elem
}

// typeName is the contract name of a field's element type.
func typeName(f *bigquery.FieldSchema) string {
	if f.Type == bigquery.RecordFieldType {
		return "json"
	}
	if name, ok := scalarTypes[f.Type]; ok {
		return name
	}
	return "text"
}
