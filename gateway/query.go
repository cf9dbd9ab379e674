package gateway

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/warehouse"
	"github.com/pitgate/pitgate/wire"
)

// queryStats are the stages of one query, for EXPLAIN ANALYZE.
type queryStats struct {
	print, firstRow, total time.Duration
	rows                   int64
}

func (s *Session) runQuery(ctx context.Context, q *planner.Query, w wire.ResultWriter) error {
	if ok, err := s.runConstant(q, w); ok {
		return err // a constant SELECT, answered without the warehouse (fastpath.go)
	}
	_, err := s.execute(ctx, q, w)
	return err
}

// execute prints q in the warehouse's dialect, runs it and streams the
// rows to w (nil w: count only).
func (s *Session) execute(ctx context.Context, q *planner.Query, w wire.ResultWriter) (queryStats, error) {
	var st queryStats
	start := time.Now()
	ctx, cancel := s.timeout(ctx)
	defer cancel()
	rows, printed, err := s.queryRows(ctx, q) // upload.go
	if err != nil {
		return st, s.queryError(ctx, err)
	}
	st.print = printed
	defer rows.Close()
	cols := s.describe(q.Columns, rows.Columns())
	if w != nil {
		if err := w.Describe(cols); err != nil {
			return st, err
		}
	}
	for rows.Next() {
		if st.rows == 0 {
			st.firstRow = time.Since(start)
		}
		st.rows++
		if w == nil {
			continue
		}
		if err := w.Row(s.wireValues(rows.Values(), cols)); err != nil {
			return st, err
		}
	}
	if err := rows.Err(); err != nil {
		return st, s.queryError(ctx, err)
	}
	st.total = time.Since(start)
	if w != nil {
		return st, w.Complete(fmt.Sprintf("SELECT %d", st.rows))
	}
	return st, nil
}

// queryError names a statement_timeout as PostgreSQL does.
func (s *Session) queryError(ctx context.Context, err error) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return sqlerr.New(sqlerr.QueryCanceled, "canceling statement due to statement timeout")
	}
	if ctx.Err() != nil {
		return sqlerr.New(sqlerr.QueryCanceled, "canceling statement due to user request")
	}
	return err
}

// describe names result columns as the plan does and types them as the
// warehouse returned them.
func (s *Session) describe(planCols []plan.Column, whCols []warehouse.Column) []wire.Column {
	out := make([]wire.Column, len(whCols))
	for i, c := range whCols {
		name := c.Name
		if i < len(planCols) {
			name = planCols[i].Name
		}
		oid, size := typeOID(c.Type)
		mod := int32(-1)
		if oid == 1700 && c.Precision > 0 {
			mod = int32((c.Precision<<16)|c.Scale) + 4
		}
		out[i] = wire.Column{Name: name, TypeOID: oid, TypeSize: size, TypeMod: mod}
	}
	return out
}

// wireValues converts warehouse values to what wire encodes, showing
// timestamptz in the session's TimeZone.
func (s *Session) wireValues(vals []any, cols []wire.Column) []any {
	for i, v := range vals {
		switch x := v.(type) {
		case time.Time:
			if cols[i].TypeOID == 1184 {
				vals[i] = x.In(s.loc)
			}
		case warehouse.Interval:
			vals[i] = pgtype.Interval{Months: x.Months, Days: x.Days, Microseconds: x.Micros, Valid: true}
		}
	}
	return vals
}

func (s *Session) explain(ctx context.Context, st *planner.Statement, w wire.ResultWriter) error {
	if st.Online != nil {
		return s.explainLookup(ctx, st, w)
	}
	d := s.gw.dialect
	if name := st.Explain.Dialect; name != "" {
		var err error
		if d, err = dialects.ByName(name); err != nil {
			return err
		}
		if st.Explain.Analyze && d.Name() != s.gw.dialect.Name() {
			return sqlerr.New(sqlerr.FeatureNotSupported,
				"EXPLAIN ANALYZE runs on the warehouse, which speaks %s, not %s", s.gw.dialect.Name(), d.Name())
		}
	}
	sql, err := dialects.Print(d, st.Query.Root)
	if err != nil {
		return err
	}
	lines := []string{"Plan:"}
	lines = append(lines, indentLines(plan.Format(st.Query.Root))...)
	lines = append(lines, "SQL ("+d.Name()+"):")
	lines = append(lines, indentLines(sql)...)
	if est, ok := s.gw.wh.(warehouse.Estimator); ok && d.Name() == s.gw.dialect.Name() {
		// A dry run: validated and priced by the warehouse, never run.
		n, err := est.EstimateBytes(ctx, sql)
		if err != nil {
			return s.queryError(ctx, err)
		}
		lines = append(lines, fmt.Sprintf("Bytes processed (estimate): %d", n))
	}
	if st.Explain.Analyze {
		stats, err := s.execute(ctx, st.Query, nil)
		if err != nil {
			return err
		}
		lines = append(lines, "Execution:",
			fmt.Sprintf("  print SQL: %.3f ms", ms(stats.print)),
			fmt.Sprintf("  warehouse first row: %.3f ms", ms(stats.firstRow)),
			fmt.Sprintf("  total: %.3f ms, rows: %d", ms(stats.total), stats.rows))
	}
	if err := w.Describe([]wire.Column{textColumn("QUERY PLAN")}); err != nil {
		return err
	}
	for _, l := range lines {
		if err := w.Row([]any{l}); err != nil {
			return err
		}
	}
	return w.Complete("EXPLAIN")
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func indentLines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		out = append(out, "  "+l)
	}
	return out
}
