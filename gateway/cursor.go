package gateway

import (
	"context"
	"time"

	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/warehouse"
	"github.com/pitgate/pitgate/wire"
)

// SQL cursors (DECLARE / FETCH / MOVE / CLOSE). A cursor holds one open
// warehouse result, as a portal of the extended protocol does (portal.go):
// the query runs under a context of the cursor's own that outlives each
// statement, and each FETCH reads the next rows from it, so a client
// fetching 2000 rows at a time never has the whole result in memory.
// A scrollable cursor keeps the rows it read to move back over them
// (cursor_scroll.go); others read forward only. A cursor without HOLD ends with its
// transaction; one WITH HOLD survives COMMIT (its result stays open, where
// PostgreSQL would materialize it) and ends at CLOSE or with the session.

// cursor is one declared cursor of a session.
type cursor struct {
	name     string
	text     string // the DECLARE statement, as pg_cursors shows it
	hold     bool
	noScroll bool
	binary   bool // DECLARE BINARY: a FETCH in a Query message sends binary rows
	// scroll is PostgreSQL's CURSOR_OPT_SCROLL: the cursor moves back over
	// the rows it kept (cursor_scroll.go).
	scroll  bool
	kept    keptRows
	created time.Time
	// committed is set once the transaction that declared it committed:
	// a later ROLLBACK keeps a held cursor only then.
	committed bool
	// level is the number of savepoints open when it was declared, lowered
	// by RELEASE (cursor_catalog.go); ROLLBACK TO drops it when higher.
	level int

	cols    []wire.Column
	rows    warehouse.Rows
	stopRun context.CancelCauseFunc
	pos     int64 // rows read so far: PostgreSQL's portal position
	atEnd   bool  // the result is exhausted (position after the last row)
	last    []any // the row at pos, for FETCH 0 / RELATIVE 0
}

// declare runs DECLARE: it starts the cursor's query on the warehouse.
func (s *Session) declare(ctx context.Context, st *planner.Statement, w wire.ResultWriter) error {
	c := st.Cursor
	if !c.Hold && s.tx == txIdle && !s.implicitBlock {
		return sqlerr.New(sqlerr.NoActiveTransaction, "DECLARE CURSOR can only be used in transaction blocks")
	}
	if _, dup := s.cursors[c.Name]; dup {
		return sqlerr.New(codeDuplicateCursor, "cursor %q already exists", c.Name)
	}
	cur, err := s.openCursor(ctx, st)
	if err != nil {
		return err
	}
	if s.queryText != "" {
		cur.text = s.queryText // PostgreSQL shows the whole Query message
	}
	cur.committed = s.tx == txIdle && !s.implicitBlock // autocommitted at once
	cur.level = len(s.savepoints)
	if s.cursors == nil {
		s.cursors = map[string]*cursor{}
	}
	s.cursors[c.Name] = cur
	return w.Complete("DECLARE CURSOR")
}

// codeDuplicateCursor is PostgreSQL's duplicate_cursor.
const codeDuplicateCursor = "42P03"

// openCursor prints the declared query and opens its result under a
// context that outlives ctx; ctx (with statement_timeout) bounds the open.
func (s *Session) openCursor(ctx context.Context, st *planner.Statement) (*cursor, error) {
	sql, err := dialects.Print(s.gw.dialect, st.Query.Root)
	if err != nil {
		return nil, err
	}
	ctx, cancel := s.timeout(ctx)
	defer cancel()
	run, stopRun := context.WithCancelCause(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() { stopRun(context.Cause(ctx)) })
	defer stop()
	rows, err := s.warehouseFor(st.Query).Query(run, sql)
	if err != nil {
		stopRun(nil)
		return nil, s.queryError(ctx, err)
	}
	return &cursor{
		name: st.Cursor.Name, text: st.Text, hold: st.Cursor.Hold, noScroll: st.Cursor.NoScroll,
		binary: st.Cursor.Binary, scroll: scrollable(st.Cursor, st.Query.Root),
		created: time.Now(), cols: s.describe(st.Query.Columns, rows.Columns()),
		rows: rows, stopRun: stopRun,
	}, nil
}

// close ends the cursor's warehouse query.
func (c *cursor) close() {
	if c.rows != nil {
		c.rows.Close()
		c.rows = nil
	}
	if c.stopRun != nil {
		c.stopRun(nil)
		c.stopRun = nil
	}
}

// lookupCursor is the session's cursor name, or 34000.
func (s *Session) lookupCursor(name string) (*cursor, error) {
	c, ok := s.cursors[name]
	if !ok {
		return nil, sqlerr.New(codeInvalidCursorName, "cursor %q does not exist", name)
	}
	return c, nil
}

// codeInvalidCursorName is PostgreSQL's invalid_cursor_name.
const codeInvalidCursorName = "34000"

// closeCursor runs CLOSE name | ALL.
func (s *Session) closeCursor(cc *planner.CloseCursor, w wire.ResultWriter) error {
	if cc.Name == "" {
		s.dropCursors(func(*cursor) bool { return true })
		return w.Complete("CLOSE CURSOR ALL")
	}
	c, err := s.lookupCursor(cc.Name)
	if err != nil {
		return err
	}
	c.close()
	delete(s.cursors, cc.Name)
	return w.Complete("CLOSE CURSOR")
}

// dropCursors closes and forgets every cursor drop selects.
func (s *Session) dropCursors(drop func(*cursor) bool) {
	for name, c := range s.cursors {
		if drop(c) {
			c.close()
			delete(s.cursors, name)
		}
	}
}

// endCursorTx ends the cursors of a transaction that ends: every cursor
// without HOLD; at a rollback also the held ones it declared.
func (s *Session) endCursorTx(commit bool) {
	s.dropCursors(func(c *cursor) bool { return !c.hold || !commit && !c.committed })
	if commit {
		for _, c := range s.cursors {
			c.committed = true
		}
	}
}

// CursorColumns describes a declared cursor to wire, which asks when a
// client describes a portal of that name (psycopg 3 does, right after its
// DECLARE): in PostgreSQL a cursor is a portal.
func (s *Session) CursorColumns(name string) ([]wire.Column, bool) {
	c, ok := s.cursors[name]
	if !ok {
		return nil, false
	}
	return c.cols, true
}

// endImplicitBlock ends the implicit transaction of a Query message run
// outside BEGIN: its cursors without HOLD close, as at COMMIT, or every
// cursor it declared, as at ROLLBACK, when it failed.
func (s *Session) endImplicitBlock(err *error) {
	s.implicitBlock = false
	if s.tx == txIdle {
		s.endCursorTx(*err == nil)
	}
}
