package wire

import "github.com/jackc/pgx/v5/pgproto3"

// The extended query protocol is not spoken yet. Each of its messages gets
// 0A000 and, as after any extended-protocol error in PostgreSQL, the
// connection then discards messages until Sync. Implementing the protocol
// means replacing these handlers; dispatch and the Sync cycle stay.

func (c *conn) handleParse(*pgproto3.Parse) error       { return c.extendedNotSupported() }
func (c *conn) handleBind(*pgproto3.Bind) error         { return c.extendedNotSupported() }
func (c *conn) handleDescribe(*pgproto3.Describe) error { return c.extendedNotSupported() }
func (c *conn) handleExecute(*pgproto3.Execute) error   { return c.extendedNotSupported() }
func (c *conn) handleClose(*pgproto3.Close) error       { return c.extendedNotSupported() }

func (c *conn) extendedNotSupported() error {
	c.skipTillSync = true
	return c.send(errorResponse(severityError,
		newError(codeNotSupported, "extended query protocol is not supported yet")))
}

// handleSync ends an extended-protocol cycle, and any skip after an error.
func (c *conn) handleSync() error {
	c.skipTillSync = false
	return c.sendReady()
}

// handleFlush sends what is buffered, as the client asks.
func (c *conn) handleFlush() error {
	return c.flush()
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
