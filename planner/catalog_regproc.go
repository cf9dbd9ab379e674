package planner

import (
	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
)

// regprocOIDs rewrites 'name'::regproc::oid (psql's \sf and \ef look a
// function up so) into pgcat.regproc_in('name'), the function's OID or
// 42883. It runs before the main rewrite, which keeps a regproc literal as
// the name because the catalog stores regproc columns (typinput, ...) as
// names; the outer cast to oid is what asks for the number.
func regprocOIDs(m proto.Message) {
	n, ok := m.(*pg.Node)
	if !ok {
		return
	}
	outer := n.GetTypeCast()
	if outer == nil || !isOIDType(outer.TypeName) {
		return
	}
	inner := outer.GetArg().GetTypeCast()
	if inner == nil {
		return
	}
	if reg := regType(inner.TypeName); reg != "regproc" && reg != "regprocedure" {
		return
	}
	lit := constText(inner.Arg)
	if lit == nil {
		return
	}
	name, _ := regInput("regproc", *lit, inner.Location)
	n.Node = callPgcat("regproc_in", outer.Location, name).Node
}

func isOIDType(tn *pg.TypeName) bool {
	name := qualifiedName(tn.GetNames())
	return len(tn.GetArrayBounds()) == 0 && len(name) > 0 && name[len(name)-1] == "oid" &&
		(len(name) == 1 || name[0] == "pg_catalog")
}
