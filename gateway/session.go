package gateway

import (
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/wire"
)

// txState is the session's transaction state, as ReadyForQuery reports it.
type txState byte

const (
	txIdle   txState = 'I'
	txBlock  txState = 'T'
	txFailed txState = 'E'
)

// Session is one connection's state: its settings and transaction.
type Session struct {
	gw       *Gateway
	id       int32 // pg_backend_pid() in catalog queries
	user, db string
	settings map[string]string
	// local holds the values SET LOCAL replaced, restored at transaction end.
	local      map[string]string
	tx         txState
	savepoints []string
	loc        *time.Location
	types      *pgtype.Map // decodes parameters of prepared statements
	// cursors are the session's SQL cursors by name (cursor.go).
	cursors map[string]*cursor
	// portals lists the portals the client bound, for pg_cursors
	// (cursor_portals.go); nil until wire hands it.
	portals func() []wire.BoundPortal
	// queryText is the Query message running, "" outside one.
	queryText string
	// implicitBlock is set while a Query message of several statements
	// runs outside BEGIN: PostgreSQL's implicit transaction block.
	implicitBlock bool
	// temp is the session's temporary tables (temp.go).
	temp temps
}

func newSession(g *Gateway, user, db string) *Session {
	s := &Session{gw: g, id: g.lastID.Add(1), user: user, db: db, settings: map[string]string{}, tx: txIdle, loc: time.UTC, types: pgtype.NewMap()}
	for name := range settingsTable {
		s.settings[name] = g.settingDefault(name)
	}
	s.settings["session_authorization"] = user
	return s
}

// applyStartupParams applies run-time parameters sent in the startup
// packet, as PostgreSQL does; unknown ones are ignored.
func (s *Session) applyStartupParams(params map[string]string) error {
	for k, v := range params {
		name := strings.ToLower(k)
		if _, known := settingsTable[name]; !known || name == "user" || name == "database" {
			continue
		}
		if _, err := s.set(name, v); err != nil {
			return err
		}
	}
	return nil
}

// ParameterStatus lists the parameters reported after startup.
func (s *Session) ParameterStatus() map[string]string {
	out := map[string]string{}
	for name, st := range settingsTable {
		if st.report {
			out[displayName(name)] = s.settings[name]
		}
	}
	return out
}

// TxStatus is the ReadyForQuery status.
func (s *Session) TxStatus() byte { return byte(s.tx) }

// Close ends the session.
func (s *Session) Close() {
	s.dropCursors(func(*cursor) bool { return true })
	s.closeTemps()
	s.gw.sessions.Add(-1)
	s.gw.metrics.sessionClosed()
}

// SimpleQuery runs every statement of a Query message in order, stopping
// at the first error.
func (s *Session) SimpleQuery(ctx context.Context, sql string, w wire.ResultWriter) (err error) {
	stmts, err := s.planner().Plan(ctx, sql)
	if err != nil {
		s.failTx()
		return err
	}
	if len(stmts) == 0 {
		return w.EmptyQuery()
	}
	s.implicitBlock = len(stmts) > 1 && s.tx == txIdle
	defer s.endImplicitBlock(&err)
	s.queryText = sql // what pg_cursors shows of a cursor it declares (cursor.go)
	defer func() { s.queryText = "" }()
	for _, st := range stmts {
		start := time.Now()
		err := s.statement(ctx, st, w)
		s.gw.metrics.statement(st.Kind, start, err)
		if err != nil {
			s.failTx()
			return err
		}
	}
	return nil
}

// Failed is wire's report of an error it raised itself (an unknown portal,
// a Bind with the wrong parameter count): it fails an open block, as any
// error does.
func (s *Session) Failed(error) { s.failTx() }

func (s *Session) failTx() {
	if s.tx == txBlock {
		s.tx = txFailed
	}
}

func (s *Session) statement(ctx context.Context, st *planner.Statement, w wire.ResultWriter) error {
	if err := s.runnable(st); err != nil {
		return err
	}
	if st.Err != nil {
		return st.Err
	}
	switch st.Kind {
	case planner.KindQuery:
		return s.runQuery(ctx, st.Query, w)
	case planner.KindExplain:
		return s.explain(ctx, st, w)
	case planner.KindSet:
		return s.runSet(st.Set, w)
	case planner.KindShow:
		return s.show(st.Show, w)
	case planner.KindTransaction:
		return s.transaction(st.Tx, w)
	case planner.KindCatalog:
		return s.runCatalog(ctx, st.Catalog, nil, nil, w)
	case planner.KindOnline:
		return s.runLookup(ctx, st.Online, w)
	case planner.KindPush:
		return s.runPush(ctx, st.Push, w)
	case planner.KindCall:
		return s.runCall(ctx, st.Call, w)
	case planner.KindDeallocate:
		return s.deallocate(st.Deallocate, w)
	case planner.KindDeclare:
		return s.declare(ctx, st, w)
	case planner.KindFetch:
		return s.fetch(ctx, st.Fetch, w)
	case planner.KindCloseCursor:
		return s.closeCursor(st.CloseCursor, w)
	case planner.KindCopy:
		return s.runCopy(ctx, st.Copy, w)
	case planner.KindTemp:
		return s.runTemp(ctx, st.Temp, w)
	case planner.KindDataset:
		if err := s.refuseDatasetReadOnly(st); err != nil {
			return err
		}
		return s.runDataset(ctx, st, w)
	case planner.KindWrite:
		return s.runWrite(ctx, st, w) // write.go
	}
	return sqlerr.New(sqlerr.Internal, "gateway: statement kind %d has no route", st.Kind)
}

// runnable refuses st in a failed transaction block, unless st ends it.
func (s *Session) runnable(st *planner.Statement) error {
	if s.tx == txFailed && !endsFailure(st) {
		return sqlerr.New(sqlerr.InFailedTransaction,
			"current transaction is aborted, commands ignored until end of transaction block")
	}
	return nil
}

func endsFailure(st *planner.Statement) bool {
	if st.Kind != planner.KindTransaction {
		return false
	}
	switch st.Tx.Op {
	case planner.TxRollback, planner.TxCommit, planner.TxRollbackTo:
		return true
	}
	return false
}

// timeout applies statement_timeout to ctx.
func (s *Session) timeout(ctx context.Context) (context.Context, context.CancelFunc) {
	d, err := parseTimeout(s.settings["statement_timeout"])
	if err != nil || d <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, d)
}
