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
// must repeat. The secret is 4 bytes, the size protocol 3.0 fixes.
type backendKey struct {
	pid    uint32
	secret [4]byte
}

// register gives c a backend key whose process id no other connection has,
// and makes c findable by it. c.key is set under s.mu, which is what makes
// it safe for a cancel request's goroutine to read.
func (s *Server) register(c *conn) {
	var key backendKey
	rand.Read(key.secret[:])
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
	if target == nil || subtle.ConstantTimeCompare(target.key.secret[:], req.SecretKey) != 1 {
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

// beginQuery makes the context of one query, which a CancelRequest ends.
func (c *conn) beginQuery() context.Context {
	qctx, cancel := context.WithCancelCause(c.ctx)
	c.mu.Lock()
	c.cancelQuery = cancel
	c.mu.Unlock()
	return qctx
}

func (c *conn) endQuery() {
	c.mu.Lock()
	cancel := c.cancelQuery
	c.cancelQuery = nil
	c.mu.Unlock()
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
