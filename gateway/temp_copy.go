package gateway

import (
	"context"
	"errors"
	"io"

	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/warehouse"
	"github.com/pitgate/pitgate/wire"
)

// copyTempBatch is how many COPY lines go into one INSERT on the pinned
// connection of a warehouse without a bulk text loader.
const copyTempBatch = 5000

// tempCopyTarget is the session temporary table COPY ... FROM STDIN
// names, if it names one.
func (s *Session) tempCopyTarget(c *planner.Copy) *tempTable {
	if c.Schema != "" && c.Schema != "pg_temp" {
		return nil
	}
	return s.temp.tables[c.Name]
}

// copyTemp fills a temporary table from COPY FROM STDIN (text, CSV and
// binary, whose values become their PostgreSQL text first:
// temp_copy_binary.go). On a warehouse that bulk-loads text
// (warehouse.TextLoader: COPY on PostgreSQL, the Appender on DuckDB) the
// lines stream into it as they arrive (temp_load.go); on the others each
// batch of lines becomes an INSERT of literals, all in one warehouse
// transaction. Either way a COPY that fails anywhere adds no rows.
func (s *Session) copyTemp(ctx context.Context, c *planner.Copy, tt *tempTable, w wire.ResultWriter) error {
	targets, err := copyTempTargets(c, tt)
	if err != nil {
		return err
	}
	cols := make([]wire.Column, len(targets))
	names := make([]string, len(targets))
	for i, tc := range targets {
		cols[i], names[i] = wire.Column{Name: tc.Name}, tc.Name
	}
	filter, err := tempFilter(c, tt) // COPY ... WHERE (copy_where.go)
	if err != nil {
		return err
	}
	f, err := copyInFormat(c, cols)
	if err != nil {
		return err
	}
	r, err := w.CopyIn(cols, f)
	if err != nil {
		return err
	}
	r = filterTempCopy(r, s, c, targets, filter)
	if tl, ok := s.temp.conn.(warehouse.TextLoader); ok {
		n, err := s.copyTempLoad(ctx, tl, c, targets, names, r)
		if err != nil {
			return err
		}
		return w.Complete(copyTag(n))
	}
	conn := s.temp.conn
	if err := conn.Exec(ctx, "BEGIN"); err != nil {
		return s.queryError(ctx, err)
	}
	n, err := s.copyTempRows(ctx, c, targets, names, r)
	if err != nil {
		_ = conn.Exec(context.WithoutCancel(ctx), "ROLLBACK")
		return err
	}
	if err := conn.Exec(ctx, "COMMIT"); err != nil {
		return s.queryError(ctx, err)
	}
	return w.Complete(copyTag(n))
}

func copyTempTargets(c *planner.Copy, tt *tempTable) ([]planner.TableColumn, error) {
	if c.Columns == nil {
		return tt.cols, nil
	}
	var out []planner.TableColumn
	for _, name := range c.Columns {
		found := false
		for _, tc := range tt.cols {
			if tc.Name == name {
				out, found = append(out, tc), true
			}
		}
		if !found {
			return nil, sqlerr.New(sqlerr.UndefinedColumn, "column %q of relation %q does not exist", name, c.Name)
		}
	}
	return out, nil
}

func (s *Session) copyTempRows(ctx context.Context, c *planner.Copy, targets []planner.TableColumn, names []string, r wire.CopyReader) (int64, error) {
	var total int64
	v := &plan.Values{}
	for i, tc := range targets {
		v.Cols = append(v.Cols, plan.Column{ID: plan.ColumnID(i + 1), Name: tc.Name, Type: plan.Type(tc.Type)})
	}
	flush := func() error {
		if len(v.Rows) == 0 {
			return nil
		}
		sql, err := dialects.Print(s.gw.dialect, v)
		if err != nil {
			return err
		}
		n, err := s.temp.conn.Insert(ctx, c.Name, names, sql)
		if err != nil {
			return copyContext(s.queryError(ctx, err), c, r.Line())
		}
		total += n
		v.Rows = v.Rows[:0]
		return nil
	}
	for {
		fields, err := r.Next(ctx)
		if errors.Is(err, io.EOF) {
			return total, flush()
		}
		if err != nil {
			return 0, s.queryError(ctx, err)
		}
		if fields, err = s.copyTempFields(c, targets, fields, r.Line()); err != nil {
			return 0, err
		}
		row := make([]plan.Expr, len(fields))
		for i, fv := range fields {
			var lit plan.Expr = &plan.Const{}
			if fv != nil {
				lit = &plan.Const{Value: string(fv)}
			}
			row[i] = &plan.Cast{X: lit, Type: v.Cols[i].Type}
		}
		v.Rows = append(v.Rows, row)
		if len(v.Rows) == copyTempBatch {
			if err := flush(); err != nil {
				return 0, err
			}
		}
	}
}

// copyTempFields checks a COPY line's field count and turns binary fields
// into their text.
func (s *Session) copyTempFields(c *planner.Copy, targets []planner.TableColumn, fields [][]byte, line int64) ([][]byte, error) {
	if len(fields) != len(targets) {
		return nil, copyContext(sqlerr.New("22P04", "row has %d columns, want %d", len(fields), len(targets)), c, line)
	}
	if c.Options.Format != "binary" {
		return fields, nil
	}
	fields, err := s.binaryTempFields(targets, fields)
	if err != nil {
		return nil, copyContext(err, c, line)
	}
	return fields, nil
}
