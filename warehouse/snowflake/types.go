package snowflake

import (
	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
)

// columnOf maps a Snowflake result column, as the driver reports it
// (ColumnTypeDatabaseTypeName and PrecisionScale), to the contract's
// PostgreSQL type:
//
//	NUMBER(p,0), p <= 18   int8          REAL (FLOAT, DOUBLE)   float8
//	NUMBER(p,0), p > 18    numeric(p,0)  NUMBER(p,s), s > 0     numeric(p,s)
//	TEXT (VARCHAR)         text          BINARY                 bytea
//	BOOLEAN                bool          DATE                   date
//	TIME                   time          TIMESTAMP_NTZ          timestamp
//	TIMESTAMP_LTZ, _TZ     timestamptz   VARIANT, OBJECT, ARRAY json
//
// NUMBER(18,0) holds every int8 but NUMBER(38,0), Snowflake's INTEGER,
// does not: it is numeric, exact. ARRAY is json, not an array type: its
// elements are VARIANTs of any type. DECFLOAT, MAP and structured types are
// refused (0A000) rather than approximated.
func columnOf(name, dbType string, precision, scale int64) (warehouse.Column, error) {
	col := warehouse.Column{Name: name}
	switch dbType {
	case "FIXED":
		if scale == 0 && precision > 0 && precision <= 18 {
			col.Type = "int8"
			return col, nil
		}
		col.Type, col.Precision, col.Scale = "numeric", int(precision), int(scale)
	case "REAL":
		col.Type = "float8"
	case "TEXT":
		col.Type = "text"
	case "BINARY":
		col.Type = "bytea"
	case "BOOLEAN":
		col.Type = "bool"
	case "DATE":
		col.Type = "date"
	case "TIME":
		col.Type = "time"
	case "TIMESTAMP_NTZ":
		col.Type = "timestamp"
	case "TIMESTAMP_LTZ", "TIMESTAMP_TZ":
		col.Type = "timestamptz"
	case "VARIANT", "OBJECT", "ARRAY":
		col.Type = "json"
	default:
		return col, sqlerr.New(sqlerr.FeatureNotSupported, "column %q has Snowflake type %s, which pitgate cannot return", name, dbType).
			WithHint("cast it in the query, e.g. to VARCHAR or NUMBER")
	}
	return col, nil
}
