package wire

// StatementCloser is implemented by every ResultWriter wire hands a
// Session: SQL's DEALLOCATE closes prepared statements, which wire keeps
// (psqlODBC closes its server-side plans that way, not with a Close
// message). The session asserts it on the writer of the DEALLOCATE.
type StatementCloser interface {
	// CloseStatement closes the named prepared statement and its portals,
	// as a Close message does; false when no statement has that name.
	CloseStatement(name string) bool
	// CloseAllStatements closes every prepared statement (DEALLOCATE ALL).
	CloseAllStatements()
}

func (w *resultWriter) CloseStatement(name string) bool {
	st, ok := w.c.stmts[name]
	if !ok || name == "" {
		return false
	}
	if w.portal != nil && w.portal.stmt == st {
		// The portal running this DEALLOCATE stays open until it ends.
		w.c.forgetStatement(name)
		return true
	}
	w.c.closeStatement(name)
	return true
}

func (w *resultWriter) CloseAllStatements() {
	for name := range w.c.stmts {
		if name != "" {
			w.CloseStatement(name)
		}
	}
}
