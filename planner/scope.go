package planner

import (
	"strings"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
)

// rel is one FROM item visible to expressions: its alias and the columns
// a query may name (hidden helper columns such as created timestamps are
// in the plan but not here).
type rel struct {
	alias string
	cols  []plan.Column
	// open adds a column to a table whose schema is unknown; nil otherwise.
	open func(name string) plan.Column
}

func (r *rel) find(name string) (plan.Column, bool) {
	for _, c := range r.cols {
		if c.Name == name {
			return c, true
		}
	}
	if r.open != nil {
		c := r.open(name)
		r.cols = append(r.cols, c)
		return c, true
	}
	return plan.Column{}, false
}

// findKnown is find without growing an open table.
func (r *rel) findKnown(name string) (plan.Column, bool) {
	for _, c := range r.cols {
		if c.Name == name {
			return c, true
		}
	}
	return plan.Column{}, false
}

// scope is the FROM items of one query level; parent is the enclosing
// query's, for correlated subqueries.
type scope struct {
	rels   []*rel
	parent *scope
}

func (s *scope) add(r ...*rel) { s.rels = append(s.rels, r...) }

func (s *scope) relByAlias(alias string) *rel {
	for _, r := range s.rels {
		if r.alias == alias {
			return r
		}
	}
	return nil
}

// column resolves a column reference of one or more name parts.
func (s *scope) column(parts []string, pos int) (plan.Column, error) {
	for sc := s; sc != nil; sc = sc.parent {
		c, found, err := sc.columnHere(parts, pos)
		if err != nil || found {
			return c, err
		}
	}
	name := strings.Join(parts, ".")
	if len(parts) > 1 {
		if s.anyRel(parts[len(parts)-2]) {
			return plan.Column{}, sqlerr.New(sqlerr.UndefinedColumn, "column %s does not exist", name).At(pos)
		}
		return plan.Column{}, sqlerr.New(sqlerr.UndefinedTable,
			"missing FROM-clause entry for table %q", parts[len(parts)-2]).At(pos)
	}
	return plan.Column{}, sqlerr.New(sqlerr.UndefinedColumn, "column %q does not exist", name).At(pos)
}

func (s *scope) anyRel(alias string) bool {
	for sc := s; sc != nil; sc = sc.parent {
		if sc.relByAlias(alias) != nil {
			return true
		}
	}
	return false
}

func (s *scope) columnHere(parts []string, pos int) (plan.Column, bool, error) {
	name := parts[len(parts)-1]
	if len(parts) > 1 {
		r := s.relByAlias(parts[len(parts)-2])
		if r == nil {
			return plan.Column{}, false, nil
		}
		c, ok := r.find(name)
		if !ok {
			return plan.Column{}, false, sqlerr.New(sqlerr.UndefinedColumn,
				"column %s.%s does not exist", r.alias, name).At(pos)
		}
		return c, true, nil
	}
	var found []plan.Column
	var open []*rel
	for _, r := range s.rels {
		if c, ok := r.findKnown(name); ok {
			found = append(found, c)
		} else if r.open != nil {
			open = append(open, r)
		}
	}
	switch {
	case len(found) == 0 && len(open) == 1:
		c, _ := open[0].find(name)
		return c, true, nil
	case len(found) == 0 && len(open) > 1:
		return plan.Column{}, false, sqlerr.New(sqlerr.AmbiguousColumn,
			"column reference %q is ambiguous: the schemas of its tables are unknown", name).At(pos).
			WithHint("qualify the column with its table's alias")
	case len(found) == 0:
		return plan.Column{}, false, nil
	case len(found) == 1:
		return found[0], true, nil
	}
	return plan.Column{}, false, sqlerr.New(sqlerr.AmbiguousColumn, "column reference %q is ambiguous", name).At(pos)
}

// allColumns is what * expands to.
func (s *scope) allColumns() []plan.Column {
	var out []plan.Column
	for _, r := range s.rels {
		out = append(out, r.cols...)
	}
	return out
}
