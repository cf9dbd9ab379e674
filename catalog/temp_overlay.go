package catalog

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/pitgate/pitgate/warehouse"
)

// A session's temporary tables are not in the built catalog, which every
// session shares: a catalog query of a session that has some runs on an
// engine connection of its own inside a transaction that first inserts
// their rows (pg_namespace, pg_class, pg_type, pg_attribute,
// information_schema) and is rolled back when the query's rows are closed.
// No other session ever sees them, and the built catalog stays immutable.

// TempTable is one of a session's temporary tables as the catalog lists it.
type TempTable struct {
	Name    string
	Columns []warehouse.Column
	// InCurrentSchema lists the table in current_schema() (features), where
	// PostgreSQL would have created the table of an unqualified CREATE
	// TABLE, so that clients that look for the table they created there
	// (SQLAlchemy's MetaData.reflect, which pandas' to_sql with
	// if_exists="replace" calls) find it. Otherwise (CREATE TEMP TABLE,
	// CREATE TABLE pg_temp.t) it is in the session's pg_temp_N.
	InCurrentSchema bool
}

// TempSchema is the name of a session's temporary schema, pg_temp_<pid>
// as PostgreSQL names it after the backend's number.
func TempSchema(pid int32) string { return "pg_temp_" + strconv.Itoa(int(pid)) }

// tempToastSchema is the schema PostgreSQL creates beside pg_temp_N.
func tempToastSchema(pid int32) string { return "pg_toast_temp_" + strconv.Itoa(int(pid)) }

// tempOIDs hands out OIDs for a session's objects without touching the
// built catalog's allocator: a collision with a built object or an earlier
// temporary one is resolved as oids.of does.
type tempOIDs struct {
	base  *oids
	local map[uint32]string
}

func (t *tempOIDs) of(kind, name string) uint32 {
	// probe yields oids.of's candidates for kind:name in order; each one
	// taken here is marked so that the next call yields the following.
	probe := &oids{used: map[uint32]string{}}
	for {
		oid := probe.of(kind, name)
		key := kind + ":" + name
		if prev, taken := t.base.used[oid]; !taken || prev == key {
			if prev, taken := t.local[oid]; !taken || prev == key {
				t.local[oid] = key
				return oid
			}
		}
		probe.used[oid] = "taken"
	}
}

// overlayBase is what the overlay's rows are made with: the built-in
// relations and types, and the OIDs the built catalog uses (read from the
// engine, so that it works whichever constructor built the catalog).
type overlayBase struct {
	once sync.Once
	objs *objects
	err  error
}

func (c *Catalog) overlayObjects(ctx context.Context) (*objects, error) {
	b := &c.overlay
	b.once.Do(func() {
		o := &objects{types: newTypeSet(), oids: newOIDs(), schemas: c.schemas, roles: c.roles}
		o.addBuiltinRelations()
		rows, err := c.db.Query(ctx, `SELECT oid FROM pgcat.pg_class UNION ALL SELECT oid FROM pgcat.pg_type
			UNION ALL SELECT oid FROM pgcat.pg_namespace UNION ALL SELECT oid FROM pgcat.pg_authid`)
		if err != nil {
			b.err = catalogError(err)
			return
		}
		defer rows.Close()
		for rows.Next() {
			if oid, ok := rows.Values()[0].(int64); ok {
				o.oids.reserve(uint32(oid), "built")
			}
		}
		if b.err = catalogError(rows.Err()); b.err == nil {
			b.objs = o
		}
	})
	return b.objs, b.err
}

// tempSchemaOID is pg_my_temp_schema() for a session with temporary
// tables (whose overlay objects exist by then), 0 for one without.
func (c *Catalog) tempSchemaOID(s Session) uint32 {
	if len(s.Temp) == 0 || c.overlay.objs == nil {
		return 0
	}
	return (&tempOIDs{base: c.overlay.objs.oids, local: map[uint32]string{}}).of("namespace", TempSchema(s.PID))
}

// overlayContent is the rows a session's temporary tables add, by catalog table.
func (c *Catalog) overlayContent(o *objects, s Session) content {
	alloc := &tempOIDs{base: o.oids, local: map[uint32]string{}}
	temp, toast := TempSchema(s.PID), tempToastSchema(s.PID)
	// A copy that also knows the session's schemas, so that the row
	// builders of the built catalog serve here unchanged.
	so := *o
	so.schemas = make(map[string]uint32, len(o.schemas)+2)
	for k, v := range o.schemas {
		so.schemas[k] = v
	}
	out := content{}
	for _, name := range []string{temp, toast} {
		oid := alloc.of("namespace", name)
		so.schemas[name] = oid
		out.add("pg_catalog.pg_namespace", row{"oid": oid, "nspname": name, "nspowner": oidBootstrapRole})
		out.add("information_schema.schemata", row{"catalog_name": Database, "schema_name": name, "schema_owner": Role})
	}
	owner := c.roleOID(s.User)
	_, path := c.searchPath(s)
	for _, t := range s.Temp {
		schema := temp
		if t.InCurrentSchema {
			schema = path[0]
		}
		r := &relation{schema: schema, name: t.Name, kind: "r"}
		r.oid = alloc.of("class", schema+"."+t.Name+"#temp")
		r.reltype = alloc.of("type", schema+"."+t.Name+"#temp")
		for _, col := range t.Columns {
			r.cols = append(r.cols, column{name: col.Name, typ: o.types.ofColumn(col)})
		}
		class := so.classRow(r)
		class["relpersistence"], class["relowner"] = "t", owner
		out.add("pg_catalog.pg_class", class)
		out.add("pg_catalog.pg_type", typeRow(typeSpec{oid: r.reltype, name: r.name, schema: schema, len: -1,
			typtype: "c", category: "C", delim: ",", relid: r.oid, subscript: "-", input: "record_in",
			output: "record_out", receive: "record_recv", send: "record_send", modin: "-", modout: "-",
			analyze: "-", align: "d", storage: "x", typmod: -1}, so.schemas[schema]))
		tables := tablesRow(r)
		tables["table_type"] = "LOCAL TEMPORARY"
		out.add("information_schema.tables", tables)
		for i, col := range r.cols {
			out.add("pg_catalog.pg_attribute", so.attributeRow(r, i+1, col))
			out.add("information_schema.columns", so.columnsRow(r, i+1, col))
		}
	}
	return out
}

// overlaySQL inserts the overlay's rows into the engine's tables.
func (c *Catalog) overlaySQL(ctx context.Context, s Session) (string, error) {
	o, err := c.overlayObjects(ctx)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	rows := c.overlayContent(o, s)
	for _, key := range []string{"pg_catalog.pg_namespace", "pg_catalog.pg_class", "pg_catalog.pg_type",
		"pg_catalog.pg_attribute", "information_schema.schemata", "information_schema.tables",
		"information_schema.columns"} {
		if len(rows[key]) == 0 {
			continue
		}
		schema, name, _ := strings.Cut(key, ".")
		rel := o.relation(schema, name)
		cols := o.columnsOf(rel)
		b.WriteString("INSERT INTO " + engineName(key) + " VALUES ")
		for i, r := range rows[key] {
			vals, err := orderedValues(r, cols)
			if err != nil {
				return "", fmt.Errorf("catalog: temporary table row of %s: %w", key, err)
			}
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(")
			for j, v := range vals {
				if j > 0 {
					b.WriteString(", ")
				}
				b.WriteString(engineLiteral(v, cols[j].typ))
			}
			b.WriteString(")")
		}
		b.WriteString(";\n")
	}
	return b.String(), nil
}

// engineLiteral writes a normalized row value as a DuckDB literal of the
// engine type typ (warehouse.Column spelling).
func engineLiteral(v any, typ string) string {
	if v == nil {
		return "NULL"
	}
	switch x := v.(type) {
	case string:
		if typ == "text" {
			return literal(x)
		}
		return "CAST(" + literal(x) + " AS " + engineDDLType(typ) + ")"
	case bool:
		return strconv.FormatBool(x)
	case []any:
		elem := strings.TrimSuffix(typ, "[]")
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = engineLiteral(e, elem)
		}
		return "CAST([" + strings.Join(parts, ", ") + "] AS " + engineDDLType(typ) + ")"
	}
	return "CAST(" + literal(fmt.Sprint(v)) + " AS " + engineDDLType(typ) + ")"
}

// engineDDLType spells an engine type in DuckDB, as createTable does.
func engineDDLType(typ string) string {
	base, array := strings.CutSuffix(typ, "[]")
	out := ddlTypes[base]
	if out == "" {
		out = "VARCHAR"
	}
	if array {
		out += "[]"
	}
	return out
}

// queryWithTemps runs sql on a connection of its own, in a transaction
// holding the session's temporary tables' rows; closing the rows rolls it
// back and discards the connection.
func (c *Catalog) queryWithTemps(ctx context.Context, sql string, s Session) (warehouse.Rows, error) {
	ins, err := c.overlaySQL(ctx, s)
	if err != nil {
		return nil, err
	}
	conn, err := c.db.Session(ctx)
	if err != nil {
		return nil, catalogError(err)
	}
	if err := conn.Exec(ctx, "BEGIN TRANSACTION;\n"+ins); err != nil {
		endOverlay(conn)
		return nil, catalogError(err)
	}
	rows, err := conn.Query(ctx, c.sessionSQL(s)+sql)
	if err != nil {
		endOverlay(conn)
		return nil, catalogError(err)
	}
	return &overlayRows{errRows: errRows{Rows: rows}, conn: conn}, nil
}

func endOverlay(conn warehouse.Session) {
	_ = conn.Exec(context.Background(), "ROLLBACK")
	_ = conn.Close()
}

// overlayRows ends the overlay's transaction with the rows.
type overlayRows struct {
	errRows
	conn warehouse.Session
}

func (r *overlayRows) Close() error {
	err := r.Rows.Close()
	if r.conn != nil {
		endOverlay(r.conn)
		r.conn = nil
	}
	return err
}
