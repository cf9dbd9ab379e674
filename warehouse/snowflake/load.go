package snowflake

import (
	"context"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
	"github.com/pitgate/pitgate/warehouse/loadconv"
)

// loadBatch is the rows of one INSERT: Snowflake caps a statement's bind
// values, and a few thousand per statement keeps each request small.
const loadBatch = 500

// loadTypes are the Snowflake column types of a load, each value bound as
// text and cast by Snowflake (a bound string converts exactly; a bound
// time.Time would be read in the session's zone as TIMESTAMP_NTZ).
var loadTypes = map[string]string{
	"bool": "BOOLEAN", "int2": "NUMBER(5,0)", "int4": "NUMBER(10,0)", "int8": "NUMBER(19,0)",
	"float4": "FLOAT", "float8": "FLOAT", "numeric": "NUMBER(38,10)", "text": "VARCHAR",
	"bytea": "BINARY", "date": "DATE", "timestamp": "TIMESTAMP_NTZ(6)", "timestamptz": "TIMESTAMP_TZ(6)",
	"json": "VARIANT", "jsonb": "VARIANT", "uuid": "VARCHAR",
}

// Load replaces table with a new one of cols and fills it from src. Unlike
// the other connectors it is not atomic: Snowflake commits DDL at once, so
// a failed load leaves the new table with the rows inserted so far.
func (db *DB) Load(ctx context.Context, table []string, cols []warehouse.Column, src warehouse.RowSource) (int64, error) {
	ddl, cast, err := loadDDL(table, cols)
	if err != nil {
		return 0, err
	}
	if err := db.Exec(ctx, ddl); err != nil {
		return 0, err
	}
	var n int64
	row := make([]any, len(cols))
	for {
		args, more, err := loadRows(src, row, cols, loadBatch)
		if err != nil {
			return n, err
		}
		if len(args) > 0 {
			rows := len(args) / len(cols)
			if _, err := db.sql.ExecContext(ctx, insertSQL(table, cast, rows), args...); err != nil {
				return n, mapError(ctx, err)
			}
			n += int64(rows)
		}
		if !more {
			return n, nil
		}
	}
}

func loadDDL(table []string, cols []warehouse.Column) (ddl string, cast []string, err error) {
	defs := make([]string, len(cols))
	cast = make([]string, len(cols))
	for i, c := range cols {
		t, ok := loadTypes[c.Type]
		if !ok {
			return "", nil, sqlerr.New(sqlerr.FeatureNotSupported, "cannot load a %s column into Snowflake", c.Type)
		}
		if c.Type == "numeric" && c.Precision > 0 {
			t = fmt.Sprintf("NUMBER(%d,%d)", c.Precision, c.Scale)
		}
		defs[i] = quoteIdent(snowflakeName(c.Name)) + " " + t
		cast[i] = t
	}
	return "CREATE OR REPLACE TABLE " + tableName(table) + " (" + strings.Join(defs, ", ") + ")", cast, nil
}

// insertSQL is INSERT ... SELECT of rows bound rows, each value cast from
// text (VALUES cannot hold PARSE_JSON, which VARIANT needs).
func insertSQL(table []string, cast []string, rows int) string {
	sel := make([]string, len(cast))
	for i, t := range cast {
		switch {
		case t == "VARIANT":
			sel[i] = "PARSE_JSON(?)"
		case t == "BINARY":
			sel[i] = "TO_BINARY(?, 'HEX')"
		default:
			sel[i] = "CAST(? AS " + t + ")"
		}
	}
	one := "SELECT " + strings.Join(sel, ", ")
	parts := make([]string, rows)
	for i := range parts {
		parts[i] = one
	}
	return "INSERT INTO " + tableName(table) + " " + strings.Join(parts, " UNION ALL ")
}

func tableName(parts []string) string {
	q := make([]string, len(parts))
	for i, p := range parts {
		q[i] = quoteIdent(snowflakeName(p))
	}
	return strings.Join(q, ".")
}

// loadRows reads up to limit rows from src as bind values (text or nil).
func loadRows(src warehouse.RowSource, row []any, cols []warehouse.Column, limit int) (args []any, more bool, err error) {
	for n := 0; n < limit; n++ {
		more, err = src(row)
		if err != nil || !more {
			return args, false, err
		}
		for i, v := range row {
			s, err := loadText(v, cols[i].Type)
			if err != nil {
				return nil, false, err
			}
			args = append(args, s)
		}
	}
	return args, true, nil
}

// timeLayouts print the contract's time.Time values (all in UTC) as text
// Snowflake's automatic format detection reads.
var timeLayouts = map[string]string{
	"date": "2006-01-02", "timestamp": "2006-01-02 15:04:05.999999", "timestamptz": "2006-01-02 15:04:05.999999 -07:00",
}

// loadText is v as the text Snowflake casts to the column's type, or nil.
func loadText(v any, typ string) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch typ {
	case "bool":
		b, err := loadconv.Bool(v)
		if err != nil {
			return nil, err
		}
		return strconv.FormatBool(b.(bool)), nil
	case "int2", "int4", "int8":
		n, ok, inRange := loadconv.AsInt64(v)
		if !ok || !inRange {
			return nil, loadconv.Mismatch(v, typ)
		}
		return strconv.FormatInt(n, 10), nil
	case "float4", "float8":
		f, err := loadconv.Float(v)
		if err != nil {
			return nil, err
		}
		if f32, ok := f.(float32); ok {
			return strconv.FormatFloat(float64(f32), 'g', -1, 32), nil
		}
		return strconv.FormatFloat(f.(float64), 'g', -1, 64), nil
	case "bytea":
		if b, ok := v.([]byte); ok {
			return hex.EncodeToString(b), nil
		}
	case "date", "timestamp", "timestamptz":
		if t, ok := v.(time.Time); ok {
			return t.UTC().Format(timeLayouts[typ]), nil
		}
	default:
		if s, ok := v.(string); ok {
			return s, nil
		}
	}
	return nil, loadconv.Mismatch(v, typ)
}
