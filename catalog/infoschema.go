package catalog

import "strconv"

// fillInformationSchema fills the information_schema views that describe
// relations. They are tables in the engine, filled from the same objects as
// pg_catalog, so the two never disagree.
func (o *objects) fillInformationSchema(c content) {
	c.add("information_schema.information_schema_catalog_name", row{"catalog_name": Database})
	for _, name := range o.schemaNames() {
		c.add("information_schema.schemata", row{"catalog_name": Database, "schema_name": name, "schema_owner": Role})
	}
	for _, r := range o.rels {
		c.add("information_schema.tables", tablesRow(r))
		if r.kind == "v" {
			var def any
			if !r.builtin {
				def = r.def
			}
			c.add("information_schema.views", row{
				"table_catalog": Database, "table_schema": r.schema, "table_name": r.name, "view_definition": def,
				"check_option": "NONE", "is_updatable": "NO", "is_insertable_into": "NO",
				"is_trigger_updatable": "NO", "is_trigger_deletable": "NO", "is_trigger_insertable_into": "NO",
			})
		}
		for i, col := range r.cols {
			c.add("information_schema.columns", o.columnsRow(r, i+1, col))
		}
	}
}

func tablesRow(r *relation) row {
	typ, insertable := "BASE TABLE", "YES"
	if r.kind == "v" {
		typ, insertable = "VIEW", "NO"
	}
	return row{"table_catalog": Database, "table_schema": r.schema, "table_name": r.name, "table_type": typ,
		"is_insertable_into": insertable, "is_typed": "NO"}
}

// columnsRow follows PostgreSQL 15's information_schema.columns: data_type
// is the SQL name (ARRAY for arrays, the base type for a domain), udt_name
// the type's own name, and the numeric and datetime facets are filled as
// PostgreSQL's _pg_numeric_precision and friends compute them.
func (o *objects) columnsRow(r *relation, num int, col column) row {
	t := o.types.byOID[col.typ.oid]
	base := t
	out := row{
		"table_catalog": Database, "table_schema": r.schema, "table_name": r.name, "column_name": col.name,
		"ordinal_position": num, "is_nullable": yesNo(!col.notnull), "udt_catalog": Database,
		"udt_schema": t.schema, "udt_name": t.name, "dtd_identifier": strconv.Itoa(num), "is_self_referencing": "NO",
		"is_identity": "NO", "identity_cycle": "NO", "is_generated": "NEVER", "is_updatable": yesNo(r.kind == "r"),
	}
	if t.typtype == "d" {
		base = o.types.byOID[t.basetype]
		out["domain_catalog"], out["domain_schema"], out["domain_name"] = Database, t.schema, t.name
		out["udt_schema"], out["udt_name"] = base.schema, base.name
	}
	switch {
	case base.isArray():
		out["data_type"] = "ARRAY"
	default:
		out["data_type"] = o.types.format(base.oid, noTypmod)
	}
	for k, v := range numericFacets(base.name, col.typ.typmod) {
		out[k] = v
	}
	return out
}

func numericFacets(name string, typmod int32) row {
	switch name {
	case "int2":
		return row{"numeric_precision": 16, "numeric_precision_radix": 2, "numeric_scale": 0}
	case "int4":
		return row{"numeric_precision": 32, "numeric_precision_radix": 2, "numeric_scale": 0}
	case "int8":
		return row{"numeric_precision": 64, "numeric_precision_radix": 2, "numeric_scale": 0}
	case "float4":
		return row{"numeric_precision": 24, "numeric_precision_radix": 2}
	case "float8":
		return row{"numeric_precision": 53, "numeric_precision_radix": 2}
	case "numeric":
		if typmod >= 4 {
			m := typmod - 4
			return row{"numeric_precision": int(m >> 16 & 0xffff), "numeric_precision_radix": 10, "numeric_scale": int(m & 0xffff)}
		}
		return row{"numeric_precision_radix": 10}
	case "date":
		return row{"datetime_precision": 0}
	case "time", "timetz", "timestamp", "timestamptz", "interval":
		p := 6
		if typmod >= 0 {
			p = int(typmod)
		}
		return row{"datetime_precision": p}
	case "text", "varchar", "bpchar":
		if typmod >= 4 {
			return row{"character_maximum_length": int(typmod - 4), "character_octet_length": int(typmod-4) * 4}
		}
		return row{"character_octet_length": 1073741824}
	}
	return nil
}

func yesNo(b bool) string {
	if b {
		return "YES"
	}
	return "NO"
}
