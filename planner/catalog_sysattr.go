package planner

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// tableOIDColumns replaces each tableoid column of a pg_catalog relation
// with that relation's OID (pgcat.regclass_in): the engine's tables have
// no system columns, and a catalog relation's rows all have its OID there.
// psql's \dd and \dL join pg_description ON d.classoid = l.tableoid. Each
// SELECT resolves its own FROM's relations: l.tableoid, or tableoid alone
// when the FROM is one catalog relation; a correlated reference to an
// outer query's relation is not resolved.
func tableOIDColumns(raw *pg.RawStmt, ctes map[string]bool) {
	walkTree(raw, func(m proto.Message) {
		sel, ok := m.(*pg.SelectStmt)
		if !ok || len(sel.FromClause) == 0 {
			return
		}
		s := &fromScope{rels: map[string]string{}, ctes: ctes}
		for _, item := range sel.FromClause {
			s.add(item)
		}
		if len(s.rels) > 0 {
			s.rewrite(sel.ProtoReflect(), true)
		}
	})
}

// fromScope is one SELECT's FROM: its catalog relations by the name the
// query calls them (alias or relation name), and how many other items.
type fromScope struct {
	rels   map[string]string
	others int
	ctes   map[string]bool
}

func (s *fromScope) add(n *pg.Node) {
	switch {
	case n.GetRangeVar() != nil:
		rv := n.GetRangeVar()
		isCatalog := rv.Schemaname == "pg_catalog" || rv.Schemaname == "" && !s.ctes[rv.Relname] && strings.HasPrefix(rv.Relname, "pg_")
		if !isCatalog {
			s.others++
			return
		}
		name := rv.Relname
		if rv.Alias != nil {
			name = rv.Alias.Aliasname
		}
		s.rels[name] = rv.Relname
	case n.GetJoinExpr() != nil:
		s.add(n.GetJoinExpr().Larg)
		s.add(n.GetJoinExpr().Rarg)
	default:
		s.others++
	}
}

// rewrite replaces the tableoid references below m, not entering nested
// SELECTs (they have FROMs of their own).
func (s *fromScope) rewrite(m protoreflect.Message, root bool) {
	if !m.IsValid() {
		return
	}
	if _, nested := m.Interface().(*pg.SelectStmt); nested && !root {
		return
	}
	if n, ok := m.Interface().(*pg.Node); ok {
		if rel, ok := s.tableOIDOf(n.GetColumnRef()); ok {
			at := n.GetColumnRef().Location
			n.Node = callPgcat("regclass_in", at, strConst("pg_catalog", at), strConst(rel, at)).Node
			return
		}
	}
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsList() && fd.Message() != nil:
			list := v.List()
			for i := 0; i < list.Len(); i++ {
				s.rewrite(list.Get(i).Message(), false)
			}
		case fd.Message() != nil && !fd.IsMap():
			s.rewrite(v.Message(), false)
		}
		return true
	})
}

// tableOIDOf names the catalog relation whose tableoid cr reads.
func (s *fromScope) tableOIDOf(cr *pg.ColumnRef) (string, bool) {
	if cr == nil {
		return "", false
	}
	f := qualifiedName(cr.Fields)
	if len(f) != len(cr.Fields) || len(f) == 0 || f[len(f)-1] != "tableoid" {
		return "", false
	}
	switch len(f) {
	case 1:
		if len(s.rels) == 1 && s.others == 0 {
			for _, rel := range s.rels {
				return rel, true
			}
		}
	case 2:
		rel, ok := s.rels[f[0]]
		return rel, ok
	}
	return "", false
}
