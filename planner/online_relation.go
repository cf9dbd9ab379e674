package planner

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/registry"
)

// codeNotOnline is object_not_in_prerequisite_state, as online.Materializer
// reports a view that is not online.
const codeNotOnline = "55000"

// onlineRel is the online relation of a lookup as a FROM item: its scope
// entry and where each of its columns, and of the entity rows', comes from.
type onlineRel struct {
	lk      *Lookup
	rel     *rel
	sources map[plan.ColumnID]LookupColumn
	keyIDs  map[plan.ColumnID]int // the relation's key columns -> index in lk.Keys
}

func (o *onlineRel) source(id plan.ColumnID) (LookupColumn, bool) {
	c, ok := o.sources[id]
	return c, ok
}

// onlineRelation binds online.<view|service>. Column types come from the
// view's source as the warehouse's schema (cached by the gateway) gives them.
func (b *binder) onlineRelation(rv *pg.RangeVar) (*onlineRel, error) {
	at := pos(rv.Location)
	alias := rv.Relname
	if rv.Alias != nil {
		if len(rv.Alias.Colnames) > 0 {
			return nil, sqlerr.Unsupported("column aliases on an online relation").At(at).
				WithHint("name the columns in the select list: SELECT conv_rate AS c ...")
		}
		alias = rv.Alias.Aliasname
	}
	if v := b.p.repo.View(rv.Relname); v != nil {
		return b.onlineView(v, alias, at)
	}
	if s := b.p.repo.Service(rv.Relname); s != nil {
		return b.onlineService(s, alias, at)
	}
	return nil, b.unknownOnline(rv.Relname, at)
}

func (b *binder) unknownOnline(name string, at int) error {
	var names []string
	for _, v := range b.p.repo.Views {
		if v.Online {
			names = append(names, v.Name)
		}
	}
	for _, s := range b.p.repo.Services {
		names = append(names, s.Name)
	}
	return sqlerr.New(sqlerr.UndefinedTable, "relation \"online.%s\" does not exist", name).At(at).
		WithHint("schema online holds the online feature views and the feature services: %s", strings.Join(names, ", "))
}

func notOnline(v *registry.FeatureView, at int) error {
	return sqlerr.New(codeNotOnline, "feature view %s is not online", v.Name).At(at).
		WithHint("set online: true on it in the feature repository (%s) and materialize it", v.Pos)
}

func (b *binder) onlineView(v *registry.FeatureView, alias string, at int) (*onlineRel, error) {
	if !v.Online {
		return nil, notOnline(v, at)
	}
	vs, err := b.scanView(v, at)
	if err != nil {
		return nil, err
	}
	lv := LookupView{View: v}
	or := newOnlineRel(&Lookup{Relation: v.Name, View: v, Keys: vs.keys}, alias)
	for i, k := range vs.keys {
		lv.Keys = append(lv.Keys, i)
		or.key(k, i)
	}
	or.lk.Views = []LookupView{lv}
	or.add(vs.ts, LookupColumn{Type: timeType(vs.ts.Type), Source: SourceEventTime})
	for j, f := range vs.features {
		or.add(f, LookupColumn{Type: f.Type, Source: SourceFeature, Index: j})
	}
	return or, nil
}

func newOnlineRel(lk *Lookup, alias string) *onlineRel {
	return &onlineRel{lk: lk, rel: &rel{alias: alias}, sources: map[plan.ColumnID]LookupColumn{}, keyIDs: map[plan.ColumnID]int{}}
}

func (o *onlineRel) key(c plan.Column, i int) {
	o.keyIDs[c.ID] = i
	o.add(c, LookupColumn{Type: c.Type, Source: SourceKey, Index: i})
}

func (o *onlineRel) add(c plan.Column, src LookupColumn) {
	src.Name = c.Name
	o.sources[c.ID] = src
	o.rel.cols = append(o.rel.cols, c)
}

// timeType is event_timestamp's type: its source column's, timestamptz
// when the warehouse cannot tell.
func timeType(t plan.Type) plan.Type {
	if t == "" {
		return "timestamptz"
	}
	return t
}

// onlineService binds a feature service: its views' join keys (each once),
// event_timestamp, then the selected features named as in ASOF joins.
func (b *binder) onlineService(s *registry.FeatureService, alias string, at int) (*onlineRel, error) {
	var scans []*viewScan
	for _, it := range s.Items {
		if !it.View.Online {
			return nil, notOnline(it.View, at)
		}
		vs, err := b.scanView(it.View, at)
		if err != nil {
			return nil, err
		}
		scans = append(scans, vs)
	}
	or := newOnlineRel(&Lookup{Relation: s.Name, Service: s}, alias)
	index := map[string]int{}
	tsType := plan.Type("")
	for i, vs := range scans {
		lv := LookupView{View: vs.view}
		for _, k := range vs.keys {
			if _, seen := index[k.Name]; !seen {
				index[k.Name] = len(or.lk.Keys)
				or.lk.Keys = append(or.lk.Keys, k)
				or.key(k, index[k.Name])
			}
			lv.Keys = append(lv.Keys, index[k.Name])
		}
		or.lk.Views = append(or.lk.Views, lv)
		if i == 0 || tsType == vs.ts.Type {
			tsType = vs.ts.Type
		} else {
			tsType = "timestamptz"
		}
	}
	ts := b.newColumn(registry.EventTimestamp, timeType(tsType))
	or.add(ts, LookupColumn{Type: ts.Type, Source: SourceEventTime, View: -1})
	visible := serviceColumns(s, scans)
	for _, c := range visible[len(or.lk.Keys):] {
		i, j := serviceFeature(scans, c.ID)
		or.add(c, LookupColumn{Type: c.Type, Source: SourceFeature, View: i, Index: j})
	}
	return or, nil
}

// serviceKeys are a service's join keys, each once, in its views' order.
func serviceKeys(s *registry.FeatureService) []string {
	var out []string
	seen := map[string]bool{}
	for _, it := range s.Items {
		for _, k := range it.View.JoinKeys() {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	return out
}

// serviceFeature finds the view and feature index of a service column.
func serviceFeature(scans []*viewScan, id plan.ColumnID) (int, int) {
	for i, vs := range scans {
		for j, f := range vs.features {
			if f.ID == id {
				return i, j
			}
		}
	}
	return -1, -1
}

// onlineOutsideLookup refuses online.<x> anywhere but as the relation of a
// lookup (in a subquery, a CTE, a set operation, beside a warehouse table).
func (b *binder) onlineOutsideLookup(name string, at int) error {
	if b.p.repo.View(name) == nil && b.p.repo.Service(name) == nil {
		return b.unknownOnline(name, at)
	}
	return lookupError(at, b.lookupHint(name),
		"online.%s can only be read by a lookup: the statement's own FROM, alone or joined with VALUES entity rows", name)
}

// nodeAt is n's 1-based position, or fallback when the parser recorded
// none for n.
func nodeAt(n *pg.Node, fallback int) int {
	loc := locationOf(n)
	switch {
	case n == nil:
	case n.GetSubLink() != nil:
		loc = n.GetSubLink().Location
	case n.GetRangeVar() != nil:
		loc = n.GetRangeVar().Location
	case n.GetAConst() != nil:
		loc = n.GetAConst().Location
	case n.GetTypeCast() != nil:
		loc = n.GetTypeCast().Location
	case n.GetParamRef() != nil:
		loc = n.GetParamRef().Location
	case n.GetSortBy() != nil:
		loc = n.GetSortBy().Location
	case n.GetRangeSubselect() != nil:
		if sel := n.GetRangeSubselect().Subquery.GetSelectStmt(); sel != nil && len(sel.ValuesLists) > 0 {
			return nodeAt(sel.ValuesLists[0].GetList().Items[0], fallback)
		}
	}
	if loc < 0 {
		return fallback
	}
	return int(loc) + 1
}
