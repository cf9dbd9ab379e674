package gateway

import (
	"context"
	"math"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/planner"
)

// Scrollable cursors. PostgreSQL lets a cursor move back when it was
// declared SCROLL, or declared with neither SCROLL nor NO SCROLL and its
// plan can run backward (PerformCursorOpen and ExecSupportsBackwardScan).
// A warehouse result reads forward only, so a scrollable cursor keeps the
// rows it read, as PostgreSQL's Material node does, and moves back over
// them. It keeps at most scrollKeepBytes of them: the oldest go first, and
// a move back to a row no longer kept fails with 54000 and says so.

// scrollKeepBytes bounds the rows one scrollable cursor keeps.
const scrollKeepBytes = 64 << 20

// scrollable is PostgreSQL's choice for a declared cursor over root.
func scrollable(c *planner.Cursor, root plan.Node) bool {
	return c.Scroll || !c.NoScroll && backwardScan(root)
}

// backwardScan is ExecSupportsBackwardScan for the plan PostgreSQL makes
// of a query shaped like n: scans, VALUES of several rows, sorts and
// UNION ALL can run backward; a result without FROM (or of one VALUES
// row), joins, aggregates, DISTINCT, window functions and set-returning
// functions in the target list cannot. Filters, projections and limits
// go as their input goes, as PostgreSQL folds them into its scan nodes.
func backwardScan(n plan.Node) bool {
	switch n := n.(type) {
	case *plan.Table:
		return true
	case *plan.Values:
		return len(n.Rows) > 1 // one row is a Result node
	case *plan.Sort:
		return !isOneRow(n.Input) // a sort of one row is no sort
	case *plan.Filter:
		return backwardScan(n.Input)
	case *plan.Limit:
		return backwardScan(n.Input)
	case *plan.Project:
		return !projectsRows(n.Exprs) && backwardScan(n.Input)
	case *plan.SetOp:
		return n.Kind == plan.Union && n.All && backwardScan(n.Left) && backwardScan(n.Right)
	}
	return false
}

func isOneRow(n plan.Node) bool {
	switch n := n.(type) {
	case *plan.Values:
		return len(n.Rows) == 1
	case *plan.Project:
		return isOneRow(n.Input)
	case *plan.Filter:
		return isOneRow(n.Input)
	}
	return false
}

// projectsRows tells a target list PostgreSQL runs in a node of its own
// (WindowAgg, ProjectSet), which cannot run backward.
func projectsRows(exprs []plan.Expr) bool {
	found := false
	for _, e := range exprs {
		plan.Walk(e, func(e plan.Expr) bool {
			if f, ok := e.(*plan.Func); ok && (f.Over != nil || setReturning[f.Name]) {
				found = true
			}
			return !found
		})
	}
	return found
}

// setReturning are the set-returning functions a target list may call.
var setReturning = map[string]bool{
	"generate_series": true, "unnest": true, "regexp_matches": true, "regexp_split_to_table": true,
	"json_array_elements": true, "jsonb_array_elements": true, "json_array_elements_text": true,
	"jsonb_array_elements_text": true, "json_each": true, "jsonb_each": true, "json_each_text": true,
	"jsonb_each_text": true, "json_object_keys": true, "jsonb_object_keys": true, "generate_subscripts": true,
}

// keptRows are the rows a scrollable cursor read: rows base+1 .. base+len(rows).
type keptRows struct {
	base  int64
	rows  [][]any
	bytes int64
}

func (k *keptRows) total() int64 { return k.base + int64(len(k.rows)) }

func (k *keptRows) add(row []any) {
	k.rows = append(k.rows, row)
	k.bytes += rowBytes(row)
	for k.bytes > scrollKeepBytes && len(k.rows) > 1 {
		k.bytes -= rowBytes(k.rows[0])
		k.rows[0] = nil
		k.rows = k.rows[1:]
		k.base++
	}
}

// rowBytes estimates the memory a kept row holds.
func rowBytes(row []any) int64 {
	n := int64(24 + 16*len(row))
	for _, v := range row {
		switch v := v.(type) {
		case string:
			n += int64(len(v))
		case []byte:
			n += int64(len(v))
		}
	}
	return n
}

// scrollFetch runs FETCH or MOVE on a scrollable cursor and returns the
// rows it took (or moved over).
func (s *Session) scrollFetch(ctx context.Context, c *cursor, f *planner.Fetch, emit func([]any) error) (int64, error) {
	ctx, cancel := s.timeout(ctx)
	defer cancel()
	stop := context.AfterFunc(ctx, func() { c.stopRun(context.Cause(ctx)) })
	defer stop()
	m := scrollMover{s: s, c: c, ctx: ctx, emit: emit}
	count := f.Count
	switch f.Direction {
	case planner.FetchForward, planner.FetchBackward:
		forward := f.Direction == planner.FetchForward
		if f.All {
			count = math.MaxInt64
		} else if count < 0 {
			forward, count = !forward, -count
		}
		if count == 0 {
			return m.current()
		}
		if forward {
			return m.forward(count)
		}
		return m.backward(count)
	case planner.FetchAbsolute:
		return m.absolute(count)
	}
	if count == 0 {
		return m.current()
	}
	return m.to(c.pos + count)
}

// scrollMover carries out one FETCH or MOVE on a scrollable cursor. The
// position is PostgreSQL's: 0 before the first row, n after the last of n.
type scrollMover struct {
	s    *Session
	c    *cursor
	ctx  context.Context
	emit func([]any) error
}

// readTo reads the result until row q is kept or it ends.
func (m *scrollMover) readTo(q int64) error {
	c := m.c
	for c.kept.total() < q && !c.atEnd {
		if c.rows == nil || !c.rows.Next() {
			c.atEnd = true
			if c.rows != nil {
				if err := c.rows.Err(); err != nil {
					return m.s.queryError(m.ctx, err)
				}
			}
			return nil
		}
		vals := m.s.wireValues(c.rows.Values(), c.cols)
		c.kept.add(append([]any(nil), vals...))
	}
	return nil
}

// take sends row q, the cursor now on it.
func (m *scrollMover) take(q int64) error {
	k := &m.c.kept
	if q <= k.base {
		return sqlerr.New("54000", "cursor %q no longer holds row %d", m.c.name, q).
			WithHint("a scrollable cursor keeps the last 64 MB of the rows it read; declare it NO SCROLL to read forward only, or scroll back less far")
	}
	m.c.pos = q
	return m.emit(k.rows[q-k.base-1])
}

func (m *scrollMover) forward(n int64) (int64, error) {
	var done int64
	for done < n {
		q := m.c.pos + 1
		if err := m.readTo(q); err != nil {
			return done, err
		}
		if q > m.c.kept.total() {
			m.c.pos = m.c.kept.total() + 1
			break
		}
		if err := m.take(q); err != nil {
			return done, err
		}
		done++
	}
	return done, nil
}

func (m *scrollMover) backward(n int64) (int64, error) {
	var done int64
	for done < n {
		q := m.c.pos - 1
		if q < 1 {
			m.c.pos = 0
			break
		}
		if err := m.take(q); err != nil {
			return done, err
		}
		done++
	}
	return done, nil
}

// current is FETCH 0: the row the cursor is on, if any.
func (m *scrollMover) current() (int64, error) {
	if p := m.c.pos; p >= 1 && p <= m.c.kept.total() {
		return 1, m.take(p)
	}
	return 0, nil
}

// absolute is FETCH ABSOLUTE k: counted from the end when negative.
func (m *scrollMover) absolute(k int64) (int64, error) {
	if k >= 0 {
		return m.to(k)
	}
	if err := m.readTo(math.MaxInt64); err != nil {
		return 0, err
	}
	return m.to(m.c.kept.total() + 1 + k)
}

// to moves to position q and takes the row there, if there is one.
func (m *scrollMover) to(q int64) (int64, error) {
	if q < 1 {
		m.c.pos = 0
		return 0, nil
	}
	if err := m.readTo(q); err != nil {
		return 0, err
	}
	if q > m.c.kept.total() {
		m.c.pos = m.c.kept.total() + 1
		return 0, nil
	}
	return 1, m.take(q)
}
