package gateway

import (
	"context"
	"time"
)

// Temporary tables and transaction blocks: a CREATE [TEMP] TABLE inside
// BEGIN is dropped again by ROLLBACK (or by ROLLBACK TO a savepoint set
// before it), as in PostgreSQL. That is all that is undone: the warehouse
// connection runs each statement in a transaction of its own, so rows
// written and tables dropped inside the block stay as they are after a
// ROLLBACK (docs/query-language.md).

// tempMark is a table created inside the transaction block, at savepoint
// depth depth (len(s.savepoints) then).
type tempMark struct {
	name  string
	depth int
}

// tempUndoTimeout bounds the DROPs a ROLLBACK runs: the ROLLBACK has no
// statement context of its own.
const tempUndoTimeout = 30 * time.Second

// markTempCreated records a table created inside a transaction block.
func (s *Session) markTempCreated(name string) {
	if s.tx != txIdle {
		s.temp.created = append(s.temp.created, tempMark{name: name, depth: len(s.savepoints)})
	}
}

// endTempTx ends the block for the temporary tables: COMMIT keeps the
// tables created in it, ROLLBACK drops them.
func (s *Session) endTempTx(commit bool) {
	if !commit {
		s.undoTemps(0)
	}
	s.temp.created = nil
}

// rollbackTempsTo drops the tables created after the savepoint at depth
// depth-1 was set (ROLLBACK TO it).
func (s *Session) rollbackTempsTo(depth int) { s.undoTemps(depth) }

// releaseTempsTo moves the tables created after a released savepoint to
// the enclosing level.
func (s *Session) releaseTempsTo(depth int) {
	for i := range s.temp.created {
		s.temp.created[i].depth = min(s.temp.created[i].depth, depth)
	}
}

// undoTemps drops the tables created at depth >= depth, newest first.
func (s *Session) undoTemps(depth int) {
	kept := s.temp.created[:0]
	var undo []string
	for _, m := range s.temp.created {
		if m.depth >= depth {
			undo = append(undo, m.name)
		} else {
			kept = append(kept, m)
		}
	}
	s.temp.created = kept
	if len(undo) == 0 || s.temp.conn == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), tempUndoTimeout)
	defer cancel()
	for i := len(undo) - 1; i >= 0; i-- {
		name := undo[i]
		if _, ok := s.temp.tables[name]; !ok {
			continue // dropped inside the block already
		}
		if err := s.temp.conn.Drop(ctx, name); err != nil {
			s.gw.log.Warn("dropping a temporary table created in a rolled back transaction", "table", name, "err", err)
			continue
		}
		delete(s.temp.tables, name)
	}
}
