package postgres

import (
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/pitgate/pitgate/warehouse"
)

// decoder turns one non-NULL value, as received, into the Go value the
// warehouse.Rows contract promises for its column type. src is pgx's read
// buffer: a decoder copies what it keeps.
type decoder func(src []byte) (any, error)

// scalar is how one PostgreSQL base type reaches callers.
type scalar struct {
	name   string  // the contract's type name
	binary decoder // decodes the binary form (as a column or as an array element)
	text   decoder // set: fetch the column in text and decode that instead
}

// scalars are the types with a contract name of their own; every other type
// is "text", fetched in text format. Text-like types fetch their binary form,
// which is their text; numeric, uuid and jsonb fetch their text form, which
// is what the contract wants, and keep a binary decoder for arrays.
var scalars = map[uint32]scalar{
	pgtype.BoolOID:        {name: "bool", binary: decodeBool},
	pgtype.ByteaOID:       {name: "bytea", binary: decodeBytea},
	pgtype.QCharOID:       {name: "text", binary: decodeString},
	pgtype.NameOID:        {name: "text", binary: decodeString},
	pgtype.Int8OID:        {name: "int8", binary: decodeInt8},
	pgtype.Int2OID:        {name: "int2", binary: decodeInt2},
	pgtype.Int4OID:        {name: "int4", binary: decodeInt4},
	pgtype.TextOID:        {name: "text", binary: decodeString},
	pgtype.OIDOID:         {name: "int8", binary: decodeOID},
	pgtype.JSONOID:        {name: "json", binary: decodeString},
	pgtype.JSONBOID:       {name: "jsonb", binary: decodeJSONB, text: decodeString},
	pgtype.Float4OID:      {name: "float4", binary: decodeFloat4},
	pgtype.Float8OID:      {name: "float8", binary: decodeFloat8},
	pgtype.BPCharOID:      {name: "text", binary: decodeString},
	pgtype.VarcharOID:     {name: "text", binary: decodeString},
	pgtype.DateOID:        {name: "date", binary: decodeDate},
	pgtype.TimeOID:        {name: "time", binary: decodeTime},
	pgtype.TimestampOID:   {name: "timestamp", binary: decodeTimestamp},
	pgtype.TimestamptzOID: {name: "timestamptz", binary: decodeTimestamp},
	pgtype.IntervalOID:    {name: "interval", binary: decodeInterval},
	pgtype.NumericOID:     {name: "numeric", binary: decodeNumeric, text: decodeString},
	pgtype.UUIDOID:        {name: "uuid", binary: decodeUUID, text: decodeString},
}

// arrays maps the array types fetched in binary to their element types.
var arrays = map[uint32]uint32{
	pgtype.BoolArrayOID: pgtype.BoolOID, pgtype.ByteaArrayOID: pgtype.ByteaOID,
	pgtype.QCharArrayOID: pgtype.QCharOID, pgtype.NameArrayOID: pgtype.NameOID,
	pgtype.Int8ArrayOID: pgtype.Int8OID, pgtype.Int2ArrayOID: pgtype.Int2OID,
	pgtype.Int4ArrayOID: pgtype.Int4OID, pgtype.TextArrayOID: pgtype.TextOID,
	pgtype.OIDArrayOID: pgtype.OIDOID, pgtype.JSONArrayOID: pgtype.JSONOID,
	pgtype.JSONBArrayOID: pgtype.JSONBOID, pgtype.Float4ArrayOID: pgtype.Float4OID,
	pgtype.Float8ArrayOID: pgtype.Float8OID, pgtype.BPCharArrayOID: pgtype.BPCharOID,
	pgtype.VarcharArrayOID: pgtype.VarcharOID, pgtype.DateArrayOID: pgtype.DateOID,
	pgtype.TimeArrayOID: pgtype.TimeOID, pgtype.TimestampArrayOID: pgtype.TimestampOID,
	pgtype.TimestamptzArrayOID: pgtype.TimestamptzOID, pgtype.IntervalArrayOID: pgtype.IntervalOID,
	pgtype.NumericArrayOID: pgtype.NumericOID, pgtype.UUIDArrayOID: pgtype.UUIDOID,
}

// resultFormats asks for binary exactly where a binary decoder is used;
// every OID not listed (the map's zero value) comes in text.
var resultFormats = func() pgx.QueryResultFormatsByOID {
	f := pgx.QueryResultFormatsByOID{}
	for oid, s := range scalars {
		if s.text == nil {
			f[oid] = pgx.BinaryFormatCode
		}
	}
	for oid := range arrays {
		f[oid] = pgx.BinaryFormatCode
	}
	return f
}()

// column describes a result column by the contract and picks its decoder
// for the format resultFormats asks the server to send it in.
func column(fd pgconn.FieldDescription) (warehouse.Column, decoder) {
	col := warehouse.Column{Name: fd.Name, Type: "text"}
	if fd.DataTypeOID == pgtype.NumericOID || fd.DataTypeOID == pgtype.NumericArrayOID {
		col.Precision, col.Scale = numericModifier(fd.TypeModifier)
	}
	if elem, ok := arrays[fd.DataTypeOID]; ok {
		s := scalars[elem]
		col.Type = s.name + "[]"
		return col, arrayDecoder(s.binary)
	}
	s, ok := scalars[fd.DataTypeOID]
	switch {
	case !ok:
		return col, decodeString
	case s.text != nil:
		col.Type = s.name
		return col, s.text
	}
	col.Type = s.name
	return col, s.binary
}

// numericModifier reads numeric(p,s) from a type modifier; 0, 0 when the
// column is unconstrained.
func numericModifier(typmod int32) (precision, scale int) {
	if typmod < 4 {
		return 0, 0
	}
	m := typmod - 4
	return int(m>>16) & 0xffff, int(m) & 0xffff
}
