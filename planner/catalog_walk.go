package planner

import (
	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// walkTree calls visit on every message of the tree below m, children
// before their parents, so that visit may replace what a *pg.Node holds
// (n.Node = ...) after its subtree has been seen. The catalog rewrite needs
// every occurrence of a handful of node kinds wherever the grammar puts
// them; walking pg_query's protobuf messages generically finds them all
// without a case per node type.
func walkTree(m proto.Message, visit func(proto.Message)) {
	walkMessage(m.ProtoReflect(), visit)
}

func walkMessage(m protoreflect.Message, visit func(proto.Message)) {
	if !m.IsValid() {
		return
	}
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsList() && fd.Message() != nil:
			list := v.List()
			for i := 0; i < list.Len(); i++ {
				walkMessage(list.Get(i).Message(), visit)
			}
		case fd.Message() != nil && !fd.IsMap():
			walkMessage(v.Message(), visit)
		}
		return true
	})
	visit(m.Interface())
}

// qualifiedName reads a list of String nodes (a qualified name) as strings.
func qualifiedName(nodes []*pg.Node) []string {
	out := make([]string, 0, len(nodes))
	for _, n := range nodes {
		if s := n.GetString_(); s != nil {
			out = append(out, s.Sval)
		}
	}
	return out
}

func strNodes(parts ...string) []*pg.Node {
	out := make([]*pg.Node, len(parts))
	for i, p := range parts {
		out[i] = pg.MakeStrNode(p)
	}
	return out
}
