package wire

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
)

// The extended query protocol: one handler per message. Each answers its
// message or sends an ErrorResponse; after an error the connection discards
// messages until Sync (conn.loop), and Sync sends the cycle's one
// ReadyForQuery. Nothing here knows SQL: statements and portals are the
// Session's Prepared and Portal values, kept by name.

func (c *conn) handleParse(m *pgproto3.Parse) error {
	if _, exists := c.stmts[m.Name]; exists && m.Name != "" {
		return c.extendedError(newError(codeDuplicateStatement, "prepared statement %q already exists", m.Name))
	}
	if m.Name == "" {
		c.forgetStatement("") // even if the new one fails, as in PostgreSQL
	}
	oids := append([]uint32(nil), m.ParameterOIDs...)
	var prepared Prepared
	ok, err := c.call(func(ctx context.Context) (err error) {
		prepared, err = c.session.Prepare(ctx, m.Query, oids)
		return err
	})
	if !ok {
		return err
	}
	c.stmts[m.Name] = &statement{name: m.Name, prepared: prepared, paramOIDs: prepared.ParamOIDs()}
	return c.send(&pgproto3.ParseComplete{})
}

func (c *conn) handleBind(m *pgproto3.Bind) error {
	st, err := c.lookupStatement(m.PreparedStatement)
	if err != nil {
		return c.extendedError(err)
	}
	if _, exists := c.portals[m.DestinationPortal]; exists && m.DestinationPortal != "" {
		return c.extendedError(newError(codeDuplicateCursor, "cursor %q already exists", m.DestinationPortal))
	}
	if m.DestinationPortal == "" {
		c.closePortal("") // even if the new one fails, as in PostgreSQL
	}
	fmts, err := c.checkBind(m, st)
	if err != nil {
		return c.extendedError(err)
	}
	// pgproto3's Bind.Decode makes new slices for each message, so the
	// portal may keep the codes without a copy.
	p := &portal{name: m.DestinationPortal, stmt: st, codes: m.ResultFormatCodes, bound: time.Now()}
	ok, err := c.call(func(ctx context.Context) (err error) {
		p.p, err = st.prepared.Bind(ctx, m.Parameters, fmts)
		if err == nil && len(p.codes) > 1 {
			// Per-column codes are checked against the columns now, as
			// PostgreSQL does; other clients pay for no Describe here.
			err = c.describePortal(ctx, p)
		}
		return err
	})
	if !ok {
		if p.p != nil {
			c.release(p.p.Close)
		}
		return err
	}
	c.closePortal(p.name)
	c.portals[p.name] = p
	return c.send(&pgproto3.BindComplete{})
}

// checkBind checks a Bind's counts and codes against its statement and
// returns the format of each parameter.
func (c *conn) checkBind(m *pgproto3.Bind, st *statement) ([]int16, error) {
	if err := checkFormatCodes(m.ParameterFormatCodes); err != nil {
		return nil, err
	}
	if err := checkFormatCodes(m.ResultFormatCodes); err != nil {
		return nil, err
	}
	if len(m.Parameters) != len(st.paramOIDs) {
		return nil, newError(codeProtocolViolation, "bind message supplies %d parameters, but prepared statement %q requires %d",
			len(m.Parameters), st.name, len(st.paramOIDs))
	}
	return paramFormats(m.ParameterFormatCodes, len(m.Parameters))
}

func (c *conn) handleDescribe(m *pgproto3.Describe) error {
	if m.ObjectType == 'S' {
		return c.describeStatement(m.Name)
	}
	p, err := c.lookupPortal(m.Name)
	if err != nil {
		if cols, ok := c.cursorColumns(m.Name); ok {
			return c.sendColumns(cols, nil)
		}
		return c.extendedError(err)
	}
	if ok, err := c.call(func(ctx context.Context) error { return c.describePortal(ctx, p) }); !ok {
		return err
	}
	return c.sendColumns(p.cols, p.fmts)
}

// describeStatement answers ParameterDescription, then RowDescription (in
// text format: no portal has chosen formats) or NoData.
func (c *conn) describeStatement(name string) error {
	st, err := c.lookupStatement(name)
	if err != nil {
		return c.extendedError(err)
	}
	var cols []Column
	ok, err := c.call(func(ctx context.Context) (err error) {
		cols, err = st.prepared.Columns(ctx)
		return err
	})
	if !ok {
		return err
	}
	if err := c.send(&pgproto3.ParameterDescription{ParameterOIDs: st.paramOIDs}); err != nil {
		return err
	}
	return c.sendColumns(cols, nil)
}

// describePortal fixes p's columns from the Portal, unless they are fixed.
func (c *conn) describePortal(ctx context.Context, p *portal) error {
	if p.described {
		return nil
	}
	cols, err := p.p.Columns(ctx)
	if err != nil {
		return err
	}
	return p.describe(cols)
}

func (c *conn) sendColumns(cols []Column, fmts []int16) error {
	if cols == nil {
		return c.send(&pgproto3.NoData{})
	}
	return c.sendRowDescription(cols, fmts)
}

func (c *conn) handleExecute(m *pgproto3.Execute) error {
	p, err := c.lookupPortal(m.Portal)
	if err != nil {
		return c.extendedError(err)
	}
	if p.completed && !p.suspended && p.cols == nil {
		// PostgreSQL runs a statement without rows once per portal.
		return c.extendedError(newError(codeNotInPrereqState, "portal %q cannot be run", p.name))
	}
	p.maxRows = int(min(m.MaxRows, 1<<31-1))
	w := newResultWriter(c, p)
	var suspended bool
	ok, err := c.call(func(ctx context.Context) (err error) {
		suspended, err = p.p.Execute(ctx, p.maxRows, w)
		w.done = true
		return checkExecute(w, suspended, err)
	})
	p.maxRows = 0
	if !ok {
		// A failed portal cannot go on; PostgreSQL drops it with the
		// transaction, so a later Execute finds nothing to resume.
		c.closePortal(p.name)
		return err
	}
	p.suspended, p.completed = suspended, true
	if suspended {
		return c.send(&pgproto3.PortalSuspended{})
	}
	return nil
}

// checkExecute checks that an Execute ended its result as the protocol
// needs: completed, or suspended at a row limit.
func checkExecute(w *resultWriter, suspended bool, err error) error {
	switch {
	case err != nil:
		return err
	case suspended && (w.portal.maxRows == 0 || w.ended):
		return newError(codeInternal, "Portal.Execute suspended without a row limit, or after completing")
	case !suspended && !w.ended:
		return newError(codeInternal, "Portal.Execute returned without completing its result")
	}
	return nil
}

func (c *conn) handleClose(m *pgproto3.Close) error {
	// Closing what does not exist is no error.
	if m.ObjectType == 'S' {
		c.closeStatement(m.Name)
	} else {
		c.closePortal(m.Name)
	}
	return c.send(&pgproto3.CloseComplete{})
}

// handleSync ends an extended-protocol cycle, and any skip after an error;
// outside a transaction block it ends the implicit transaction.
func (c *conn) handleSync() error {
	c.skipTillSync = false
	c.endImplicitTransaction()
	return c.sendReady()
}

// handleFlush sends what is buffered, as the client asks.
func (c *conn) handleFlush() error {
	c.endQuery() // the client may now wait for what it asked
	return c.flush()
}

func (c *conn) lookupStatement(name string) (*statement, error) {
	st, ok := c.stmts[name]
	if !ok {
		if name == "" {
			return nil, newError(codeUndefinedStatement, "unnamed prepared statement does not exist")
		}
		return nil, newError(codeUndefinedStatement, "prepared statement %q does not exist", name)
	}
	return st, nil
}

// cursorColumns describes a SQL cursor of the session, which in
// PostgreSQL is a portal too; its rows are sent in the formats of each
// FETCH, so the description says text.
func (c *conn) cursorColumns(name string) ([]Column, bool) {
	d, ok := c.session.(CursorDescriber)
	if !ok {
		return nil, false
	}
	return d.CursorColumns(name)
}

func (c *conn) lookupPortal(name string) (*portal, error) {
	p, ok := c.portals[name]
	if !ok {
		return nil, newError(codeUndefinedCursor, "portal %q does not exist", name)
	}
	return p, nil
}

// call runs one call into the Session (or its Prepared or Portal) with a
// query context, which a CancelRequest cancels. When fn fails, call reports
// the error and starts the skip until Sync, and ok is false; a non-nil
// error ends the connection.
func (c *conn) call(fn func(ctx context.Context) error) (ok bool, err error) {
	qctx := c.beginQuery()
	callErr := fn(qctx)
	if callErr == nil {
		return true, nil
	}
	var own *wireError
	if errors.As(callErr, &own) {
		// Raised by wire inside the call (a format code count, a broken
		// ResultWriter contract): the session has not seen it.
		c.session.Failed(callErr)
	}
	if err := c.reportError(qctx, callErr); err != nil {
		return false, err
	}
	c.skipTillSync = true
	return false, nil
}

// extendedError reports an error wire found itself and starts the skip
// until Sync.
func (c *conn) extendedError(err error) error {
	c.skipTillSync = true
	c.session.Failed(err)
	return c.sendError(err)
}

// handleFunctionCall answers the fast-path function call, its own cycle
// ending with ReadyForQuery.
func (c *conn) handleFunctionCall(*pgproto3.FunctionCall) error {
	err := c.send(errorResponse(severityError,
		newError(codeNotSupported, "function call protocol is not supported")))
	if err != nil {
		return err
	}
	return c.sendReady()
}
