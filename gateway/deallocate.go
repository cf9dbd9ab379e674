package gateway

import (
	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/wire"
)

// invalidStatementName is PostgreSQL's SQLSTATE for DEALLOCATE of a
// statement that does not exist.
const invalidStatementName = "26000"

// deallocate closes prepared statements through the wire layer, which
// keeps them, and answers as PostgreSQL does.
func (s *Session) deallocate(d *planner.Deallocate, w wire.ResultWriter) error {
	target := w
	if b, isBuffered := w.(*buffered); isBuffered {
		target = b.w // in a portal: the Execute's writer closes them
	}
	closer, ok := target.(wire.StatementCloser)
	if !ok {
		return sqlerr.New(sqlerr.Internal, "gateway: the result writer cannot close prepared statements")
	}
	if d.All {
		closer.CloseAllStatements()
		return w.Complete("DEALLOCATE ALL")
	}
	if !closer.CloseStatement(d.Name) {
		return sqlerr.New(invalidStatementName, "prepared statement %q does not exist", d.Name)
	}
	return w.Complete("DEALLOCATE")
}
