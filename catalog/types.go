package catalog

import (
	"fmt"
	"strings"

	"github.com/pitgate/pitgate/warehouse"
)

// typeSet indexes pg15Types and knows how PostgreSQL names each type.
type typeSet struct {
	byOID  map[uint32]*typeSpec
	byName map[string]*typeSpec // pg_catalog types by typname
	// byFormat maps format_type(oid, NULL) to the type, for reading the
	// column types pg15_spec.go lists.
	byFormat map[string]*typeSpec
}

func newTypeSet() *typeSet {
	ts := &typeSet{byOID: map[uint32]*typeSpec{}, byName: map[string]*typeSpec{}, byFormat: map[string]*typeSpec{}}
	for i := range pg15Types {
		t := &pg15Types[i]
		ts.byOID[t.oid] = t
		if t.schema == "pg_catalog" {
			ts.byName[t.name] = t
		}
	}
	for _, t := range ts.byOID {
		ts.byFormat[ts.format(t.oid, noTypmod)] = t
	}
	return ts
}

// noTypmod stands for format_type's NULL typmod argument.
const noTypmod = -2

// isArray is PostgreSQL's IsTrueArrayType as format_type uses it: name,
// int2vector and oidvector have an element type but are not arrays.
func (t *typeSpec) isArray() bool {
	return t.elem != 0 && t.subscript == "array_subscript_handler" && t.storage != "p"
}

// sqlNames are the SQL-standard spellings format_type prints; for the
// types with a typmod the name is split around where "(n)" goes.
var sqlNames = map[string][2]string{
	"bool": {"boolean"}, "int2": {"smallint"}, "int4": {"integer"}, "int8": {"bigint"},
	"float4": {"real"}, "float8": {"double precision"}, "numeric": {"numeric"},
	"varchar": {"character varying"}, "bpchar": {"character"}, "bit": {"bit"}, "varbit": {"bit varying"},
	"time": {"time", " without time zone"}, "timetz": {"time", " with time zone"},
	"timestamp": {"timestamp", " without time zone"}, "timestamptz": {"timestamp", " with time zone"},
	"interval": {"interval"},
}

// format is PostgreSQL 15's format_type(oid, typmod); typmod noTypmod is
// the NULL argument.
func (ts *typeSet) format(oid uint32, typmod int32) string {
	t := ts.byOID[oid]
	if t == nil {
		return "???"
	}
	if t.isArray() {
		return ts.format(t.elem, typmod) + "[]"
	}
	prefix, suffix := ts.formatParts(t)
	if typmod >= 0 {
		if mod := typmodText(t.name, typmod); mod != "" {
			return prefix + mod + suffix
		}
	}
	if typmod == -1 && (t.name == "bpchar" || t.name == "bit") {
		// format_type(x, -1) of these names the type itself: "character"
		// alone would mean character(1).
		return quoteIdent(t.name)
	}
	return prefix + suffix
}

func (ts *typeSet) formatParts(t *typeSpec) (string, string) {
	if n, ok := sqlNames[t.name]; ok && t.schema == "pg_catalog" {
		return n[0], n[1]
	}
	if t.schema == "pg_catalog" {
		return quoteIdent(t.name), ""
	}
	return quoteIdent(t.schema) + "." + quoteIdent(t.name), ""
}

// typmodText prints a type modifier as format_type does: numeric(p,s),
// character varying(n), timestamp(p).
func typmodText(name string, typmod int32) string {
	switch name {
	case "numeric":
		if typmod >= 4 {
			m := typmod - 4
			return fmt.Sprintf("(%d,%d)", (m>>16)&0xffff, m&0xffff)
		}
	case "varchar", "bpchar":
		if typmod >= 4 {
			return fmt.Sprintf("(%d)", typmod-4)
		}
	case "bit", "varbit", "time", "timetz", "timestamp", "timestamptz":
		return fmt.Sprintf("(%d)", typmod)
	}
	return ""
}

// modKind says how the format_type macro prints a typmod for oid.
func (ts *typeSet) modKind(oid uint32) string {
	t := ts.byOID[oid]
	if t.isArray() {
		t = ts.byOID[t.elem]
	}
	switch t.name {
	case "numeric":
		return "numeric"
	case "varchar", "bpchar":
		return "length"
	case "bit", "varbit", "time", "timetz", "timestamp", "timestamptz":
		return "precision"
	}
	return ""
}

// typeAliases are other spellings of type names warehouses report.
var typeAliases = map[string]string{
	"boolean": "bool", "smallint": "int2", "integer": "int4", "int": "int4", "bigint": "int8",
	"real": "float4", "double precision": "float8", "decimal": "numeric",
	"character varying": "varchar", "string": "text",
	"timestamp without time zone": "timestamp", "timestamp with time zone": "timestamptz",
}

// colType is a column's type as pg_attribute holds it.
type colType struct {
	oid    uint32
	typmod int32
}

// ofColumn types a warehouse or registry column; a type PostgreSQL 15 does
// not have becomes text, which is how pitgate's results present it too.
func (ts *typeSet) ofColumn(c warehouse.Column) colType {
	name := strings.ToLower(strings.TrimSpace(c.Type))
	base, array := strings.CutSuffix(name, "[]")
	if a, ok := typeAliases[base]; ok {
		base = a
	}
	t := ts.byName[base]
	if t == nil {
		t = ts.byName["text"]
	}
	typmod := int32(-1)
	if base == "numeric" && c.Precision > 0 {
		typmod = int32(c.Precision<<16|c.Scale) + 4
	}
	if array && t.array != 0 {
		return colType{oid: t.array, typmod: typmod}
	}
	return colType{oid: t.oid, typmod: typmod}
}

// engineType is the type the catalog engine stores a PostgreSQL type as,
// in warehouse.Column's spelling: OIDs as int8; regproc, name, "char" and
// the other name-like types as text; int2vector and oidvector as arrays
// (one-based in the engine, zero-based in PostgreSQL: the planner shifts
// subscripts on them).
func (ts *typeSet) engineType(oid uint32) string {
	t := ts.byOID[oid]
	if t == nil {
		return "text"
	}
	if t.typtype == "d" {
		return ts.engineType(t.basetype)
	}
	if t.isArray() {
		return ts.engineType(t.elem) + "[]"
	}
	switch t.name {
	case "bool", "int2", "int4", "int8", "float4", "float8", "numeric", "bytea", "timestamptz",
		"timestamp", "date", "interval", "uuid", "json", "jsonb", "time":
		return t.name
	case "oid", "xid", "cid", "xid8":
		return "int8"
	case "int2vector":
		return "int2[]"
	case "oidvector":
		return "int8[]"
	}
	return "text"
}

// quoteIdent quotes an identifier as PostgreSQL's quote_ident does.
func quoteIdent(s string) string {
	if s != "" && isPlainIdent(s) && !reservedWord(s) {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

func isPlainIdent(s string) bool {
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r == '_':
		case (r >= '0' && r <= '9') || r == '$':
			if i == 0 {
				return false
			}
		default:
			return false
		}
	}
	return true
}

var keywordCategory = func() map[string]string {
	m := map[string]string{}
	for _, k := range pg15Keywords {
		parts := strings.Split(k, ":")
		m[parts[0]] = parts[1]
	}
	return m
}()

// reservedWord reports whether quote_ident must quote the keyword s: every
// keyword but the unreserved ones.
func reservedWord(s string) bool {
	cat, ok := keywordCategory[s]
	return ok && cat != "U"
}
