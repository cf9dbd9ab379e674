package planner

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

// CatalogQuery is a statement that pitgate's catalog engine answers (a
// query of pg_catalog or information_schema, or of catalog functions only),
// rewritten for that engine (package catalog, an in-memory DuckDB).
type CatalogQuery struct {
	// Text is the statement as the client wrote it.
	Text string
	// SQL is the statement for the catalog engine; "" when it has
	// parameters, until Bind supplies them.
	SQL string
	// NumParams is the highest $n the statement uses.
	NumParams int
	// SetConfig lists the set_config(name, value, is_local) calls with
	// constant arguments: the session applies them (as SET or SET LOCAL)
	// before running SQL, which returns the values as PostgreSQL does.
	SetConfig []Set
	// Err is the error rewriting this statement, to report when it runs.
	Err     error
	stmt    *pg.RawStmt
	version int32 // of the parse tree, which Deparse checks
}

// Catalog tells, for each statement of sql in order, whether the catalog
// engine answers it: each element is its CatalogQuery, or nil for a
// statement the gateway routes as usual (Plan). It fails only on a syntax
// error, the same one Plan reports.
//
// A statement is a catalog query when it is a SELECT that reads
// pg_catalog or information_schema relations (qualified, or pg_* names
// unqualified as PostgreSQL's search_path finds them), or that reads no
// relation at all and calls a catalog function (version(), current_schema,
// set_config, ...). One that mixes catalog relations with feature views or
// warehouse tables gets a 0A000 Err.
func (p *Planner) Catalog(sql string) (out []*CatalogQuery, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, sqlerr.New(sqlerr.Internal, "internal error while rewriting a catalog query: %v", r).
				WithHint("this is a pitgate bug; please report the statement")
		}
	}()
	scan, err := prescanASOF(sql)
	if err != nil {
		return nil, err
	}
	tree, err := pg.Parse(scan.sql)
	if err != nil {
		return nil, syntaxError(err)
	}
	out = make([]*CatalogQuery, len(tree.Stmts))
	for i, raw := range tree.Stmts {
		out[i] = p.catalogStatement(sql, raw, tree.Version)
	}
	return out, nil
}

func (p *Planner) catalogStatement(sql string, raw *pg.RawStmt, version int32) *CatalogQuery {
	if raw.Stmt.GetSelectStmt() == nil {
		return nil
	}
	refs := p.catalogRefs(raw)
	if !refs.catalog() {
		return nil
	}
	q := &CatalogQuery{Text: statementText(sql, raw), NumParams: refs.params, stmt: raw, version: version}
	if len(refs.others) > 0 {
		q.Err = sqlerr.New(sqlerr.FeatureNotSupported,
			"a query of pg_catalog or information_schema cannot also read %s", refs.others[0]).
			WithHint("query the catalog and the features in separate statements")
		return q
	}
	q.SetConfig = setConfigCalls(raw)
	if q.NumParams == 0 {
		q.SQL, q.Err = rewriteCatalog(raw, version)
	}
	return q
}

// Bind returns the statement's SQL with each $n replaced by params[n-1]:
// PostgreSQL's text form of the value, nil for NULL. types are the
// parameters' declared type OIDs (missing or 0: unknown, taken as text);
// integer, float, numeric and boolean ones become literals of their kind.
func (q *CatalogQuery) Bind(params []*string, types []uint32) (string, error) {
	if q.Err != nil {
		return "", q.Err
	}
	if q.NumParams == 0 {
		return q.SQL, nil
	}
	if len(params) < q.NumParams {
		return "", sqlerr.New(sqlerr.ProtocolViolation, "statement needs %d parameters, %d given", q.NumParams, len(params))
	}
	raw := proto.Clone(q.stmt).(*pg.RawStmt)
	var bad error
	walkTree(raw, func(m proto.Message) {
		n, ok := m.(*pg.Node)
		if !ok || n.GetParamRef() == nil || bad != nil {
			return
		}
		i := int(n.GetParamRef().Number) - 1
		var typ uint32
		if i < len(types) {
			typ = types[i]
		}
		lit, err := paramLiteral(params[i], typ)
		if err != nil {
			bad = err
			return
		}
		n.Node = lit.Node
	})
	if bad != nil {
		return "", bad
	}
	return rewriteCatalog(raw, q.version)
}

// CatalogFunctions lists the catalog engine's functions that rewritten SQL
// may call, schema-qualified (pgcat.format_type, ...). package catalog
// defines each as a macro; its tests check the two lists agree.
func CatalogFunctions() []string {
	var out []string
	for name := range catalogFuncs {
		out = append(out, catalogFuncs[name]+"."+name)
	}
	for _, name := range append(regFuncs, rewriteFuncs...) {
		out = append(out, "pgcat."+name)
	}
	return out
}

// catalogRefs is what a statement reads.
type catalogRefs struct {
	relations bool     // reads pg_catalog / information_schema relations
	functions bool     // calls catalog functions
	others    []string // other relations it reads
	params    int
}

func (r *catalogRefs) catalog() bool {
	return r.relations || (r.functions && len(r.others) == 0)
}

func (p *Planner) catalogRefs(raw *pg.RawStmt) *catalogRefs {
	refs := &catalogRefs{}
	ctes := cteNames(raw)
	walkTree(raw, func(m proto.Message) {
		switch x := m.(type) {
		case *pg.RangeVar:
			switch {
			case isCatalogSchema(x.Schemaname):
				refs.relations = true
			case x.Schemaname == "" && ctes[x.Relname]:
			case p.unqualifiedCatalogRelation(x):
				refs.relations = true
			default:
				refs.others = append(refs.others, strings.Join(rangeVarName(x), "."))
			}
		case *pg.FuncCall:
			if _, ok := catalogFunction(qualifiedName(x.Funcname)); ok {
				refs.functions = true
			}
		case *pg.SQLValueFunction:
			if _, ok := sqlValueFunctions[x.Op]; ok {
				refs.functions = true
			}
		case *pg.TypeCast:
			if regType(x.TypeName) != "" {
				refs.functions = true
			}
		case *pg.ParamRef:
			refs.params = max(refs.params, int(x.Number))
		}
	})
	return refs
}

func isCatalogSchema(s string) bool { return s == "pg_catalog" || s == "information_schema" }

// unqualifiedCatalogRelation: every relation of PostgreSQL 15's pg_catalog
// is named pg_*, and pg_catalog comes first on the search path, so such a
// name means the catalog unless the registry has a view or service by it.
func (p *Planner) unqualifiedCatalogRelation(rv *pg.RangeVar) bool {
	return rv.Schemaname == "" && rv.Catalogname == "" && strings.HasPrefix(rv.Relname, "pg_") &&
		p.repo.View(rv.Relname) == nil && p.repo.Service(rv.Relname) == nil
}

func cteNames(raw *pg.RawStmt) map[string]bool {
	names := map[string]bool{}
	walkTree(raw, func(m proto.Message) {
		if c, ok := m.(*pg.CommonTableExpr); ok {
			names[c.Ctename] = true
		}
	})
	return names
}

// setConfigCalls finds set_config('name', 'value', bool) with constants.
func setConfigCalls(raw *pg.RawStmt) []Set {
	var out []Set
	walkTree(raw, func(m proto.Message) {
		f, ok := m.(*pg.FuncCall)
		if !ok || len(f.Args) != 3 {
			return
		}
		if name := qualifiedName(f.Funcname); name[len(name)-1] != "set_config" || (len(name) == 2 && name[0] != "pg_catalog") {
			return
		}
		n, v, l := constText(f.Args[0]), constText(f.Args[1]), f.Args[2].GetAConst()
		if n == nil || v == nil || l == nil {
			return
		}
		local := false
		if b, ok := l.Val.(*pg.A_Const_Boolval); ok {
			local = b.Boolval.Boolval
		}
		out = append(out, Set{Name: strings.ToLower(*n), Value: *v, Local: local})
	})
	return out
}

func constText(n *pg.Node) *string {
	if tc := n.GetTypeCast(); tc != nil {
		n = tc.Arg
	}
	if c := n.GetAConst(); c != nil {
		if s, ok := c.Val.(*pg.A_Const_Sval); ok {
			return &s.Sval.Sval
		}
	}
	return nil
}
