package planner

import (
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

// engineSchemas are where the catalog engine keeps PostgreSQL's catalog
// schemas (DuckDB's own pg_catalog and information_schema describe DuckDB).
var engineSchemas = map[string]string{"pg_catalog": "pgcat", "information_schema": "pginfo"}

// rewriteCatalog rewrites a catalog statement for the catalog engine and
// prints it. The statement is cloned: raw is left as it was.
func rewriteCatalog(raw *pg.RawStmt, version int32) (string, error) {
	raw = proto.Clone(raw).(*pg.RawStmt)
	nameResultColumns(raw)
	r := &catalogRewriter{ctes: cteNames(raw)}
	tableOIDColumns(raw, r.ctes)
	walkTree(raw, regprocOIDs)
	walkTree(raw, r.visit)
	if r.err != nil {
		return "", r.err
	}
	raw.StmtLocation, raw.StmtLen = 0, 0
	sql, err := pg.Deparse(&pg.ParseResult{Version: version, Stmts: []*pg.RawStmt{raw}})
	if err != nil {
		return "", sqlerr.New(sqlerr.Internal, "printing a catalog query: %v", err)
	}
	return sql, nil
}

type catalogRewriter struct {
	ctes map[string]bool
	err  error
}

func (r *catalogRewriter) visit(m proto.Message) {
	switch x := m.(type) {
	case *pg.RangeVar:
		r.rangeVar(x)
	case *pg.FuncCall:
		qualifyFunction(x)
	case *pg.RangeFunction:
		nameScalarFunctionColumn(x)
	case *pg.ResTarget:
		targetSetFunction(x)
	case *pg.Node:
		if rf := x.GetRangeFunction(); rf != nil {
			scalarFunctionInFrom(x, rf)
			return
		}
		r.node(x)
	case *pg.ColumnRef:
		// pg_catalog.pg_class.relname names the table with its schema.
		if f := qualifiedName(x.Fields); len(f) >= 3 && engineSchemas[f[0]] != "" {
			x.Fields[0] = pg.MakeStrNode(engineSchemas[f[0]])
		}
	}
}

func (r *catalogRewriter) rangeVar(rv *pg.RangeVar) {
	rv.Catalogname = ""
	if s := engineSchemas[rv.Schemaname]; s != "" {
		rv.Schemaname = s
		return
	}
	if rv.Schemaname == "" && !r.ctes[rv.Relname] && strings.HasPrefix(rv.Relname, "pg_") {
		rv.Schemaname = "pgcat"
	}
}

// qualifyFunction points a catalog function at its macro and drops
// pg_catalog from any other (DuckDB's own function answers it).
func qualifyFunction(f *pg.FuncCall) {
	name := qualifiedName(f.Funcname)
	if schema, ok := catalogFunction(name); ok {
		f.Funcname = strNodes(schema, name[len(name)-1])
		return
	}
	if len(name) == 2 && name[0] == "pg_catalog" {
		name = name[1:]
		f.Funcname = strNodes(name[0])
	}
	if len(name) == 1 && duckdbNames[name[0]] != "" {
		f.Funcname = strNodes(duckdbNames[name[0]])
	}
}

// duckdbNames are DuckDB's names of PostgreSQL functions clients' catalog
// queries call that DuckDB has under another name.
var duckdbNames = map[string]string{"json_build_object": "json_object", "jsonb_build_object": "json_object", "btrim": "trim"}

// textProducing reports whether n is visibly text, so that its ::regclass
// reads a name at run time rather than naming an OID.
func textProducing(n *pg.Node) bool {
	if tc := n.GetTypeCast(); tc != nil {
		name := qualifiedName(tc.TypeName.Names)
		switch name[len(name)-1] {
		case "text", "varchar", "name", "bpchar":
			return true
		}
	}
	if f := n.GetFuncCall(); f != nil {
		name := qualifiedName(f.Funcname)
		switch name[len(name)-1] {
		case "pg_get_serial_sequence", "quote_ident", "format", "concat", "concat_ws", "current_schema":
			return true
		}
	}
	return false
}

// scalarSetFunctions return one unnamed column: PostgreSQL names it after
// the FROM item's alias, DuckDB after the function.
var scalarSetFunctions = map[string]bool{"generate_series": true, "unnest": true, "generate_subscripts": true}

// nameScalarFunctionColumn makes "FROM generate_series(...) s" name its
// column s in DuckDB too, as "s" means the value there, not the row.
func nameScalarFunctionColumn(rf *pg.RangeFunction) {
	if rf.Alias == nil || len(rf.Alias.Colnames) > 0 || len(rf.Functions) != 1 || rf.Ordinality {
		return
	}
	items := rf.Functions[0].GetList().GetItems()
	if len(items) == 0 || items[0].GetFuncCall() == nil {
		return
	}
	name := qualifiedName(items[0].GetFuncCall().Funcname)
	if scalarSetFunctions[name[len(name)-1]] {
		rf.Alias.Colnames = strNodes(rf.Alias.Aliasname)
	}
}

// tableFunctions are the functions DuckDB can read in FROM.
var tableFunctions = map[string]bool{"generate_series": true, "unnest": true, "generate_subscripts": true,
	"range": true, "pg_get_keywords": true, "_pg_expandarray": true}

// scalarFunctionInFrom: PostgreSQL reads any function in FROM, a scalar one
// as one row of one column named after the alias ("FROM
// string_to_array(...) s"); DuckDB reads only table functions there, so a
// scalar one becomes (SELECT f(...) AS s) s.
func scalarFunctionInFrom(n *pg.Node, rf *pg.RangeFunction) {
	if len(rf.Functions) != 1 || rf.Ordinality || rf.Alias == nil {
		return
	}
	items := rf.Functions[0].GetList().GetItems()
	if len(items) == 0 || items[0].GetFuncCall() == nil {
		return
	}
	name := qualifiedName(items[0].GetFuncCall().Funcname)
	if tableFunctions[name[len(name)-1]] {
		return
	}
	col := rf.Alias.Aliasname
	if len(rf.Alias.Colnames) == 1 {
		col = qualifiedName(rf.Alias.Colnames)[0]
	}
	sel := &pg.SelectStmt{TargetList: []*pg.Node{pg.MakeResTargetNodeWithNameAndVal(col, items[0], -1)}}
	n.Node = &pg.Node_RangeSubselect{RangeSubselect: &pg.RangeSubselect{
		Subquery: &pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: sel}},
		Alias:    &pg.Alias{Aliasname: rf.Alias.Aliasname},
	}}
}

// node rewrites the expressions DuckDB spells differently.
func (r *catalogRewriter) node(n *pg.Node) {
	switch x := n.Node.(type) {
	case *pg.Node_AExpr:
		regexOperator(n, x.AExpr)
		arrayConcat(n, x.AExpr)
		arrayAny(n, x.AExpr)
	case *pg.Node_CollateClause:
		// DuckDB has no "default" or "C" collation; text compares
		// byte-wise there, as it does under COLLATE "C".
		n.Node = x.CollateClause.Arg.Node
	case *pg.Node_TypeCast:
		r.typeCast(n, x.TypeCast)
	case *pg.Node_SqlvalueFunction:
		if name, ok := sqlValueFunctions[x.SqlvalueFunction.Op]; ok {
			n.Node = pg.MakeFuncCallNode(strNodes("pgcat", name), nil, x.SqlvalueFunction.Location).Node
		}
	case *pg.Node_AIndirection:
		shiftVectorSubscripts(x.AIndirection)
	}
}

// regexOperator: PostgreSQL's ~ matches anywhere in the string, DuckDB's
// ~ only the whole string; regexp_matches is the partial match.
func regexOperator(n *pg.Node, e *pg.A_Expr) {
	if e.Kind != pg.A_Expr_Kind_AEXPR_OP {
		return
	}
	name := qualifiedName(e.Name)
	if len(name) == 0 {
		return
	}
	op := name[len(name)-1]
	if len(name) == 2 && name[0] == "pg_catalog" {
		e.Name = strNodes(op)
	}
	var negate, insensitive bool
	switch op {
	case "~":
	case "~*":
		insensitive = true
	case "!~":
		negate = true
	case "!~*":
		negate, insensitive = true, true
	default:
		return
	}
	args := []*pg.Node{e.Lexpr, e.Rexpr}
	if insensitive {
		args = append(args, pg.MakeAConstStrNode("i", e.Location))
	}
	call := pg.MakeFuncCallNode(strNodes("regexp_matches"), args, e.Location)
	if negate {
		call = pg.MakeBoolExprNode(pg.BoolExprType_NOT_EXPR, []*pg.Node{call}, e.Location)
	}
	n.Node = call.Node
}

// arrayConcat: PostgreSQL's array || array with one NULL side is the other
// side, DuckDB's is NULL; list_concat treats NULL as empty. Only an
// operand that is visibly an array (ARRAY[...], ARRAY(SELECT ...)) tells
// the array || from the text one.
func arrayConcat(n *pg.Node, e *pg.A_Expr) {
	if e.Kind != pg.A_Expr_Kind_AEXPR_OP || !isOperator(qualifiedName(e.Name), "||") {
		return
	}
	if !isArrayExpr(e.Lexpr) && !isArrayExpr(e.Rexpr) {
		return
	}
	n.Node = pg.MakeFuncCallNode(strNodes("list_concat"), []*pg.Node{e.Lexpr, e.Rexpr}, e.Location).Node
}

// arrayAny: DuckDB reads x = ANY(list) as a subquery over the list's
// elements, which it refuses in the ON of an outer join; the macro
// array_eq_any is PostgreSQL's = ANY(array), and x <> ALL(array) is its
// negation (in three-valued logic too). A string literal operand
// ('{1,2}') is left as it is: it is an array only to PostgreSQL's parser.
func arrayAny(n *pg.Node, e *pg.A_Expr) {
	name := qualifiedName(e.Name)
	anyEq := e.Kind == pg.A_Expr_Kind_AEXPR_OP_ANY && isOperator(name, "=")
	allNe := e.Kind == pg.A_Expr_Kind_AEXPR_OP_ALL && (isOperator(name, "<>") || isOperator(name, "!="))
	if !anyEq && !allNe || constText(e.Rexpr) != nil {
		return
	}
	call := callPgcat("array_eq_any", e.Location, e.Lexpr, e.Rexpr)
	if allNe {
		call = pg.MakeBoolExprNode(pg.BoolExprType_NOT_EXPR, []*pg.Node{call}, e.Location)
	}
	n.Node = call.Node
}

func isOperator(name []string, op string) bool { return len(name) > 0 && name[len(name)-1] == op }

func isArrayExpr(n *pg.Node) bool {
	if n == nil {
		return false
	}
	if sl := n.GetSubLink(); sl != nil {
		return sl.SubLinkType == pg.SubLinkType_ARRAY_SUBLINK
	}
	return n.GetAArrayExpr() != nil
}

// typeCast turns casts to reg* types into lookups (a string literal is a
// name to find, anything else an OID to name) and spells other catalog
// types as the engine stores them.
func (r *catalogRewriter) typeCast(n *pg.Node, tc *pg.TypeCast) {
	reg := regType(tc.TypeName)
	if reg == "" {
		engineTypeName(tc.TypeName)
		return
	}
	lit := constText(tc.Arg)
	var call *pg.Node
	var err error
	switch {
	case lit != nil:
		call, err = regInput(reg, *lit, tc.Location)
	case reg == "regclass" && textProducing(tc.Arg):
		call = callPgcat("regclass_in_text", tc.Location, tc.Arg)
	default:
		call = regOutput(reg, tc.Arg, tc.Location)
	}
	if err != nil {
		if r.err == nil {
			r.err = err
		}
		return
	}
	n.Node = call.Node
}

func regInput(reg, lit string, at int32) (*pg.Node, error) {
	switch reg {
	case "regclass":
		parts, err := parseQualifiedName(lit)
		if err != nil {
			return nil, err
		}
		schema := ""
		if len(parts) > 1 {
			schema = parts[len(parts)-2]
		}
		return callPgcat("regclass_in", at, strConst(schema, at), strConst(parts[len(parts)-1], at)), nil
	case "regtype":
		schema, name, array, err := parseTypeName(lit)
		if err != nil {
			return nil, err
		}
		return callPgcat("regtype_in", at, strConst(schema, at), strConst(name, at), boolConst(array, at)), nil
	case "regnamespace":
		parts, err := parseQualifiedName(lit)
		if err != nil {
			return nil, err
		}
		return callPgcat("regnamespace_in", at, strConst(parts[0], at)), nil
	case "regrole":
		parts, err := parseQualifiedName(lit)
		if err != nil {
			return nil, err
		}
		return callPgcat("regrole_in", at, strConst(parts[0], at)), nil
	}
	// regproc and the others are kept as their text: the catalog stores
	// regproc columns (typinput, ...) as the function's name.
	name := lit
	if i := strings.IndexByte(name, '('); i >= 0 {
		name = name[:i]
	}
	name = strings.TrimPrefix(strings.TrimSpace(name), "pg_catalog.")
	return strConst(name, at), nil
}

func regOutput(reg string, arg *pg.Node, at int32) *pg.Node {
	switch reg {
	case "regclass", "regtype", "regnamespace", "regrole":
		return callPgcat(reg+"_out", at, arg)
	case "regproc", "regprocedure":
		return callPgcat("regproc_out", at, arg)
	}
	return arg
}

// parseTypeName reads a type name as regtypein does, with PostgreSQL's own
// grammar: "integer" is pg_catalog.int4, "character varying(20)" varchar.
func parseTypeName(lit string) (schema, name string, array bool, err error) {
	bad := sqlerr.New(sqlerr.InvalidText, "invalid type name %q", lit)
	if strings.ContainsAny(lit, ";") {
		return "", "", false, bad
	}
	tree, perr := pg.Parse("SELECT NULL::" + lit)
	if perr != nil || len(tree.Stmts) != 1 {
		return "", "", false, bad
	}
	sel := tree.Stmts[0].Stmt.GetSelectStmt()
	if sel == nil || len(sel.TargetList) != 1 {
		return "", "", false, bad
	}
	tc := sel.TargetList[0].GetResTarget().GetVal().GetTypeCast()
	if tc == nil {
		return "", "", false, bad
	}
	parts := qualifiedName(tc.TypeName.Names)
	name = parts[len(parts)-1]
	if len(parts) > 1 {
		schema = parts[len(parts)-2]
	}
	return schema, name, len(tc.TypeName.ArrayBounds) > 0, nil
}

// engineTypeName spells a cast's type as the engine has it.
func engineTypeName(tn *pg.TypeName) {
	name := qualifiedName(tn.Names)
	if len(name) == 0 {
		return
	}
	last := name[len(name)-1]
	if len(name) == 2 && (name[0] == "pg_catalog" || name[0] == "information_schema") {
		tn.Names = strNodes(last)
	}
	if t, ok := engineTypes[last]; ok && (len(name) == 1 || isCatalogSchema(name[0])) {
		tn.Names = strNodes(t.name)
		tn.Typmods = nil
		if t.array && len(tn.ArrayBounds) == 0 {
			tn.ArrayBounds = []*pg.Node{pg.MakeIntNode(-1)}
		}
	}
}

// shiftVectorSubscripts adds one to subscripts of int2vector and oidvector
// columns, zero-based in PostgreSQL.
func shiftVectorSubscripts(ind *pg.A_Indirection) {
	cr := ind.Arg.GetColumnRef()
	if cr == nil {
		return
	}
	fields := qualifiedName(cr.Fields)
	if len(fields) == 0 || !vectorColumns[fields[len(fields)-1]] {
		return
	}
	for _, el := range ind.Indirection {
		idx := el.GetAIndices()
		if idx == nil {
			continue
		}
		idx.Lidx, idx.Uidx = plusOne(idx.Lidx), plusOne(idx.Uidx)
	}
}

func plusOne(n *pg.Node) *pg.Node {
	if n == nil {
		return nil
	}
	if c := n.GetAConst(); c != nil {
		if i, ok := c.Val.(*pg.A_Const_Ival); ok {
			return pg.MakeAConstIntNode(int64(i.Ival.Ival)+1, c.Location)
		}
	}
	return pg.MakeAExprNode(pg.A_Expr_Kind_AEXPR_OP, strNodes("+"), n, pg.MakeAConstIntNode(1, -1), -1)
}

func callPgcat(name string, at int32, args ...*pg.Node) *pg.Node {
	return pg.MakeFuncCallNode(strNodes("pgcat", name), args, at)
}

func strConst(s string, at int32) *pg.Node { return pg.MakeAConstStrNode(s, at) }

func boolConst(b bool, at int32) *pg.Node {
	return &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Val: &pg.A_Const_Boolval{Boolval: &pg.Boolean{Boolval: b}}, Location: at}}}
}

// paramLiteral is a bound parameter as a constant of its declared type.
func paramLiteral(v *string, typ uint32) (*pg.Node, error) {
	if v == nil {
		return &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Isnull: true, Location: -1}}}, nil
	}
	switch typ {
	case 16:
		b, err := strconv.ParseBool(strings.TrimSpace(*v))
		if err != nil {
			return nil, sqlerr.New(sqlerr.InvalidText, "invalid input syntax for type boolean: %q", *v)
		}
		return boolConst(b, -1), nil
	case 20, 21, 23, 26, 28, 700, 701, 1700:
		if _, err := strconv.ParseFloat(strings.TrimSpace(*v), 64); err != nil {
			return nil, sqlerr.New(sqlerr.InvalidText, "invalid input syntax for a number: %q", *v)
		}
		return &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Val: &pg.A_Const_Fval{Fval: &pg.Float{Fval: strings.TrimSpace(*v)}}, Location: -1}}}, nil
	}
	return pg.MakeAConstStrNode(*v, -1), nil
}
