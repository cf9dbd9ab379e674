package wire

import (
	"context"

	"github.com/jackc/pgx/v5/pgproto3"
)

// handleQuery runs a simple-protocol Query through the Session and ends the
// cycle with ReadyForQuery. As in PostgreSQL, a Query drops the unnamed
// statement and portal, and ends the portals of a transaction it ends.
func (c *conn) handleQuery(m *pgproto3.Query) error {
	c.dropUnnamed()
	qctx := c.beginQuery()
	w := newResultWriter(c, nil)
	err := c.session.SimpleQuery(qctx, m.String, w)
	w.done = true
	if err != nil {
		if err := c.reportError(qctx, err); err != nil {
			return err
		}
	}
	c.endImplicitTransaction()
	return c.sendReady()
}

// reportError sends the error of a Session call. A call ended by the
// server's shutdown ends the connection instead: the returned error.
func (c *conn) reportError(qctx context.Context, err error) error {
	if context.Cause(qctx) == ErrServerShutdown {
		shutdown := errAdminShutdown()
		c.sendFatal(shutdown)
		return shutdown
	}
	return c.sendError(queryError(qctx, err))
}
