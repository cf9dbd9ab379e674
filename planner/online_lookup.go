package planner

import (
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
)

// A lookup is a SELECT whose FROM is online.<view|service>, alone with a
// WHERE that binds every join key, or on the right of a join with VALUES
// entity rows. online.<x> behaves as a relation holding a row for every
// possible key (NULL features where the store has none), so JOIN and LEFT
// JOIN differ only for entity rows with a NULL key.

// onlineRangeVar finds online.<name> among a SELECT's top-level FROM items,
// directly or as a side of a join; nil when there is none.
func onlineRangeVar(s *pg.SelectStmt) *pg.RangeVar {
	for _, item := range s.FromClause {
		if rv := findOnline(item); rv != nil {
			return rv
		}
	}
	return nil
}

func findOnline(n *pg.Node) *pg.RangeVar {
	if rv := n.GetRangeVar(); rv != nil && rv.Schemaname == onlineSchema && rv.Catalogname == "" {
		return rv
	}
	if j := n.GetJoinExpr(); j != nil {
		if rv := findOnline(j.Larg); rv != nil {
			return rv
		}
		return findOnline(j.Rarg)
	}
	return nil
}

// lookupStatement binds a lookup.
func (b *binder) lookupStatement(s *pg.SelectStmt, rv *pg.RangeVar) (*Statement, error) {
	lk, err := b.lookup(s, rv)
	if err != nil {
		return nil, err
	}
	return &Statement{Kind: KindOnline, Online: lk}, nil
}

func (b *binder) lookup(s *pg.SelectStmt, rv *pg.RangeVar) (*Lookup, error) {
	hint := b.lookupHint(rv.Relname)
	if err := lookupShape(s, hint, pos(rv.Location)); err != nil {
		return nil, err
	}
	if s.WithClause != nil {
		if err := b.pushCTEs(s.WithClause); err != nil {
			return nil, err
		}
		defer b.popCTEs()
	}
	if len(s.FromClause) != 1 {
		return nil, lookupError(pos(rv.Location), hint, "an online lookup reads online.%s alone or joined with VALUES entity rows", rv.Relname)
	}
	sc := &scope{}
	var or *onlineRel
	var err error
	if j := s.FromClause[0].GetJoinExpr(); j != nil {
		if or, err = b.entityJoin(j, rv, sc, hint); err == nil && s.WhereClause != nil {
			err = lookupError(nodeAt(s.WhereClause, pos(rv.Location)), hint, "a lookup joined with entity rows takes no WHERE clause")
		}
	} else if or, err = b.onlineRelation(rv); err == nil {
		sc.add(or.rel)
		or.lk.Request.Sets, err = b.keySets(s.WhereClause, sc, or, hint, pos(rv.Location))
	}
	if err != nil {
		return nil, err
	}
	if or.lk.Columns, err = b.lookupColumns(s.TargetList, sc, or, hint); err != nil {
		return nil, err
	}
	if or.lk.Limit, or.lk.Offset, err = b.lookupLimit(s, hint); err != nil {
		return nil, err
	}
	or.lk.pruneViews()
	or.lk.Params = b.paramTypes()
	return or.lk, nil
}

// lookupShape refuses what a lookup cannot do; rows come back one per
// requested key, in request order.
func lookupShape(s *pg.SelectStmt, hint string, at int) error {
	var what string
	var clause []*pg.Node
	switch {
	case len(s.DistinctClause) > 0:
		what = "DISTINCT"
	case len(s.GroupClause) > 0 || s.HavingClause != nil:
		what, clause = "GROUP BY and HAVING", append(s.GroupClause, s.HavingClause)
	case len(s.SortClause) > 0:
		what, clause = "ORDER BY (rows come back in request order)", s.SortClause
	case len(s.WindowClause) > 0:
		what = "a WINDOW clause"
	case len(s.LockingClause) > 0:
		what = "FOR UPDATE/SHARE"
	case s.IntoClause != nil:
		what = "SELECT INTO"
	case s.LimitOption == pg.LimitOption_LIMIT_OPTION_WITH_TIES:
		what = "FETCH ... WITH TIES"
	default:
		return nil
	}
	if len(clause) > 0 {
		at = nodeAt(clause[0], at)
	}
	return lookupError(at, hint, "%s is not supported in an online lookup", what)
}

func lookupError(at int, hint, format string, args ...any) error {
	return sqlerr.New(sqlerr.FeatureNotSupported, format, args...).At(at).WithHint("%s", hint)
}

// lookupHint shows the accepted forms with the relation's own keys when
// it exists.
func (b *binder) lookupHint(name string) string {
	keys := []string{"<key>"}
	if v := b.p.repo.View(name); v != nil {
		keys = v.JoinKeys()
	} else if s := b.p.repo.Service(name); s != nil {
		keys = serviceKeys(s)
	} else {
		name = "<view>"
	}
	where := make([]string, len(keys))
	for i, k := range keys {
		where[i] = fmt.Sprintf("%s = $%d", k, i+1)
	}
	k := keys[0]
	return fmt.Sprintf("bind every join key: SELECT <columns> FROM online.%s WHERE %s (or %s IN (...), %s = ANY($1)); "+
		"or SELECT ... FROM (VALUES (...), ...) AS r(%s) JOIN online.%s s ON s.%s = r.%s%s; LIMIT is allowed",
		name, strings.Join(where, " AND "), k, k, strings.Join(keys, ", "), name, k, k, moreKeys(keys[1:]))
}

func moreKeys(keys []string) string {
	var out string
	for _, k := range keys {
		out += fmt.Sprintf(" AND s.%s = r.%s", k, k)
	}
	return out
}

// keySets reads a WHERE clause of conjuncts, each binding one join key
// with =, IN (...) or = ANY(array).
func (b *binder) keySets(where *pg.Node, sc *scope, or *onlineRel, hint string, at int) ([]KeySet, error) {
	keys := or.lk.Keys
	sets := make([]KeySet, len(keys))
	bound := make([]bool, len(keys))
	if where != nil {
		for _, c := range conjuncts(where) {
			e, err := b.expr(c, sc)
			if err != nil {
				return nil, err
			}
			k, set, ok := keyCondition(e, or.keyIDs)
			if !ok {
				return nil, lookupError(nodeAt(c, at), hint,
					"an online lookup's WHERE may only bind join keys with =, IN (...) or = ANY(...), combined with AND")
			}
			if bound[k] {
				return nil, lookupError(nodeAt(c, at), hint, "join key %s is bound twice", keys[k].Name)
			}
			sets[k], bound[k] = set, true
		}
	}
	for i, ok := range bound {
		if !ok {
			return nil, lookupError(at, hint, "a lookup of online.%s must bind its join key %s", or.lk.Relation, keys[i].Name)
		}
	}
	return sets, nil
}

// keyCondition matches key = value, key IN (values) and key = ANY(array).
func keyCondition(e plan.Expr, keys map[plan.ColumnID]int) (int, KeySet, bool) {
	key := func(x plan.Expr) (int, bool) {
		ref, ok := x.(*plan.ColRef)
		if !ok {
			return 0, false
		}
		k, ok := keys[ref.ID]
		return k, ok
	}
	switch x := e.(type) {
	case *plan.Op:
		if x.Op != "=" || len(x.Args) != 2 {
			break
		}
		for i, side := range x.Args {
			if k, ok := key(side); ok && onlineValue(x.Args[1-i]) {
				return k, KeySet{Values: []plan.Expr{x.Args[1-i]}}, true
			}
		}
	case *plan.In:
		k, ok := key(x.X)
		if !ok || x.Not {
			break
		}
		for _, v := range x.List {
			if !onlineValue(v) {
				return 0, KeySet{}, false
			}
		}
		return k, KeySet{Values: x.List}, true
	case *plan.AnyArray:
		if k, ok := key(x.X); ok && x.Op == "=" && !x.All && onlineValue(x.Array) {
			return k, KeySet{Array: x.Array}, true
		}
	}
	return 0, KeySet{}, false
}

// lookupLimit reads LIMIT and OFFSET, constants or parameters.
func (b *binder) lookupLimit(s *pg.SelectStmt, hint string) (limit, offset plan.Expr, err error) {
	read := func(n *pg.Node) (plan.Expr, error) {
		if n == nil {
			return nil, nil
		}
		if c := n.GetAConst(); c != nil && c.Isnull {
			return nil, nil // LIMIT ALL
		}
		e, err := b.expr(n, &scope{})
		if err != nil {
			return nil, err
		}
		if !onlineValue(e) {
			return nil, lookupError(nodeAt(n, 0), hint, "LIMIT and OFFSET of an online lookup must be constants or parameters")
		}
		b.typeParam(e, "int8")
		return e, nil
	}
	if limit, err = read(s.LimitCount); err != nil {
		return nil, nil, err
	}
	offset, err = read(s.LimitOffset)
	return limit, offset, err
}

// lookupColumns binds the select list: columns of the online relation or
// of the entity rows, and *.
func (b *binder) lookupColumns(list []*pg.Node, sc *scope, or *onlineRel, hint string) ([]LookupColumn, error) {
	var out []LookupColumn
	for _, n := range list {
		rt := n.GetResTarget()
		if stars, ok, err := b.star(rt.Val, sc); ok || err != nil {
			if err != nil {
				return nil, err
			}
			for _, t := range stars {
				c, _ := or.source(t.expr.(*plan.ColRef).ID)
				c.Name = t.name
				out = append(out, c)
			}
			continue
		}
		cr := rt.Val.GetColumnRef()
		if cr == nil {
			return nil, lookupError(pos(rt.Location), hint, "an online lookup selects columns only, not expressions")
		}
		e, err := b.columnRef(cr, sc)
		if err != nil {
			return nil, err
		}
		c, ok := or.source(e.(*plan.ColRef).ID)
		if !ok {
			return nil, lookupError(pos(rt.Location), hint, "an online lookup selects columns of its relations only")
		}
		c.Name = rt.Name
		if c.Name == "" {
			c.Name = columnName(rt.Val)
		}
		out = append(out, c)
	}
	return out, nil
}

// pruneViews drops the views no selected column reads: a service lookup
// asks the store only for what it returns.
func (l *Lookup) pruneViews() {
	used := make([]bool, len(l.Views))
	for _, c := range l.Columns {
		switch {
		case c.Source == SourceEventTime && c.View < 0:
			for i := range used {
				used[i] = true
			}
		case c.Source == SourceEventTime || c.Source == SourceFeature:
			used[c.View] = true
		}
	}
	index := make([]int, len(l.Views))
	var views []LookupView
	for i, v := range l.Views {
		index[i] = len(views)
		if used[i] {
			views = append(views, v)
		}
	}
	for i, c := range l.Columns {
		if (c.Source == SourceEventTime || c.Source == SourceFeature) && c.View >= 0 {
			l.Columns[i].View = index[c.View]
		}
	}
	l.Views = views
}
