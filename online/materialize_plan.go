package online

import (
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/registry"
)

// CreatedColumn names the created timestamp in the materialization query's
// result (it is no column of the view as users see it).
const CreatedColumn = "__created"

// viewScan is a feature view read from its source: a projection renaming
// source columns to the view's and casting features to their declared
// types, as planner/features.go builds it, plus the created column.
type viewScan struct {
	node     *plan.Project
	keys     []plan.Column
	ts       plan.Column
	created  plan.Column // ID 0 when the source has none
	features []plan.Column
}

type ids struct{ next plan.ColumnID }

func (g *ids) column(name string, t plan.Type) plan.Column {
	g.next++
	return plan.Column{ID: g.next, Name: name, Type: t}
}

func scanView(v *registry.FeatureView, src plan.Node, g *ids) (*viewScan, error) {
	vs := &viewScan{node: &plan.Project{Input: src}}
	project := func(srcName, as string, t plan.Type) (plan.Column, error) {
		for _, c := range src.Columns() {
			if c.Name != srcName {
				continue
			}
			var e plan.Expr = &plan.ColRef{ID: c.ID, Name: c.Name}
			if t == "" {
				t = c.Type
			} else if c.Type != "" && c.Type != t {
				e = &plan.Cast{X: e, Type: t}
			}
			out := g.column(as, t)
			vs.node.Exprs = append(vs.node.Exprs, e)
			vs.node.Cols = append(vs.node.Cols, out)
			return out, nil
		}
		return plan.Column{}, sqlerr.New(sqlerr.UndefinedColumn,
			"feature view %s: source %s has no column %s", v.Name, v.Source.Name, srcName)
	}
	for _, k := range v.JoinKeys() {
		c, err := project(v.Source.Column(k), k, "")
		if err != nil {
			return nil, err
		}
		vs.keys = append(vs.keys, c)
	}
	var err error
	if vs.ts, err = project(v.Source.TimestampField, registry.EventTimestamp, ""); err != nil {
		return nil, err
	}
	if f := v.Source.CreatedTimestampField; f != "" {
		if vs.created, err = project(f, CreatedColumn, ""); err != nil {
			return nil, err
		}
	}
	for _, f := range v.Features {
		c, err := project(v.Source.Column(f.Name), f.Name, plan.Type(f.Type.String()))
		if err != nil {
			return nil, err
		}
		vs.features = append(vs.features, c)
	}
	return vs, nil
}

func (vs *viewScan) columns() []plan.Column {
	out := append([]plan.Column{}, vs.keys...)
	out = append(out, vs.ts)
	if vs.created.ID != 0 {
		out = append(out, vs.created)
	}
	return append(out, vs.features...)
}

// MaterializePlan is the query "latest row per entity key with event time
// in [start, end)" over src, the plan of v's source:
//
//	Sort by the keys (so that store writes touch neighbouring keys)
//	  Project (drop the rank)
//	    Filter rank = 1
//	      Project (columns, rank() OVER (PARTITION BY keys
//	               ORDER BY event_timestamp DESC, created DESC NULLS LAST) AS rank)
//	        Filter start <= event_timestamp < end AND every key IS NOT NULL
//	          Project (the view over its source) ← src
//
// rank() keeps every row tied on event time and created timestamp; the
// store breaks what ties remain by the features (the final tie rule, text
// byte-wise) when it writes them, whatever the warehouse's collation, so
// the stored winner is DESIGN §2.2's. Such ties are rare: the query returns
// about one row per key.
//
// Its columns are the join keys, event_timestamp, CreatedColumn when the
// source has a created timestamp, then the features. A row with a NULL key
// is left out: it names no entity.
func MaterializePlan(v *registry.FeatureView, src plan.Node, start, end time.Time) (plan.Node, error) {
	g := &ids{next: firstID}
	vs, err := scanView(v, src, g)
	if err != nil {
		return nil, err
	}
	conds := []plan.Expr{
		&plan.Op{Op: ">=", Args: []plan.Expr{ref(vs.ts), timeConst(start, vs.ts.Type)}},
		&plan.Op{Op: "<", Args: []plan.Expr{ref(vs.ts), timeConst(end, vs.ts.Type)}},
	}
	for _, k := range vs.keys {
		conds = append(conds, &plan.IsNull{X: ref(k), Not: true})
	}
	filtered := &plan.Filter{Input: vs.node, Cond: and(conds)}
	cols := vs.columns()
	ranked := &plan.Project{Input: filtered}
	for _, c := range cols {
		ranked.Exprs = append(ranked.Exprs, ref(c))
		ranked.Cols = append(ranked.Cols, g.column(c.Name, c.Type))
	}
	rank := g.column("__pitgate_rank", "int8")
	ranked.Exprs = append(ranked.Exprs, &plan.Func{Name: "rank", Over: &plan.Window{
		PartitionBy: refs(vs.keys), OrderBy: latestFirst(vs)}})
	ranked.Cols = append(ranked.Cols, rank)
	kept := &plan.Filter{Input: ranked, Cond: &plan.Op{Op: "=", Args: []plan.Expr{ref(rank), &plan.Const{Value: int64(1)}}}}
	out := &plan.Project{Input: kept}
	for _, c := range ranked.Cols[:len(cols)] {
		out.Exprs = append(out.Exprs, ref(c))
		out.Cols = append(out.Cols, g.column(c.Name, c.Type))
	}
	sorted := &plan.Sort{Input: out}
	for _, c := range out.Cols[:len(vs.keys)] {
		sorted.Keys = append(sorted.Keys, plan.SortKey{X: ref(c)})
	}
	return sorted, nil
}

// latestFirst orders a key's rows by DESIGN §2.2 up to the features:
// greatest event time, then greatest created timestamp, NULL losing.
func latestFirst(vs *viewScan) []plan.SortKey {
	order := []plan.SortKey{{X: ref(vs.ts), Desc: true}}
	if vs.created.ID != 0 {
		order = append(order, plan.SortKey{X: ref(vs.created), Desc: true})
	}
	return order
}

func ref(c plan.Column) plan.Expr { return &plan.ColRef{ID: c.ID, Name: c.Name} }

func refs(cs []plan.Column) []plan.Expr {
	out := make([]plan.Expr, len(cs))
	for i, c := range cs {
		out[i] = ref(c)
	}
	return out
}

func and(es []plan.Expr) plan.Expr {
	out := es[0]
	for _, e := range es[1:] {
		out = &plan.Op{Op: "AND", Args: []plan.Expr{out, e}}
	}
	return out
}

// timeConst is an instant as a literal of the event time column's type
// (UTC for timestamp and date, which carry no zone).
func timeConst(t time.Time, typ plan.Type) plan.Expr {
	t = t.UTC()
	text := t.Format("2006-01-02 15:04:05.999999")
	if typ == "timestamp" || typ == "date" {
		return &plan.Const{Value: text, Type: "timestamp"}
	}
	return &plan.Const{Value: text + "+00:00", Type: "timestamptz"}
}
