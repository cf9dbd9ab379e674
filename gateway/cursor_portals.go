package gateway

import (
	"github.com/pitgate/pitgate/catalog"
	"github.com/pitgate/pitgate/wire"
)

// Portals in pg_cursors. PostgreSQL's pg_cursors lists every visible
// portal: the cursors DECLARE made and the portals a client made with
// Bind, named or the unnamed one (a query of pg_cursors through the
// extended protocol lists its own unnamed portal), but not the portal of
// a simple Query. Such a portal is not holdable, binary or scrollable,
// whatever formats its Bind chose, and its statement is the text the
// client's Parse sent. wire keeps the portals; it lists them on demand
// (wire.PortalLister), so a Bind costs nothing more for pg_cursors.

// ListPortals implements wire.PortalLister.
func (s *Session) ListPortals(list func() []wire.BoundPortal) { s.portals = list }

// portalStatement is implemented by the session's portal types: the
// statement text a bound portal shows in pg_cursors.
type portalStatement interface{ statementText() string }

func (p *portal) statementText() string        { return p.prep.text() }
func (p *constPortal) statementText() string   { return p.prep.text() }
func (lp *lookupPortal) statementText() string { return lp.prep.text() }

// text is the prepared statement's SQL as the client sent it.
func (p *prepared) text() string {
	if p == nil || p.st == nil {
		return "" // an empty statement
	}
	return p.st.Text
}

// boundCursors are the client's bound portals as pg_cursors rows.
func (s *Session) boundCursors() []catalog.Cursor {
	if s.portals == nil {
		return nil
	}
	var out []catalog.Cursor
	for _, bp := range s.portals() {
		text := ""
		if ps, ok := bp.Portal.(portalStatement); ok {
			text = ps.statementText()
		}
		out = append(out, catalog.Cursor{Name: bp.Name, Statement: text, Created: bp.Bound})
	}
	return out
}
