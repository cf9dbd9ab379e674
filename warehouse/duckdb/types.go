package duckdb

import (
	"strconv"
	"strings"

	"github.com/pitgate/pitgate/warehouse"
)

// duckType is a DuckDB type parsed from the driver's type name, e.g.
// DECIMAL(10,2), INTEGER[], STRUCT("a" INTEGER, "b" VARCHAR)[], MAP(VARCHAR, INTEGER).
type duckType struct {
	name         string // INTEGER, DECIMAL, LIST, ARRAY, STRUCT, MAP, UNION, ...
	width, scale int    // DECIMAL
	elem         *duckType
	fields       []field // STRUCT fields, UNION members
	key, value   *duckType
}

type field struct {
	name string
	typ  *duckType
}

// scalarPG maps DuckDB's scalar type names to PostgreSQL's. Unsigned types
// widen to the next signed type that holds every value.
var scalarPG = map[string]warehouse.Column{
	"BOOLEAN": {Type: "bool"}, "TINYINT": {Type: "int2"}, "SMALLINT": {Type: "int2"},
	"INTEGER": {Type: "int4"}, "BIGINT": {Type: "int8"}, "UTINYINT": {Type: "int2"},
	"USMALLINT": {Type: "int4"}, "UINTEGER": {Type: "int8"},
	"UBIGINT": {Type: "numeric", Precision: 20}, "HUGEINT": {Type: "numeric", Precision: 39},
	"UHUGEINT": {Type: "numeric", Precision: 39}, "BIGNUM": {Type: "numeric"},
	"FLOAT": {Type: "float4"}, "DOUBLE": {Type: "float8"},
	"VARCHAR": {Type: "text"}, "ENUM": {Type: "text"}, "BIT": {Type: "text"},
	"BLOB": {Type: "bytea"}, "GEOMETRY": {Type: "bytea"},
	"DATE": {Type: "date"}, "TIME": {Type: "time"}, "TIMETZ": {Type: "timetz"},
	"TIMESTAMP": {Type: "timestamp"}, "TIMESTAMP_S": {Type: "timestamp"},
	"TIMESTAMP_MS": {Type: "timestamp"}, "TIMESTAMP_NS": {Type: "timestamp"},
	"TIMESTAMPTZ": {Type: "timestamptz"}, "INTERVAL": {Type: "interval"},
	"UUID": {Type: "uuid"}, "JSON": {Type: "json"},
}

// pgColumn names the PostgreSQL type a DuckDB type is presented as.
func pgColumn(name string, t *duckType) warehouse.Column {
	col := pgType(t)
	col.Name = name
	return col
}

func pgType(t *duckType) warehouse.Column {
	switch {
	case t.name == "DECIMAL":
		return warehouse.Column{Type: "numeric", Precision: t.width, Scale: t.scale}
	case t.isList() && t.elem.isList():
		// PostgreSQL has no arrays of arrays with ragged lengths: show the text.
		return warehouse.Column{Type: "text"}
	case t.isList():
		elem := pgType(t.elem)
		elem.Type += "[]"
		return elem
	}
	if col, ok := scalarPG[t.name]; ok {
		return col
	}
	return warehouse.Column{Type: "text"}
}

func (t *duckType) isList() bool { return t.name == "LIST" || t.name == "ARRAY" }

// rendered reports whether values of t reach callers as readable text
// rather than a Go value of their own.
func (t *duckType) rendered() bool {
	if t.isList() {
		return t.elem.isList()
	}
	_, scalar := scalarPG[t.name]
	return !scalar && t.name != "DECIMAL"
}

// parseDuckType parses a driver type name. A name it cannot read becomes an
// opaque type, shown as text.
func parseDuckType(s string) *duckType {
	p := typeParser{s: s}
	t, ok := p.typ()
	if !ok || p.i != len(s) {
		return &duckType{name: s}
	}
	return t
}

type typeParser struct {
	s string
	i int
}

func (p *typeParser) typ() (*duckType, bool) {
	t := &duckType{name: p.word()}
	if t.name == "" {
		return nil, false
	}
	if p.eat("(") {
		if !p.args(t) || !p.eat(")") {
			return nil, false
		}
	}
	for p.eat("[") {
		size := p.number()
		if !p.eat("]") {
			return nil, false
		}
		kind := "LIST"
		if size != "" {
			kind = "ARRAY"
		}
		t = &duckType{name: kind, elem: t}
	}
	return t, true
}

func (p *typeParser) args(t *duckType) bool {
	switch t.name {
	case "DECIMAL":
		w, _ := strconv.Atoi(p.number())
		ok := p.eat(",")
		p.eat(" ")
		s, _ := strconv.Atoi(p.number())
		t.width, t.scale = w, s
		return ok
	case "MAP":
		var ok bool
		if t.key, ok = p.typ(); !ok || !p.eat(", ") {
			return false
		}
		t.value, ok = p.typ()
		return ok
	case "STRUCT", "UNION":
		return p.fields(t)
	}
	return false
}

func (p *typeParser) fields(t *duckType) bool {
	for {
		name, ok := p.quoted()
		if !ok || !p.eat(" ") {
			return false
		}
		ft, ok := p.typ()
		if !ok {
			return false
		}
		t.fields = append(t.fields, field{name: name, typ: ft})
		if !p.eat(", ") {
			return true
		}
	}
}

func (p *typeParser) word() string {
	start := p.i
	for p.i < len(p.s) {
		c := p.s[p.i]
		if !(c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			break
		}
		p.i++
	}
	return strings.ToUpper(p.s[start:p.i])
}

func (p *typeParser) number() string {
	start := p.i
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		p.i++
	}
	return p.s[start:p.i]
}

// quoted reads a "name" with "" standing for one quote, as DuckDB escapes
// STRUCT field names.
func (p *typeParser) quoted() (string, bool) {
	if !p.eat(`"`) {
		return "", false
	}
	var b strings.Builder
	for p.i < len(p.s) {
		c := p.s[p.i]
		p.i++
		if c != '"' {
			b.WriteByte(c)
			continue
		}
		if !p.eat(`"`) {
			return b.String(), true
		}
		b.WriteByte('"')
	}
	return "", false
}

func (p *typeParser) eat(tok string) bool {
	if strings.HasPrefix(p.s[p.i:], tok) {
		p.i += len(tok)
		return true
	}
	return false
}
