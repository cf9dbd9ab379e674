package gateway

import (
	"cmp"
	"slices"

	"github.com/pitgate/pitgate/catalog"
)

// catalogCursors are the session's open cursors as pg_cursors shows them,
// oldest first: the DECLAREd ones, with their BINARY and scrollability
// (cursor_scroll.go), and the portals the client bound
// (cursor_portals.go).
func (s *Session) catalogCursors() []catalog.Cursor {
	out := s.boundCursors()
	if len(s.cursors) == 0 && len(out) == 0 {
		return nil
	}
	for _, c := range s.cursors {
		out = append(out, catalog.Cursor{Name: c.name, Statement: c.text, Holdable: c.hold,
			Binary: c.binary, Scrollable: c.scroll, Created: c.created})
	}
	slices.SortFunc(out, func(a, b catalog.Cursor) int {
		return cmp.Or(a.Created.Compare(b.Created), cmp.Compare(a.Name, b.Name))
	})
	return out
}

// Cursors and savepoints, as PostgreSQL's portals and subtransactions: a
// cursor belongs to the savepoint level it was declared at (0 outside any
// savepoint); ROLLBACK TO SAVEPOINT drops the cursors declared after that
// savepoint, and RELEASE hands the released levels' cursors to the level
// below (AtSubAbort_Portals / AtSubCommit_Portals). A cursor declared
// before the savepoint stays, at the position FETCHes inside it left.

// releaseCursors is RELEASE of the savepoint at level: its cursors, and
// those of the levels above, now belong to the level below.
func (s *Session) releaseCursors(level int) {
	for _, c := range s.cursors {
		c.level = min(c.level, level)
	}
}

// rollbackCursors is ROLLBACK TO the savepoint at level (which stays):
// every cursor declared after it is closed.
func (s *Session) rollbackCursors(level int) {
	s.dropCursors(func(c *cursor) bool { return c.level > level })
}
