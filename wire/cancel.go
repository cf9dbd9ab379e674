package wire

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/binary"
	"math"

	"github.com/jackc/pgx/v5/pgproto3"
)

// backendKey is what BackendKeyData tells the client and a CancelRequest
// must repeat. The secret is 4 bytes in protocol 3.0, the size it fixes,
// and 32 in protocol 3.2, which lets it be longer (PostgreSQL 18 sends 32).
type backendKey struct {
	pid    uint32
	secret [32]byte
	n      int // the secret's length: secret[:n]
}

// secretLen is the length of the cancel secret in protocol 3.minor.
func secretLen(minor uint32) int {
	if minor >= 2 {
		return 32
	}
	return 4
}

// register gives c a backend key whose process id no other connection has,
// and makes c findable by it. c.key is set under s.mu, which is what makes
// it safe for a cancel request's goroutine to read.
func (s *Server) register(c *conn) {
	key := backendKey{n: secretLen(c.minor)}
	rand.Read(key.secret[:key.n])
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		key.pid = randomPID()
		if _, taken := s.byPID[key.pid]; !taken {
			break
		}
	}
	c.key = key
	s.byPID[key.pid] = c
}

// randomPID is in 1..MaxInt32: clients such as libpq keep it in an int.
func randomPID() uint32 {
	var b [4]byte
	rand.Read(b[:])
	return binary.BigEndian.Uint32(b[:])%math.MaxInt32 + 1
}

// serveCancelRequest cancels the query running on the connection the
// request names. As in PostgreSQL the requester gets no answer either way,
// so a wrong key reveals nothing.
func (c *conn) serveCancelRequest(body []byte) {
	var req pgproto3.CancelRequest
	if err := req.Decode(body); err != nil {
		c.log.Warn("malformed cancel request", "error", err)
		return
	}
	target := c.srv.lookup(req.ProcessID)
	if target == nil || subtle.ConstantTimeCompare(target.key.secret[:target.key.n], req.SecretKey) != 1 {
		c.log.Info("cancel request matched no connection", "pid", req.ProcessID)
		return
	}
	if target.cancelRunning() {
		c.log.Info("query canceled by cancel request", "pid", req.ProcessID)
	}
}

func (s *Server) lookup(pid uint32) *conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.byPID[pid]
}

// beginQuery gives a Session call its query context, which a
// CancelRequest ends. The calls of one cycle (up to its ReadyForQuery, or
// a Flush after which the client waits) share one context, made by the
// first: a prepared statement's Bind, Execute and Sync make one context,
// not one per message. A context a cancel ended is not reused, so a
// cancel ends the call it interrupts, or, arriving between two calls of a
// cycle, the next one (PostgreSQL's backend too acts on a cancel at the
// next check of the cycle it is running); one that arrives while the
// connection waits for a command cancels nothing (endQuery).
func (c *conn) beginQuery() context.Context {
	if c.qctx != nil && c.qctx.Err() == nil {
		return c.qctx
	}
	c.endQuery()
	qctx, cancel := context.WithCancelCause(c.ctx)
	c.mu.Lock()
	c.cancelQuery = cancel
	c.mu.Unlock()
	c.qctx = qctx
	return qctx
}

// endQuery ends the cycle's query context, if any.
func (c *conn) endQuery() {
	c.mu.Lock()
	cancel := c.cancelQuery
	c.cancelQuery = nil
	c.mu.Unlock()
	c.qctx = nil
	if cancel != nil {
		cancel(context.Canceled)
	}
}

// cancelRunning cancels the running query, if any; a request that arrives
// between queries cancels nothing, as in PostgreSQL.
func (c *conn) cancelRunning() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cancelQuery == nil {
		return false
	}
	c.cancelQuery(ErrQueryCanceled)
	return true
}
