package online

import (
	"hash/fnv"
	"sync"

	"github.com/pitgate/pitgate/registry"
)

// layout is how a view's rows are encoded: the features that take part in
// the tie rule come first, in declared order; json, jsonb and arrays
// (which the tie rule does not compare) follow, also in declared order.
type layout struct {
	order       []int // feature indexes in encoding order
	fingerprint uint32
	joinKeys    []string
}

var layouts sync.Map // *registry.FeatureView -> *layout

func layoutOf(v *registry.FeatureView) *layout {
	if l, ok := layouts.Load(v); ok {
		return l.(*layout)
	}
	l := &layout{joinKeys: v.JoinKeys()}
	h := fnv.New32a()
	for i, f := range v.Features {
		if comparable(f.Type) {
			l.order = append(l.order, i)
		}
		h.Write([]byte(f.Name + " " + f.Type.String() + ";"))
	}
	for i, f := range v.Features {
		if !comparable(f.Type) {
			l.order = append(l.order, i)
		}
	}
	l.fingerprint = h.Sum32()
	actual, _ := layouts.LoadOrStore(v, l)
	return actual.(*layout)
}

// comparable says whether the tie rule compares a feature of type t
// (docs/query-language.md: json, jsonb and arrays are not compared).
func comparable(t registry.Type) bool {
	return !t.Array && t.Base != "json" && t.Base != "jsonb"
}
