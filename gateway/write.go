package gateway

import (
	"context"

	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/warehouse"
	"github.com/pitgate/pitgate/wire"
)

// Writes to tables of writable schemas (Config.WritableSchemas,
// planner.KindWrite): the statement is printed by the warehouse's dialect
// (dialects.PrintWrite) and run on the warehouse's pool, or on the
// session's pinned connection when its rows read the session's temporary
// tables (CREATE TABLE s.t AS SELECT ... FROM uploaded_df). Existence is
// checked first so that IF [NOT] EXISTS answers with PostgreSQL's notice
// on every warehouse. After CREATE and DROP the schema cache is dropped
// and the catalog rebuilt (write_catalog.go), so the table is at once
// visible to queries, \d and information_schema. Nothing here is
// transactional: a write is committed when it completes, as on a
// warehouse without transactions; a read-only transaction refuses it
// (write_tx.go).

func (s *Session) runWrite(ctx context.Context, st *planner.Statement, w wire.ResultWriter) error {
	wr := st.Write
	if err := s.refuseReadOnly(wr.Op.String()); err != nil {
		return err
	}
	ctx, cancel := s.timeout(ctx)
	defer cancel()
	if done, err := s.writeExistence(ctx, wr, w); done || err != nil {
		return err
	}
	pw := wr.Write
	if st.Query != nil {
		pw.Rows = st.Query.Root
	}
	sql, err := dialects.PrintWrite(s.gw.dialect, &pw)
	if err != nil {
		return err
	}
	n, err := s.execWrite(ctx, s.datasetExecutor(st.Query), &pw, sql)
	if err != nil {
		return err
	}
	switch pw.Op {
	case plan.CreateTable, plan.CreateTableAs, plan.DropTable:
		s.gw.tableWritten(ctx, pw.Op, pw.Table)
	}
	return w.Complete(wr.Tag(n))
}

// writeExistence answers CREATE of an existing table and DROP of a
// missing one as PostgreSQL does: with IF [NOT] EXISTS a notice and the
// command's tag (done), otherwise 42P07 / 42P01.
func (s *Session) writeExistence(ctx context.Context, wr *planner.Write, w wire.ResultWriter) (done bool, err error) {
	var create bool
	switch wr.Op {
	case plan.CreateTable, plan.CreateTableAs:
		create = true
	case plan.DropTable:
	default:
		return false, nil
	}
	exists, err := s.tableExists(ctx, wr.Table)
	if err != nil || exists != create {
		return false, err
	}
	last := wr.Table[len(wr.Table)-1]
	switch {
	case create && !wr.IfExists:
		return true, sqlerr.New("42P07", "relation %q already exists", last).
			WithHint("DROP TABLE %s first, or CREATE TABLE IF NOT EXISTS", wr.Name())
	case !create && !wr.IfExists:
		return true, sqlerr.New(sqlerr.UndefinedTable, "table %q does not exist", last)
	case create:
		err = w.Notice("relation \"" + last + "\" already exists, skipping")
	default:
		err = w.Notice("table \"" + last + "\" does not exist, skipping")
	}
	if err != nil {
		return true, err
	}
	tag := wr.Op.String()
	if wr.Op == plan.CreateTableAs {
		tag = "CREATE TABLE AS" // PostgreSQL's tag when nothing was selected
	}
	return true, w.Complete(tag)
}

// tableExists asks the warehouse itself, not the schema cache: another
// process may have created or dropped the table.
func (s *Session) tableExists(ctx context.Context, path []string) (bool, error) {
	_, err := s.gw.wh.Table(ctx, path)
	switch {
	case err == nil:
		return true, nil
	case sqlerr.Code(err) == sqlerr.UndefinedTable:
		return false, nil
	}
	return false, s.queryError(ctx, err)
}

// execWrite runs sql and returns the rows it wrote: the warehouse's own
// count for INSERT, UPDATE and DELETE (warehouse.Counter), the new
// table's count(*) for CREATE TABLE AS (every warehouse answers that one
// alike), 0 for the rest.
func (s *Session) execWrite(ctx context.Context, ex datasetExec, pw *plan.Write, sql string) (int64, error) {
	switch pw.Op {
	case plan.InsertInto, plan.UpdateTable, plan.DeleteFrom:
		c, ok := ex.(warehouse.Counter)
		if !ok {
			return 0, sqlerr.New(sqlerr.FeatureNotSupported, "the %s warehouse does not report how many rows %s wrote",
				s.gw.wh.Dialect(), pw.Op)
		}
		n, err := c.ExecCount(ctx, sql)
		if err != nil {
			return 0, s.queryError(ctx, err)
		}
		return n, nil
	case plan.CreateTableAs:
		if err := ex.Exec(ctx, sql); err != nil {
			return 0, s.queryError(ctx, err)
		}
		vals, err := s.oneRow(ctx, ex, dialects.CountRows(s.gw.dialect, pw.Table))
		if err != nil {
			return 0, err
		}
		return toInt64(vals[0]), nil
	}
	if err := ex.Exec(ctx, sql); err != nil {
		return 0, s.queryError(ctx, err)
	}
	return 0, nil
}
