package planner

import (
	"math"
	"strconv"
	"strings"
	"sync"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// The parse tree of INSERT INTO t [(cols)] VALUES (...), ... whose items
// are all plain literals (what pandas' to_sql, psycopg2's execute_values
// and SQLAlchemy's insertmanyvalues send, thousands of rows a statement)
// is built here by a scanner of that one shape instead of by the
// PostgreSQL parser, whose parse and protobuf round trip are most of such
// a statement's cost in the gateway. The tree is the parser's own
// (insert_fast_test.go compares them node for node), so binding and every
// error are the same. Anything else in the text — a comment, an
// expression, E'' strings, a parameter, a second statement — and the
// parser takes it.

// parseFastInsert is sql's parse tree when it is such an INSERT.
func parseFastInsert(sql string) (*pg.ParseResult, bool) {
	if len(sql) < 6 || !strings.EqualFold(sql[:6], "insert") {
		return nil, false
	}
	sc := insertScanner{s: sql}
	stmt, ok := sc.insert()
	if !ok {
		return nil, false
	}
	raw := &pg.RawStmt{Stmt: &pg.Node{Node: &pg.Node_InsertStmt{InsertStmt: stmt}}}
	if sc.semicolon >= 0 {
		raw.StmtLen = int32(sc.semicolon)
	}
	return &pg.ParseResult{Version: parserVersion(), Stmts: []*pg.RawStmt{raw}}, true
}

var parserVersion = sync.OnceValue(func() int32 {
	tree, err := pg.Parse("SELECT")
	if err != nil {
		return 0
	}
	return tree.Version
})

type insertScanner struct {
	s         string
	i         int
	semicolon int
}

func (sc *insertScanner) insert() (*pg.InsertStmt, bool) {
	if !sc.keyword("insert") || !sc.keyword("into") {
		return nil, false
	}
	rel, ok := sc.relation()
	if !ok {
		return nil, false
	}
	stmt := &pg.InsertStmt{Relation: rel, Override: pg.OverridingKind_OVERRIDING_NOT_SET}
	if sc.punct('(') {
		if stmt.Cols, ok = sc.columns(); !ok {
			return nil, false
		}
	}
	if !sc.keyword("values") {
		return nil, false
	}
	sel := &pg.SelectStmt{LimitOption: pg.LimitOption_LIMIT_OPTION_DEFAULT, Op: pg.SetOperation_SETOP_NONE}
	for {
		if !sc.punct('(') {
			return nil, false
		}
		items, ok := sc.items()
		if !ok {
			return nil, false
		}
		sel.ValuesLists = append(sel.ValuesLists, &pg.Node{Node: &pg.Node_List{List: &pg.List{Items: items}}})
		if !sc.punct(',') {
			break
		}
	}
	stmt.SelectStmt = &pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: sel}}
	sc.semicolon = -1
	sc.space()
	if sc.i < len(sc.s) && sc.s[sc.i] == ';' {
		sc.semicolon = sc.i
		sc.i++
		sc.space()
	}
	return stmt, sc.i == len(sc.s)
}

// space skips white space; a comment is not scanned (the parser takes it).
func (sc *insertScanner) space() {
	for sc.i < len(sc.s) {
		switch sc.s[sc.i] {
		case ' ', '\t', '\n', '\r', '\f', '\v':
			sc.i++
		default:
			return
		}
	}
}

func (sc *insertScanner) punct(c byte) bool {
	sc.space()
	if sc.i < len(sc.s) && sc.s[sc.i] == c {
		sc.i++
		return true
	}
	return false
}

func (sc *insertScanner) keyword(kw string) bool {
	sc.space()
	end := sc.i + len(kw)
	if end > len(sc.s) || !strings.EqualFold(sc.s[sc.i:end], kw) || end < len(sc.s) && identChar(sc.s[end]) {
		return false
	}
	sc.i = end
	return true
}

// reservedNames may not stand unquoted where a name goes.
var reservedNames = map[string]bool{"values": true, "select": true, "default": true, "table": true, "with": true,
	"only": true, "overriding": true, "returning": true, "on": true, "as": true}

// ident is a name: unquoted (folded to lower case) or "quoted".
func (sc *insertScanner) ident() (name string, at int32, ok bool) {
	sc.space()
	start := sc.i
	if sc.i < len(sc.s) && sc.s[sc.i] == '"' {
		var b strings.Builder
		for sc.i++; sc.i < len(sc.s); sc.i++ {
			if sc.s[sc.i] != '"' {
				b.WriteByte(sc.s[sc.i])
				continue
			}
			if sc.i+1 < len(sc.s) && sc.s[sc.i+1] == '"' {
				b.WriteByte('"')
				sc.i++
				continue
			}
			sc.i++
			return b.String(), int32(start), b.Len() > 0
		}
		return "", 0, false
	}
	if sc.i >= len(sc.s) || !identStart(sc.s[sc.i]) {
		return "", 0, false
	}
	for sc.i < len(sc.s) && identChar(sc.s[sc.i]) {
		sc.i++
	}
	name = strings.ToLower(sc.s[start:sc.i])
	return name, int32(start), !reservedNames[name]
}

func identStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func identChar(c byte) bool  { return identStart(c) || c >= '0' && c <= '9' || c == '$' }

func (sc *insertScanner) relation() (*pg.RangeVar, bool) {
	name, at, ok := sc.ident()
	if !ok {
		return nil, false
	}
	rel := &pg.RangeVar{Relname: name, Inh: true, Relpersistence: "p", Location: at}
	if sc.i < len(sc.s) && sc.s[sc.i] == '.' {
		sc.i++
		if rel.Relname, _, ok = sc.ident(); !ok {
			return nil, false
		}
		rel.Schemaname = name
	}
	return rel, true
}

func (sc *insertScanner) columns() ([]*pg.Node, bool) {
	var cols []*pg.Node
	for {
		name, at, ok := sc.ident()
		if !ok {
			return nil, false
		}
		cols = append(cols, &pg.Node{Node: &pg.Node_ResTarget{ResTarget: &pg.ResTarget{Name: name, Location: at}}})
		if sc.punct(')') {
			return cols, true
		}
		if !sc.punct(',') {
			return nil, false
		}
	}
}

// items scans a row's literals up to its closing parenthesis.
func (sc *insertScanner) items() ([]*pg.Node, bool) {
	var items []*pg.Node
	for {
		item, ok := sc.item()
		if !ok {
			return nil, false
		}
		items = append(items, item)
		if sc.punct(')') {
			return items, true
		}
		if !sc.punct(',') {
			return nil, false
		}
	}
}

// item is a literal, optionally cast with :: to a one-word type.
func (sc *insertScanner) item() (*pg.Node, bool) {
	sc.space()
	c, ok := sc.literal()
	if !ok {
		return nil, false
	}
	node := &pg.Node{Node: &pg.Node_AConst{AConst: c}}
	sc.space()
	if !strings.HasPrefix(sc.s[sc.i:], "::") {
		return node, true
	}
	at := int32(sc.i)
	sc.i += 2
	name, typeAt, ok := sc.ident()
	typ, known := castTypes[name]
	if !ok || !known || sc.i < len(sc.s) && (sc.s[sc.i] == '(' || sc.s[sc.i] == '[' || sc.s[sc.i] == '.') {
		return nil, false
	}
	var names []*pg.Node
	if typ.catalog {
		names = append(names, pg.MakeStrNode("pg_catalog"))
	}
	names = append(names, pg.MakeStrNode(typ.name))
	tn := &pg.TypeName{Names: names, Typemod: -1, Location: typeAt}
	return &pg.Node{Node: &pg.Node_TypeCast{TypeCast: &pg.TypeCast{Arg: node, TypeName: tn, Location: at}}}, true
}

// castTypes are the type names a cast may name, as the parser spells
// them: SQL's keywords become pg_catalog's names.
var castTypes = map[string]struct {
	name    string
	catalog bool
}{
	"timestamptz": {"timestamptz", false}, "timestamp": {"timestamp", true}, "date": {"date", false},
	"text": {"text", false}, "int2": {"int2", false}, "int4": {"int4", false}, "int8": {"int8", false},
	"float4": {"float4", false}, "float8": {"float8", false}, "bool": {"bool", false}, "uuid": {"uuid", false},
	"numeric": {"numeric", true}, "bigint": {"int8", true}, "integer": {"int4", true}, "int": {"int4", true},
	"smallint": {"int2", true}, "boolean": {"bool", true}, "real": {"float4", true}, "bytea": {"bytea", false},
}

// literal is NULL, TRUE, FALSE, a 'string' or a number (a minus sign
// right before it folded in, as the parser folds it).
func (sc *insertScanner) literal() (*pg.A_Const, bool) {
	at := int32(sc.i)
	switch {
	case sc.i >= len(sc.s):
		return nil, false
	case sc.s[sc.i] == '\'':
		s, ok := sc.str()
		return &pg.A_Const{Val: &pg.A_Const_Sval{Sval: &pg.String{Sval: s}}, Location: at}, ok
	case sc.keyword("null"):
		return &pg.A_Const{Isnull: true, Location: at}, true
	case sc.keyword("true"):
		return &pg.A_Const{Val: &pg.A_Const_Boolval{Boolval: &pg.Boolean{Boolval: true}}, Location: at}, true
	case sc.keyword("false"):
		return &pg.A_Const{Val: &pg.A_Const_Boolval{Boolval: &pg.Boolean{}}, Location: at}, true
	}
	return sc.number(at)
}

// str scans a standard-conforming 'string' (a doubled quote is a quote; a
// backslash is itself). A string continued on the next line is not scanned.
func (sc *insertScanner) str() (string, bool) {
	start := sc.i + 1
	if end := strings.IndexByte(sc.s[start:], '\''); end >= 0 && (start+end+1 == len(sc.s) || sc.s[start+end+1] != '\'') {
		sc.i = start + end + 1
		return sc.s[start : start+end], true // no doubled quote: the text itself, no copy
	}
	var b strings.Builder
	for sc.i = start; sc.i < len(sc.s); sc.i++ {
		if sc.s[sc.i] != '\'' {
			b.WriteByte(sc.s[sc.i])
			continue
		}
		if sc.i+1 < len(sc.s) && sc.s[sc.i+1] == '\'' {
			b.WriteByte('\'')
			sc.i++
			continue
		}
		sc.i++
		return b.String(), true
	}
	return "", false
}

// number scans digits[.digits][e[+-]digits] (or .digits...), with an
// optional minus sign: an integer that fits int4 is an Ival, any other
// number keeps its text as an Fval.
func (sc *insertScanner) number(at int32) (*pg.A_Const, bool) {
	start := sc.i
	if sc.s[sc.i] == '-' {
		sc.i++
	}
	digits := sc.digits()
	integer := true
	if sc.i < len(sc.s) && sc.s[sc.i] == '.' {
		sc.i++
		digits += sc.digits()
		integer = false
	}
	if digits == 0 {
		return nil, false
	}
	if sc.i < len(sc.s) && (sc.s[sc.i] == 'e' || sc.s[sc.i] == 'E') {
		sc.i++
		if sc.i < len(sc.s) && (sc.s[sc.i] == '+' || sc.s[sc.i] == '-') {
			sc.i++
		}
		if sc.digits() == 0 {
			return nil, false
		}
		integer = false
	}
	if sc.i < len(sc.s) && (identChar(sc.s[sc.i]) || sc.s[sc.i] == '.') {
		return nil, false // 1abc, 0x1f, 1_000, 1.2.3: the parser's business
	}
	text := sc.s[start:sc.i]
	if integer {
		// The parser reads the digits, then folds the sign in: -2147483648
		// is an Fval, as 2147483648 is.
		if n, err := strconv.ParseInt(strings.TrimPrefix(text, "-"), 10, 64); err == nil && n <= math.MaxInt32 {
			if text[0] == '-' {
				n = -n
			}
			return &pg.A_Const{Val: &pg.A_Const_Ival{Ival: &pg.Integer{Ival: int32(n)}}, Location: at}, true
		}
	}
	return &pg.A_Const{Val: &pg.A_Const_Fval{Fval: &pg.Float{Fval: text}}, Location: at}, true
}

func (sc *insertScanner) digits() int {
	n := 0
	for sc.i < len(sc.s) && sc.s[sc.i] >= '0' && sc.s[sc.i] <= '9' {
		sc.i++
		n++
	}
	return n
}
