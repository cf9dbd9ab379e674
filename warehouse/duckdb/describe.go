package duckdb

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
)

var _ warehouse.Describer = (*DB)(nil)

// Describe prepares sql on a pooled connection and reads the prepared
// statement's result metadata: DuckDB parses, binds and plans it and runs
// nothing, so a statement with side effects or an expensive query costs
// only its planning. The columns are those Query would report (the same
// type names go through the same mapping).
//
// The driver's Prepare (not PrepareContext) is used on purpose: given
// several statements, PrepareContext executes all but the last, Prepare
// refuses them.
func (db *DB) Describe(ctx context.Context, sql string) ([]warehouse.Column, error) {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, mapError(ctx, err, sql)
	}
	defer conn.Close()
	var cols []warehouse.Column
	var ambiguous bool
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return sqlerr.New(sqlerr.Internal, "duckdb: driver connection %T cannot prepare", dc)
		}
		if multiStatement(sql) {
			return sqlerr.New(sqlerr.Syntax, "cannot describe several statements at once")
		}
		ds, err := c.Prepare(sql)
		if err != nil {
			return err
		}
		defer ds.Close()
		stmt, ok := ds.(*duckdb.Stmt)
		if !ok {
			return sqlerr.New(sqlerr.Internal, "duckdb: prepared statement %T has no result metadata", ds)
		}
		cols, ambiguous, err = stmtColumns(stmt)
		return err
	})
	if err != nil {
		return nil, mapError(ctx, err, sql)
	}
	if ambiguous {
		// DuckDB could not type a column before binding values (it then
		// reports one INVALID column): bind the statement under LIMIT 0,
		// which reads no rows.
		return db.describeByLimit0(ctx, sql)
	}
	return cols, nil
}

// multiStatement reports whether sql holds a statement after a semicolon
// outside quotes and comments.
func multiStatement(sql string) bool {
	var quote byte
	for i := 0; i < len(sql); i++ {
		ch := sql[i]
		switch {
		case quote != 0:
			if ch == quote {
				quote = 0
			}
		case ch == '\'' || ch == '"':
			quote = ch
		case ch == '-' && i+1 < len(sql) && sql[i+1] == '-':
			for i < len(sql) && sql[i] != '\n' {
				i++
			}
		case ch == ';':
			if strings.TrimSpace(sql[i+1:]) != "" {
				return true
			}
		}
	}
	return false
}

// describeByLimit0 describes a query by running it under LIMIT 0.
func (db *DB) describeByLimit0(ctx context.Context, sql string) ([]warehouse.Column, error) {
	rows, err := db.Query(ctx, "SELECT * FROM ("+strings.TrimRight(strings.TrimSpace(sql), ";")+") AS described LIMIT 0")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rows.Columns(), rows.Err()
}

func stmtColumns(stmt *duckdb.Stmt) ([]warehouse.Column, bool, error) {
	n, err := stmt.ColumnCount()
	if err != nil {
		return nil, false, err
	}
	cols := make([]warehouse.Column, n)
	for i := range cols {
		info, err := stmt.ColumnTypeInfo(i)
		if err != nil {
			return nil, false, err
		}
		if info.InternalType() == duckdb.TYPE_INVALID {
			return nil, true, nil
		}
		name, err := stmt.ColumnName(i)
		if err != nil {
			return nil, false, err
		}
		typeName := duckTypeName(info)
		if info.Alias() == "JSON" {
			typeName = "JSON" // as the driver names a result column
		}
		cols[i] = pgColumn(name, parseDuckType(typeName))
	}
	return cols, false, nil
}

// duckTypeName spells a type as the driver's ColumnTypeDatabaseTypeName
// does, so that parseDuckType maps a described column exactly as a
// queried one.
func duckTypeName(info duckdb.TypeInfo) string {
	switch d := info.Details().(type) {
	case *duckdb.DecimalDetails:
		return fmt.Sprintf("DECIMAL(%d,%d)", d.Width, d.Scale)
	case *duckdb.ListDetails:
		return duckTypeName(d.Child) + "[]"
	case *duckdb.ArrayDetails:
		return fmt.Sprintf("%s[%d]", duckTypeName(d.Child), d.Size)
	case *duckdb.MapDetails:
		return "MAP(" + duckTypeName(d.Key) + ", " + duckTypeName(d.Value) + ")"
	case *duckdb.StructDetails:
		parts := make([]string, len(d.Entries))
		for i, e := range d.Entries {
			parts[i] = fieldName(e.Name()) + " " + duckTypeName(e.Info())
		}
		return "STRUCT(" + strings.Join(parts, ", ") + ")"
	case *duckdb.UnionDetails:
		parts := make([]string, len(d.Members))
		for i, m := range d.Members {
			parts[i] = fieldName(m.Name) + " " + duckTypeName(m.Type)
		}
		return "UNION(" + strings.Join(parts, ", ") + ")"
	case *duckdb.EnumDetails:
		return "ENUM"
	}
	if name, ok := scalarNames[info.InternalType()]; ok {
		return name
	}
	return "UNKNOWN"
}

func fieldName(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// scalarNames are the driver's names of DuckDB's scalar types.
var scalarNames = map[duckdb.Type]string{
	duckdb.TYPE_BOOLEAN: "BOOLEAN", duckdb.TYPE_TINYINT: "TINYINT", duckdb.TYPE_SMALLINT: "SMALLINT",
	duckdb.TYPE_INTEGER: "INTEGER", duckdb.TYPE_BIGINT: "BIGINT", duckdb.TYPE_UTINYINT: "UTINYINT",
	duckdb.TYPE_USMALLINT: "USMALLINT", duckdb.TYPE_UINTEGER: "UINTEGER", duckdb.TYPE_UBIGINT: "UBIGINT",
	duckdb.TYPE_FLOAT: "FLOAT", duckdb.TYPE_DOUBLE: "DOUBLE", duckdb.TYPE_TIMESTAMP: "TIMESTAMP",
	duckdb.TYPE_DATE: "DATE", duckdb.TYPE_TIME: "TIME", duckdb.TYPE_INTERVAL: "INTERVAL",
	duckdb.TYPE_HUGEINT: "HUGEINT", duckdb.TYPE_UHUGEINT: "UHUGEINT", duckdb.TYPE_VARCHAR: "VARCHAR",
	duckdb.TYPE_BLOB: "BLOB", duckdb.TYPE_TIMESTAMP_S: "TIMESTAMP_S", duckdb.TYPE_TIMESTAMP_MS: "TIMESTAMP_MS",
	duckdb.TYPE_TIMESTAMP_NS: "TIMESTAMP_NS", duckdb.TYPE_UUID: "UUID", duckdb.TYPE_BIT: "BIT",
	duckdb.TYPE_TIME_TZ: "TIMETZ", duckdb.TYPE_TIMESTAMP_TZ: "TIMESTAMPTZ", duckdb.TYPE_BIGNUM: "BIGNUM",
	duckdb.TYPE_SQLNULL: "SQLNULL", duckdb.TYPE_GEOMETRY: "GEOMETRY", duckdb.TYPE_VARIANT: "VARIANT",
}
