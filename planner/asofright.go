package planner

import (
	"fmt"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/registry"
)

func names(cols []plan.Column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Name
	}
	return out
}

func byName(cols []plan.Column, name string) (plan.Column, bool) {
	for _, c := range cols {
		if c.Name == name {
			return c, true
		}
	}
	return plan.Column{}, false
}

// viewJoin makes the PITJoin of one feature view given bound conditions.
func (b *binder) viewJoin(vs *viewScan, cond *asofCond, left plan.Node, inner bool, alias string, at int) (*plan.PITJoin, error) {
	v := vs.view
	if cond.ts != "event_timestamp" {
		return nil, sqlerr.New(sqlerr.FeatureNotSupported,
			"the time inequality of an ASOF join with feature view %s must compare %s.event_timestamp, not %s", v.Name, alias, cond.ts).
			At(at).WithHint(asofHint)
	}
	pj := &plan.PITJoin{
		Left: left, Right: vs.node, Inner: inner, LeftTS: cond.leftTS, RightTS: vs.ts.ID,
		Strict: cond.strict, TTL: v.TTL, Created: vs.created.ID, KnownAt: v.KnownAt, Name: v.Name,
	}
	for _, k := range v.JoinKeys() {
		found := false
		for _, ck := range cond.keys {
			if ck.right == k {
				col, _ := byName(vs.keys, k)
				pj.Keys = append(pj.Keys, plan.KeyPair{Left: ck.left, Right: col.ID})
				found = true
			}
		}
		if !found {
			return nil, sqlerr.New(sqlerr.FeatureNotSupported,
				"ASOF JOIN with feature view %s must bind its join key %s", v.Name, k).At(at).
				WithHint("add AND %s.%s = <left>.%s to the ON condition", alias, k, k)
		}
	}
	for _, f := range vs.features {
		if comparable(f.Type) {
			pj.TieBreak = append(pj.TieBreak, f.ID)
		}
	}
	b.noteIndex(pj)
	return pj, nil
}

func (b *binder) asofView(v *registry.FeatureView, j *pg.JoinExpr, alias string, inner bool,
	left plan.Node, lrels []*rel, lscope *scope, at int) (plan.Node, []*rel, error) {
	vs, err := b.scanView(v, at)
	if err != nil {
		return nil, nil, err
	}
	cond, err := b.asofConditions(j.Quals, alias, names(vs.visible()), lscope)
	if err != nil {
		return nil, nil, err
	}
	for _, k := range cond.keys {
		if _, ok := byName(vs.keys, k.right); !ok {
			return nil, nil, sqlerr.New(sqlerr.FeatureNotSupported,
				"%s.%s is not a join key of feature view %s; ASOF keys must be its join keys (%v)", alias, k.right, v.Name, v.JoinKeys()).
				At(k.at).WithHint(asofHint)
		}
	}
	pj, err := b.viewJoin(vs, cond, left, inner, alias, at)
	if err != nil {
		return nil, nil, err
	}
	return pj, append(append([]*rel{}, lrels...), &rel{alias: alias, cols: vs.visible()}), nil
}

// asofTable is an ASOF join with a warehouse table or a CTE on the right:
// no ttl, no created column; ties go to the greatest values of the other
// columns in table order.
func (b *binder) asofTable(rv *pg.RangeVar, j *pg.JoinExpr, alias string, inner bool,
	left plan.Node, lrels []*rel, lscope *scope, at int) (plan.Node, []*rel, error) {
	right, cols, err := b.relation(rv)
	if err != nil {
		return nil, nil, err
	}
	r, err := b.relFor(alias, cols, aliasColumnsOf(rv))
	if err != nil {
		return nil, nil, err
	}
	if t, ok := right.(*plan.Table); ok && t.Open {
		return nil, nil, sqlerr.New(sqlerr.FeatureNotSupported,
			"an ASOF join with table %s needs its columns, which are unknown without a warehouse", rv.Relname).At(at)
	}
	cond, err := b.asofConditions(j.Quals, alias, names(r.cols), lscope)
	if err != nil {
		return nil, nil, err
	}
	ts, _ := byName(r.cols, cond.ts)
	pj := &plan.PITJoin{Left: left, Right: right, Inner: inner, LeftTS: cond.leftTS, RightTS: ts.ID,
		Strict: cond.strict, Name: rv.Relname}
	keyed := map[plan.ColumnID]bool{ts.ID: true}
	for _, k := range cond.keys {
		c, _ := byName(r.cols, k.right)
		pj.Keys = append(pj.Keys, plan.KeyPair{Left: k.left, Right: c.ID})
		keyed[c.ID] = true
	}
	for _, c := range r.cols {
		if !keyed[c.ID] && comparable(c.Type) {
			pj.TieBreak = append(pj.TieBreak, c.ID)
		}
	}
	b.noteIndex(pj)
	return pj, append(append([]*rel{}, lrels...), r), nil
}

func aliasColumnsOf(rv *pg.RangeVar) []string {
	if rv.Alias == nil {
		return nil
	}
	return aliasColumns(rv.Alias)
}

// asofService expands a feature service into one ASOF join per view. Its
// columns are the views' join keys and the selected features, named
// <view>__<feature> where two views share a feature name.
func (b *binder) asofService(s *registry.FeatureService, j *pg.JoinExpr, alias string, inner bool,
	left plan.Node, lrels []*rel, lscope *scope, at int) (plan.Node, []*rel, error) {
	var scans []*viewScan
	for _, it := range s.Items {
		vs, err := b.scanView(it.View, at)
		if err != nil {
			return nil, nil, err
		}
		scans = append(scans, vs)
	}
	visible := serviceColumns(s, scans)
	cond, err := b.asofConditions(j.Quals, alias, append(names(visible), "event_timestamp"), lscope)
	if err != nil {
		return nil, nil, err
	}
	node := left
	for _, vs := range scans {
		viewCond := *cond
		viewCond.keys = nil
		for _, k := range cond.keys {
			if _, ok := byName(vs.keys, k.right); ok {
				viewCond.keys = append(viewCond.keys, k)
			}
		}
		pj, err := b.viewJoin(vs, &viewCond, node, inner, alias, at)
		if err != nil {
			return nil, nil, err
		}
		node = pj
	}
	return node, append(append([]*rel{}, lrels...), &rel{alias: alias, cols: visible}), nil
}

func serviceColumns(s *registry.FeatureService, scans []*viewScan) []plan.Column {
	var out []plan.Column
	seen := map[string]bool{}
	for _, vs := range scans {
		for _, k := range vs.keys {
			if !seen[k.Name] {
				seen[k.Name] = true
				out = append(out, k)
			}
		}
	}
	count := map[string]int{}
	for _, it := range s.Items {
		for _, f := range it.Features {
			count[f.Name]++
		}
	}
	for i, it := range s.Items {
		for _, f := range it.Features {
			c, _ := byName(scans[i].features, f.Name)
			if count[f.Name] > 1 {
				c.Name = fmt.Sprintf("%s__%s", it.View.Name, f.Name)
			}
			out = append(out, c)
		}
	}
	return out
}
