package gateway

import (
	"context"
	"strconv"

	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/warehouse"
	"github.com/pitgate/pitgate/wire"
)

// Session temporary tables: a session's CREATE [TEMP] TABLE makes a TEMP
// table on a warehouse connection pinned to the session
// (warehouse.Session), taken at the first one and closed with the
// session, which drops them all (the warehouse does it by itself when the
// connection ends, so a pitgate that dies leaves none behind). Their
// schemas are the session's own, never in the gateway's shared cache; the
// planner sees them first (tempTables.TempTable) and marks a query that
// reads one, which then runs on the pinned connection.
//
// Inside BEGIN, ROLLBACK drops the tables created in the block
// (temp_tx.go); nothing else on temporary tables is transactional.

// temps is a session's temporary tables and the connection holding them.
type temps struct {
	conn   warehouse.Session // nil until the first CREATE
	tables map[string]*tempTable
	// created are the tables created inside the transaction block.
	created []tempMark
}

type tempTable struct {
	path []string
	cols []planner.TableColumn
	wcol []warehouse.Column
	// saidTemp: created by CREATE TEMP TABLE (listed in pg_temp_N), not
	// by an unqualified CREATE TABLE (listed in the current schema).
	saidTemp bool
}

// sessionTables is the planner's view of the warehouse for one session:
// its temporary tables, then the gateway's shared schema cache.
type sessionTables struct {
	planner.Tables
	t *temps
}

func (st sessionTables) TempTable(name string) ([]string, []planner.TableColumn, bool) {
	tt, ok := st.t.tables[name]
	if !ok {
		return nil, nil, false
	}
	return tt.path, tt.cols, true
}

// planner is the session's planner: the gateway's, seeing the session's
// temporary tables once it has any.
func (s *Session) planner() *planner.Planner {
	if len(s.temp.tables) == 0 {
		return s.gw.planner
	}
	return s.gw.planner.WithTables(sessionTables{Tables: s.gw.tables, t: &s.temp})
}

// querier runs a query's SQL: the session's pinned connection when the
// query reads a temporary table, the warehouse's pool otherwise.
type querier interface {
	Query(ctx context.Context, sql string) (warehouse.Rows, error)
}

func (s *Session) warehouseFor(q *planner.Query) querier {
	if q != nil && q.Temp && s.temp.conn != nil {
		return s.temp.conn
	}
	return s.gw.wh
}

// closeTemps drops the session's temporary tables with its connection.
func (s *Session) closeTemps() {
	if s.temp.conn != nil {
		if err := s.temp.conn.Close(); err != nil {
			s.gw.log.Warn("closing a session's warehouse connection", "err", err)
		}
		s.temp.conn = nil
	}
	s.temp.tables, s.temp.created = nil, nil
}

// tempConn is the session's pinned connection, taken on first use.
func (s *Session) tempConn(ctx context.Context) (warehouse.Session, error) {
	if s.temp.conn != nil {
		return s.temp.conn, nil
	}
	sw, ok := s.gw.wh.(warehouse.Sessioner)
	if !ok {
		return nil, sqlerr.New(sqlerr.FeatureNotSupported, "the %s warehouse has no session temporary tables", s.gw.wh.Dialect())
	}
	c, err := sw.Session(ctx)
	if err != nil {
		return nil, s.queryError(ctx, err)
	}
	c = s.gw.recording(c) // scratch tables are recorded for the sweep (temp_scratch.go)
	s.temp.conn = c
	if s.temp.tables == nil {
		s.temp.tables = map[string]*tempTable{}
	}
	return c, nil
}

func (s *Session) runTemp(ctx context.Context, t *planner.Temp, w wire.ResultWriter) error {
	ctx, cancel := s.timeout(ctx)
	defer cancel()
	if t.Op == planner.TempDrop {
		return s.dropTemp(ctx, t, w)
	}
	conn, err := s.tempConn(ctx)
	if err != nil {
		return err
	}
	switch t.Op {
	case planner.TempCreate, planner.TempCreateAs:
		return s.createTemp(ctx, conn, t, w)
	case planner.TempInsert:
		if n, ok, err := s.loadTempValues(ctx, conn, t); ok { // temp_load_insert.go
			if err != nil {
				return err
			}
			return w.Complete("INSERT 0 " + strconv.FormatInt(n, 10))
		}
		n, err := s.tempRows(ctx, t.Query, func(sql string) (int64, error) {
			return conn.Insert(ctx, t.Name, t.Targets, sql)
		})
		if err != nil {
			return err
		}
		return w.Complete("INSERT 0 " + strconv.FormatInt(n, 10))
	case planner.TempTruncate:
		if err := conn.Truncate(ctx, t.Name); err != nil {
			return s.queryError(ctx, err)
		}
		return w.Complete("TRUNCATE TABLE")
	}
	return sqlerr.New(sqlerr.Internal, "gateway: temporary table operation %d has no route", t.Op)
}

func (s *Session) createTemp(ctx context.Context, conn warehouse.Session, t *planner.Temp, w wire.ResultWriter) error {
	if _, ok := s.temp.tables[t.Name]; ok {
		if t.IfExists {
			if err := w.Notice("relation \"" + t.Name + "\" already exists, skipping"); err != nil {
				return err
			}
			return w.Complete(createTag(t))
		}
		return sqlerr.New("42P07", "relation %q already exists", t.Name)
	}
	tag := "CREATE TABLE"
	if t.Op == planner.TempCreate {
		cols := make([]warehouse.Column, len(t.Columns))
		for i, c := range t.Columns {
			cols[i] = warehouse.Column{Name: c.Name, Type: c.Type}
		}
		if err := conn.CreateTemp(ctx, t.Name, cols); err != nil {
			return s.queryError(ctx, err)
		}
	} else {
		n, err := s.tempRows(ctx, t.Query, func(sql string) (int64, error) {
			return conn.CreateTempAs(ctx, t.Name, sql)
		})
		if err != nil {
			return err
		}
		tag = "SELECT " + strconv.FormatInt(n, 10)
	}
	if err := s.recordTemp(ctx, conn, t.Name, t.SaidTemp); err != nil {
		return err
	}
	s.markTempCreated(t.Name)
	return w.Complete(tag)
}

func createTag(t *planner.Temp) string {
	if t.Op == planner.TempCreateAs {
		return "SELECT 0"
	}
	return "CREATE TABLE"
}

// recordTemp describes a new temporary table as the warehouse made it.
func (s *Session) recordTemp(ctx context.Context, conn warehouse.Session, name string, saidTemp bool) error {
	path := conn.TempPath(name)
	wcols, err := conn.Table(ctx, path)
	if err != nil {
		return s.queryError(ctx, err)
	}
	tt := &tempTable{path: path, wcol: wcols, saidTemp: saidTemp}
	for _, c := range wcols {
		tt.cols = append(tt.cols, planner.TableColumn{Name: c.Name, Type: c.Type})
	}
	s.temp.tables[name] = tt
	return nil
}

// tempRows prints q in the dialect and hands its SQL to run.
func (s *Session) tempRows(ctx context.Context, q *planner.Query, run func(sql string) (int64, error)) (int64, error) {
	sql, err := dialects.Print(s.gw.dialect, q.Root)
	if err != nil {
		return 0, err
	}
	n, err := run(sql)
	if err != nil {
		return 0, s.queryError(ctx, err)
	}
	return n, nil
}

func (s *Session) dropTemp(ctx context.Context, t *planner.Temp, w wire.ResultWriter) error {
	if _, ok := s.temp.tables[t.Name]; !ok {
		if t.IfExists {
			if err := w.Notice("table \"" + t.Name + "\" does not exist, skipping"); err != nil {
				return err
			}
			return w.Complete("DROP TABLE")
		}
		return sqlerr.New(sqlerr.UndefinedTable, "table %q does not exist", t.Name).
			WithHint("DROP TABLE drops only the session's temporary tables")
	}
	if err := s.temp.conn.Drop(ctx, t.Name); err != nil {
		return s.queryError(ctx, err)
	}
	delete(s.temp.tables, t.Name)
	return w.Complete("DROP TABLE")
}
