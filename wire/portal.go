package wire

import (
	"fmt"
	"runtime/debug"
	"time"
)

// The extended protocol's objects. A connection keeps its prepared
// statements and portals by name; "" is the unnamed one of each, which a
// new Parse or Bind replaces where a named one must first be closed.

// statement is a prepared statement of this connection.
type statement struct {
	name      string
	prepared  Prepared
	paramOIDs []uint32
}

// portal is a bound statement of this connection.
type portal struct {
	name    string
	stmt    *statement // what it was bound from, to close it with the statement
	p       Portal
	codes   []int16   // the result format codes Bind sent
	maxRows int       // of the Execute running, 0 for none
	bound   time.Time // when the Bind came, for pg_cursors (cursor_formats.go)

	// described is set once the columns are fixed: by a Describe message,
	// or by the first Execute when the client sent none.
	described bool
	cols      []Column
	fmts      []int16 // per column; nil for all text
	suspended bool    // the last Execute stopped at its row limit
	completed bool    // an Execute ran it to its end
}

// describe fixes the portal's columns and their formats.
func (p *portal) describe(cols []Column) error {
	fmts, err := resultFormats(p.codes, len(cols))
	if err != nil {
		return err
	}
	p.described, p.cols, p.fmts = true, cols, fmts
	return nil
}

// closeStatement drops a statement and the portals bound from it.
func (c *conn) closeStatement(name string) {
	st, ok := c.stmts[name]
	if !ok {
		return
	}
	delete(c.stmts, name)
	for pname, p := range c.portals {
		if p.stmt == st {
			c.closePortal(pname)
		}
	}
	c.release(st.prepared.Close)
}

// forgetStatement drops a statement replaced by a new Parse; as in
// PostgreSQL, portals already bound from it stay usable.
func (c *conn) forgetStatement(name string) {
	if st, ok := c.stmts[name]; ok {
		delete(c.stmts, name)
		c.release(st.prepared.Close)
	}
}

func (c *conn) closePortal(name string) {
	if p, ok := c.portals[name]; ok {
		delete(c.portals, name)
		c.release(p.p.Close)
	}
}

// dropUnnamed drops the unnamed statement and portal, as a simple Query
// does in PostgreSQL.
func (c *conn) dropUnnamed() {
	c.forgetStatement("")
	c.closePortal("")
}

// endImplicitTransaction closes every portal once the session is outside a
// transaction block: a statement outside BEGIN runs in a transaction of its
// own that ends at Sync (or with its Query), and portals do not outlive the
// transaction they were made in.
func (c *conn) endImplicitTransaction() {
	if c.session.TxStatus() != 'I' {
		return
	}
	for name := range c.portals {
		c.closePortal(name)
	}
}

// closeExtended releases every statement and portal when the connection
// ends.
func (c *conn) closeExtended() {
	for name := range c.portals {
		c.closePortal(name)
	}
	for name := range c.stmts {
		c.forgetStatement(name)
	}
}

// release calls a Close of the Handler's. It runs at the end of a
// connection too, after recoverPanic, so it needs its own guard.
func (c *conn) release(close func()) {
	defer func() {
		if r := recover(); r != nil {
			c.log.Error("Handler Close panicked", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
		}
	}()
	close()
}
