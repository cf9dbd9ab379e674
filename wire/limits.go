package wire

import (
	"errors"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
)

// DefaultMaxConnections is PostgreSQL's default max_connections.
const DefaultMaxConnections = 100

// SQLSTATE codes of the limits.
const (
	codeTooManyConnections = "53300"
	codeIdleSessionTimeout = "57P05"
	codeIdleInTxTimeout    = "25P03"
)

// IdleTimeouter is an optional interface of a Session: the
// idle_session_timeout and idle_in_transaction_session_timeout in force
// (0 or less: none). wire asks after each ReadyForQuery, so a SET takes
// effect from the next wait on, and ends a connection that sends nothing
// for that long with PostgreSQL's FATAL: idle outside a transaction block
// 57P05, inside one ('T' or 'E') 25P03. Only the wait for a command counts,
// as in PostgreSQL: not the time a query runs, nor the time between the
// messages of one extended-protocol batch.
type IdleTimeouter interface {
	IdleTimeouts() (idle, idleInTransaction time.Duration)
}

var (
	errIdleSession = newError(codeIdleSessionTimeout, "terminating connection due to idle-session timeout")
	errIdleInTx    = newError(codeIdleInTxTimeout, "terminating connection due to idle-in-transaction timeout")
)

// takeSlot counts the connection against MaxConnections once its startup
// packet has arrived: cancel requests and port probes never count. The
// slot is given back in finish.
func (c *conn) takeSlot() error {
	select {
	case c.srv.sec.slots <- struct{}{}:
		c.sec.slot = true
		return nil
	default:
		c.log.Warn("connection refused: max_connections reached", "max_connections", cap(c.srv.sec.slots))
		return newError(codeTooManyConnections, "sorry, too many clients already")
	}
}

func (c *conn) releaseSlot() {
	if c.sec.slot {
		c.sec.slot = false
		<-c.srv.sec.slots
	}
}

// admit decides, between the startup packet and the password exchange,
// whether this connection may go on: a free slot, and TLS where required.
func (c *conn) admit(params map[string]string) error {
	if err := c.takeSlot(); err != nil {
		return err
	}
	return c.requireTLS(params)
}

// receiveCommand reads the next message; right after a ReadyForQuery the
// wait is bounded by the session's idle timeout.
func (c *conn) receiveCommand() (pgproto3.FrontendMessage, error) {
	c.armIdleTimeout()
	msg, err := c.backend.Receive()
	c.reader.idleAt, c.reader.idleErr = time.Time{}, nil
	return msg, err
}

func (c *conn) armIdleTimeout() {
	if !c.sec.ready {
		return
	}
	c.sec.ready = false
	it, ok := c.session.(IdleTimeouter)
	if !ok {
		return
	}
	idle, inTx := it.IdleTimeouts()
	d, cause := idle, errIdleSession
	if c.session.TxStatus() != 'I' {
		d, cause = inTx, errIdleInTx
	}
	if d > 0 {
		c.reader.idleAt, c.reader.idleErr = time.Now().Add(d), cause
	}
}

// idleTimedOut reports whether a failed receive was an idle timeout, and
// if so tells the client.
func (c *conn) idleTimedOut(err error) bool {
	if !errors.Is(err, errIdleSession) && !errors.Is(err, errIdleInTx) {
		return false
	}
	c.log.Info("connection ended by idle timeout", "error", err)
	c.sendFatal(err)
	return true
}
