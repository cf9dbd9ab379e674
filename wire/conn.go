package wire

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"runtime/debug"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/jackc/pgx/v5/pgtype"
)

const (
	writeBufferSize = 16 << 10
	// fatalWriteTimeout bounds the last message to a client we are dropping,
	// which may not be reading at all.
	fatalWriteTimeout = 5 * time.Second
	// lingerTimeout and lingerMaxBytes bound linger.
	lingerTimeout  = time.Second
	lingerMaxBytes = 256 << 10
	// maxKeptScratch is the largest encode buffer kept between messages.
	maxKeptScratch = 64 << 10
)

// conn is one client connection. All its fields except mu and cancelQuery
// belong to the connection goroutine.
type conn struct {
	srv     *Server
	netConn net.Conn
	log     *slog.Logger
	opened  time.Time

	bw      *bufio.Writer
	scratch []byte // reused to encode each outgoing message
	reader  *connReader
	backend *pgproto3.Backend
	types   *pgtype.Map

	// ctx ends when the client goes away or the server shuts down.
	ctx      context.Context
	closeCtx context.CancelCauseFunc

	key          backendKey
	minor        uint32 // the protocol 3 minor version in use (startup.go)
	session      Session
	skipTillSync bool // after an extended-protocol error, until Sync
	stmts        map[string]*statement
	portals      map[string]*portal
	fatalSent    bool // the connection ends after a FATAL ErrorResponse
	sec          connSecurity

	qctx context.Context // the cycle's query context (beginQuery), nil between cycles

	mu          sync.Mutex
	cancelQuery context.CancelCauseFunc // set while a cycle's query context lives
}

func newConn(s *Server, nc net.Conn) *conn {
	ctx, cancel := context.WithCancelCause(s.base)
	return &conn{
		srv:      s,
		netConn:  nc,
		log:      s.cfg.Logger.With("remote", nc.RemoteAddr().String()),
		opened:   time.Now(),
		bw:       bufio.NewWriterSize(nc, writeBufferSize),
		types:    pgtype.NewMap(),
		stmts:    map[string]*statement{},
		portals:  map[string]*portal{},
		ctx:      ctx,
		closeCtx: cancel,
	}
}

// serve runs the connection to its end.
func (c *conn) serve() {
	defer c.finish()
	defer c.recoverPanic()
	if !c.startup() {
		return
	}
	c.loop()
}

// loop reads and answers messages until the connection ends.
func (c *conn) loop() {
	defer c.reader.unwatch()
	for {
		if c.srv.base.Err() != nil {
			c.sendFatal(errAdminShutdown())
			return
		}
		msg, err := c.receiveCommand()
		if err != nil {
			c.receiveFailed(err)
			return
		}
		if c.skipTillSync && !endsSkip(msg) {
			continue
		}
		if mayRunLong(msg) {
			c.reader.watch() // until the next wait for bytes (connReader.Read)
		}
		if err := c.dispatch(msg); err != nil {
			c.logEnd(err)
			return
		}
	}
}

// mayRunLong reports whether answering msg may wait on the Session (a
// query, a describe): the socket is then watched for the client going away.
func mayRunLong(msg pgproto3.FrontendMessage) bool {
	switch msg.(type) {
	case *pgproto3.Sync, *pgproto3.Flush, *pgproto3.Close, *pgproto3.Terminate,
		*pgproto3.CopyData, *pgproto3.CopyDone, *pgproto3.CopyFail:
		return false
	}
	return true
}

// errTerminate ends the connection at the client's request.
var errTerminate = errors.New("client sent Terminate")

// dispatch answers one message. A non-nil error ends the connection.
func (c *conn) dispatch(msg pgproto3.FrontendMessage) error {
	switch m := msg.(type) {
	case *pgproto3.Query:
		return c.handleQuery(m)
	case *pgproto3.Parse:
		return c.handleParse(m)
	case *pgproto3.Bind:
		return c.handleBind(m)
	case *pgproto3.Describe:
		return c.handleDescribe(m)
	case *pgproto3.Execute:
		return c.handleExecute(m)
	case *pgproto3.Close:
		return c.handleClose(m)
	case *pgproto3.Sync:
		return c.handleSync()
	case *pgproto3.Flush:
		return c.handleFlush()
	case *pgproto3.FunctionCall:
		return c.handleFunctionCall(m)
	case *pgproto3.CopyData, *pgproto3.CopyDone, *pgproto3.CopyFail:
		// PostgreSQL ignores these outside COPY: they arrive after a COPY
		// that failed on our side.
		return nil
	case *pgproto3.Terminate:
		return errTerminate
	default:
		err := newError(codeProtocolViolation, "unexpected message %T", msg)
		c.log.Warn("protocol violation", "error", err)
		c.sendFatal(err)
		return err
	}
}

// endsSkip reports whether msg ends the skip after an extended-protocol
// error. Terminate is honoured too, so a client can always leave.
func endsSkip(msg pgproto3.FrontendMessage) bool {
	switch msg.(type) {
	case *pgproto3.Sync, *pgproto3.Terminate:
		return true
	}
	return false
}

// receiveFailed answers a message that could not be read.
func (c *conn) receiveFailed(err error) {
	var tooBig *pgproto3.ExceededMaxBodyLenErr
	switch {
	case c.srv.base.Err() != nil:
		c.sendFatal(errAdminShutdown())
	case c.idleTimedOut(err):
	case c.reader.socketFailed():
		c.log.Debug("client went away", "error", err)
	case errors.As(err, &tooBig):
		c.log.Warn("message too large", "bytes", tooBig.ActualBodyLen, "limit", tooBig.MaxExpectedBodyLen)
		c.sendFatal(newError(codeProgramLimit, "message of %d bytes exceeds the server's limit of %d bytes",
			tooBig.ActualBodyLen, tooBig.MaxExpectedBodyLen))
	default:
		c.log.Warn("invalid frontend message", "error", err)
		c.sendFatal(newError(codeProtocolViolation, "invalid frontend message: %v", err))
	}
}

// logEnd logs why dispatch ended the connection, unless it was the
// client's Terminate or an error already reported to the client.
func (c *conn) logEnd(err error) {
	var we *wireError
	if !errors.Is(err, errTerminate) && !errors.As(err, &we) {
		c.log.Debug("connection write failed", "error", err)
	}
}

// send queues msg in the write buffer. The buffer reaches the socket when it
// fills or on flush; a write error sticks and every later send returns it.
func (c *conn) send(msg pgproto3.BackendMessage) error {
	buf, err := msg.Encode(c.scratch[:0])
	if err != nil {
		return newError(codeInternal, "encode %T: %v", msg, err)
	}
	if cap(buf) <= maxKeptScratch {
		c.scratch = buf[:0]
	}
	_, err = c.bw.Write(buf)
	return err
}

func (c *conn) flush() error {
	return c.bw.Flush()
}

// sendError sends err as an ErrorResponse of severity ERROR; XX000 errors are
// bugs, so they are logged.
func (c *conn) sendError(err error) error {
	resp := errorResponse(severityError, err)
	if resp.Code == codeInternal {
		c.log.Error("internal error", "error", err)
	}
	return c.send(resp)
}

// sendFatal sends err as a FATAL ErrorResponse before the connection closes,
// with a deadline because the client may not be reading.
func (c *conn) sendFatal(err error) {
	resp := errorResponse(severityFatal, err)
	c.fatalSent = true
	c.netConn.SetWriteDeadline(time.Now().Add(fatalWriteTimeout))
	if c.send(resp) == nil {
		c.flush()
	}
}

func (c *conn) sendReady() error {
	c.endQuery() // the cycle is over
	if err := c.sendReadyForQuery(c.session.TxStatus()); err != nil {
		return err
	}
	c.sec.ready = true
	return c.flush()
}

// recoverPanic turns a panic in this connection into a log entry, an XX000
// for the client and the end of this connection only.
func (c *conn) recoverPanic() {
	r := recover()
	if r == nil {
		return
	}
	c.log.Error("connection panicked", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
	c.sendFatal(newError(codeInternal, "internal error: %v", r))
}

// finish releases everything the connection holds; serve defers it.
func (c *conn) finish() {
	c.endQuery()
	c.closeCtx(ErrConnectionClosed)
	if c.reader != nil {
		c.reader.close()
	}
	if c.fatalSent {
		c.linger()
	}
	c.netConn.Close()
	c.releaseSlot()
	c.srv.forget(c)
	if c.session != nil {
		c.closeExtended()
		c.closeSession()
		c.log.Info("connection closed", "duration", time.Since(c.opened).Round(time.Millisecond))
	}
}

// linger lets a FATAL ErrorResponse reach a client that is still sending:
// closing a socket with unread input makes TCP reset the connection, and the
// client may then lose the message it was sent. So it sends FIN and reads
// what the client still sends, for a bounded time and amount.
func (c *conn) linger() {
	if cw, ok := c.netConn.(interface{ CloseWrite() error }); ok {
		cw.CloseWrite()
	}
	c.netConn.SetReadDeadline(time.Now().Add(lingerTimeout))
	io.CopyN(io.Discard, c.netConn, lingerMaxBytes)
}

// closeSession calls Session.Close, which runs after recoverPanic and so
// needs its own guard.
func (c *conn) closeSession() {
	defer func() {
		if r := recover(); r != nil {
			c.log.Error("Session.Close panicked", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
		}
	}()
	c.session.Close()
}
