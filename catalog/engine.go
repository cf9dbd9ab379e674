package catalog

import (
	"context"
	"fmt"
	"strings"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
	"github.com/pitgate/pitgate/warehouse/duckdb"
)

// engineSchema is where a PostgreSQL schema's catalog lives in the engine:
// DuckDB's own pg_catalog and information_schema describe DuckDB, so
// pitgate's are beside them under other names.
var engineSchema = map[string]string{
	"pg_catalog":         "pgcat",
	"information_schema": "pginfo",
	"pghelp":             "pghelp", // the macros' lookup tables
}

// helperCol is one column of an engine table, typed as warehouse.Column is.
type helperCol struct {
	name, typ string
	notnull   bool
}

// helperTables are the lookup tables the macros read.
var helperTables = map[string][]helperCol{
	"pghelp.viewdefs": {{"oid", "int8", true}, {"definition", "text", true}},
	"pghelp.format": {{"oid", "int8", true}, {"plain", "text", true}, {"given", "text", true},
		{"modkind", "text", true}, {"modprefix", "text", true}, {"modsuffix", "text", true}},
	"pghelp.procs": {{"oid", "int8", true}, {"arguments", "text", true}, {"result", "text", true}},
	"pghelp.keywords": {{"word", "text", true}, {"catcode", "text", true}, {"barelabel", "bool", true},
		{"catdesc", "text", true}, {"baredesc", "text", true}},
}

func (o *objects) columnsOf(r *relation) []helperCol {
	cols := make([]helperCol, len(r.cols))
	for i, c := range r.cols {
		cols[i] = helperCol{name: c.name, typ: o.types.engineType(c.typ.oid), notnull: c.notnull}
	}
	return cols
}

// load builds the engine: tables with their rows, then views and macros.
func (o *objects) load(ctx context.Context, db *duckdb.DB, rows content) error {
	if err := db.Exec(ctx, "CREATE SCHEMA pgcat; CREATE SCHEMA pginfo; CREATE SCHEMA pghelp"); err != nil {
		return err
	}
	for name, cols := range helperTables {
		if err := loadTable(ctx, db, name, cols, rows[name]); err != nil {
			return err
		}
	}
	var empty []string
	for _, r := range o.rels {
		key := r.schema + "." + r.name
		switch {
		case !r.builtin || engineView(key) != "":
		case len(rows[key]) == 0:
			empty = append(empty, createTable(key, o.columnsOf(r)))
		default:
			if err := loadTable(ctx, db, key, o.columnsOf(r), rows[key]); err != nil {
				return err
			}
		}
	}
	// One batch: most catalog tables are empty, and a Load each would
	// cost a transaction each.
	if err := db.Exec(ctx, strings.Join(empty, ";\n")); err != nil {
		return fmt.Errorf("catalog tables: %w", err)
	}
	if err := createViews(ctx, db, sessionViews); err != nil {
		return err
	}
	// DuckDB binds a macro's body when it is created: what it reads must
	// exist by then, the macros it calls included (macros lists them in
	// that order).
	if err := db.Exec(ctx, macroSQL()); err != nil {
		return fmt.Errorf("catalog macros: %w", err)
	}
	return createViews(ctx, db, derivedViews)
}

func createViews(ctx context.Context, db *duckdb.DB, views []engineViewDef) error {
	for _, v := range views {
		if err := db.Exec(ctx, "CREATE VIEW "+engineName(v.key)+" AS "+v.sql); err != nil {
			return fmt.Errorf("catalog view %s: %w", v.key, err)
		}
	}
	return nil
}

// engineName is the engine's name of a catalog table schema.table.
func engineName(key string) string {
	schema, name, _ := strings.Cut(key, ".")
	return engineSchema[schema] + "." + name
}

// ddlTypes spell the engine types (warehouse.Column's names) in DuckDB.
var ddlTypes = map[string]string{
	"bool": "BOOLEAN", "int2": "SMALLINT", "int4": "INTEGER", "int8": "BIGINT", "float4": "FLOAT",
	"float8": "DOUBLE", "numeric": "DECIMAL(38,10)", "text": "VARCHAR", "bytea": "BLOB",
	"timestamptz": "TIMESTAMPTZ", "timestamp": "TIMESTAMP", "date": "DATE", "time": "TIME",
	"interval": "INTERVAL", "uuid": "UUID", "json": "JSON", "jsonb": "JSON",
}

func createTable(key string, cols []helperCol) string {
	defs := make([]string, len(cols))
	for i, c := range cols {
		base, array := strings.CutSuffix(c.typ, "[]")
		typ := ddlTypes[base]
		if array {
			typ += "[]"
		}
		defs[i] = `"` + c.name + `" ` + typ
	}
	return "CREATE TABLE " + engineName(key) + " (" + strings.Join(defs, ", ") + ")"
}

func loadTable(ctx context.Context, db *duckdb.DB, key string, cols []helperCol, rows []row) error {
	wcols := make([]warehouse.Column, len(cols))
	for i, c := range cols {
		wcols[i] = warehouse.Column{Name: c.name, Type: c.typ}
	}
	i := 0
	var bad error
	src := func(dst []any) (bool, error) {
		if i >= len(rows) {
			return false, nil
		}
		vals, err := orderedValues(rows[i], cols)
		if err != nil {
			bad = fmt.Errorf("catalog table %s row %d: %w", key, i+1, err)
			return false, bad
		}
		copy(dst, vals)
		i++
		return true, nil
	}
	schema, name, _ := strings.Cut(engineName(key), ".")
	if _, err := db.Load(ctx, []string{schema, name}, wcols, src); err != nil {
		if bad != nil {
			return sqlerr.Wrap(sqlerr.Internal, bad)
		}
		return fmt.Errorf("catalog table %s: %w", key, err)
	}
	return nil
}
