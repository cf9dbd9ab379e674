package dialects

import (
	"fmt"
	"strings"

	"github.com/pitgate/pitgate/plan"
)

// block is one SELECT being assembled bottom-up. Each clause is already
// printed SQL; cols says how to reference every column visible to the
// clauses (the FROM items' columns), keyed by ColumnID.
type block struct {
	from       string
	where      []string
	grouped    bool
	groupBy    []string
	having     []string
	qualify    []string
	sel        []selItem // nil: the output columns as they are in cols
	distinct   bool
	distinctOn []string
	order      []string
	limit      string
	offset     string
	setop      string // a whole set operation; anything above it wraps
	cols       map[plan.ColumnID]string
	out        []plan.Column
	windowSel  bool // the select list holds window functions
}

type selItem struct {
	id  plan.ColumnID
	sql string
}

func newBlock(out []plan.Column) *block {
	return &block{cols: map[plan.ColumnID]string{}, out: out}
}

// fromOnly reports whether the block is a bare FROM item that a join can
// extend without changing what either side means.
func (b *block) fromOnly() bool {
	return b.setop == "" && b.sel == nil && len(b.where) == 0 && !b.grouped &&
		len(b.qualify) == 0 && !b.distinct && len(b.order) == 0 && b.limit == "" && b.offset == "" && b.from != ""
}

// selectList returns the select items of the block's output.
func (b *block) selectList() []selItem {
	if b.sel != nil {
		return b.sel
	}
	items := make([]selItem, len(b.out))
	for i, c := range b.out {
		items[i] = selItem{id: c.ID, sql: b.cols[c.ID]}
	}
	return items
}

// sql prints the block with the given output column aliases.
func (b *block) sql(d Dialect, aliases []string) string {
	if b.setop != "" {
		return b.setop
	}
	var s strings.Builder
	s.WriteString("SELECT ")
	if b.distinct {
		s.WriteString("DISTINCT ")
		if len(b.distinctOn) > 0 {
			s.WriteString("ON (" + strings.Join(b.distinctOn, ", ") + ") ")
		}
	}
	items := b.selectList()
	for i, it := range items {
		if i > 0 {
			s.WriteString(", ")
		}
		s.WriteString(it.sql)
		s.WriteString(" AS ")
		s.WriteString(d.QuoteIdent(aliases[i]))
	}
	if b.from != "" {
		s.WriteString("\nFROM " + b.from)
	}
	clause(&s, "\nWHERE ", b.where, " AND ")
	if q, ok := d.(qualifyFilter); ok && q.QualifyNeedsWhere() && len(b.qualify) > 0 && len(b.where) == 0 &&
		len(b.groupBy) == 0 && len(b.having) == 0 {
		s.WriteString("\nWHERE TRUE")
	}
	if b.grouped && len(b.groupBy) > 0 {
		s.WriteString("\nGROUP BY " + strings.Join(b.groupBy, ", "))
	}
	clause(&s, "\nHAVING ", b.having, " AND ")
	clause(&s, "\nQUALIFY ", b.qualify, " AND ")
	clause(&s, "\nORDER BY ", b.order, ", ")
	if b.limit != "" {
		s.WriteString("\nLIMIT " + b.limit)
	}
	if b.offset != "" {
		s.WriteString("\nOFFSET " + b.offset)
	}
	return s.String()
}

func clause(s *strings.Builder, head string, parts []string, sep string) {
	if len(parts) == 0 {
		return
	}
	s.WriteString(head)
	s.WriteString(strings.Join(parts, sep))
}

// uniqueAliases names output columns for a subquery: their own names,
// suffixed where two would collide.
func uniqueAliases(cols []plan.Column) []string {
	seen := map[string]bool{}
	out := make([]string, len(cols))
	for i, c := range cols {
		name := c.Name
		if name == "" {
			name = "col"
		}
		alias := name
		for n := 2; seen[alias]; n++ {
			alias = fmt.Sprintf("%s_%d", name, n)
		}
		seen[alias] = true
		out[i] = alias
	}
	return out
}

func userAliases(cols []plan.Column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Name
	}
	return out
}

func indent(s string) string {
	return strings.ReplaceAll(s, "\n", "\n  ")
}
