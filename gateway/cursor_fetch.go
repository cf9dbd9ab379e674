package gateway

import (
	"context"
	"math"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/wire"
)

// FETCH and MOVE. A cursor reads forward only: every direction that moves
// forward (FORWARD n, ALL, NEXT, RELATIVE n > 0, ABSOLUTE n past the
// position) is a skip and a take; FETCH 0 / RELATIVE 0 return the current
// row again; anything that moves back is refused.

// step is a forward movement: skip rows, then take rows (all: to the end);
// current returns the row at the position instead.
type step struct {
	skip, take int64
	all        bool
	current    bool
}

// fetch runs FETCH or MOVE, streaming the rows it takes to w.
func (s *Session) fetch(ctx context.Context, f *planner.Fetch, w wire.ResultWriter) error {
	c, err := s.lookupCursor(f.Name)
	if err != nil {
		return err
	}
	st, err := c.step(f)
	if err != nil {
		return err
	}
	if !f.Move {
		if err := w.Describe(c.cols); err != nil {
			return err
		}
	}
	n, err := s.advance(ctx, c, st, f.Move, w)
	if err != nil {
		// A cursor whose query failed cannot go on.
		c.close()
		delete(s.cursors, c.name)
		return err
	}
	return w.Complete(f.Tag(n))
}

// step resolves f's direction against the cursor's position.
func (c *cursor) step(f *planner.Fetch) (step, error) {
	switch f.Direction {
	case planner.FetchForward:
		switch {
		case f.All:
			return step{all: true}, nil
		case f.Count > 0:
			return step{take: f.Count}, nil
		case f.Count == 0:
			return step{current: true}, nil
		}
	case planner.FetchBackward:
		if !f.All && f.Count == 0 {
			return step{current: true}, nil
		}
	case planner.FetchRelative:
		switch {
		case f.Count > 0:
			return step{skip: f.Count - 1, take: 1}, nil
		case f.Count == 0:
			return step{current: true}, nil
		}
	case planner.FetchAbsolute:
		switch {
		case f.Count == c.pos && f.Count > 0:
			return step{current: true}, nil
		case f.Count > c.pos && !c.atEnd:
			return step{skip: f.Count - c.pos - 1, take: 1}, nil
		case f.Count > c.pos:
			return step{}, nil // past the end already: nothing
		case f.Count == 0 && c.pos == 0:
			return step{}, nil // before the first row, where it is
		}
	}
	return step{}, c.backward()
}

// backward is the error for a movement back, PostgreSQL's own for a NO
// SCROLL cursor.
func (c *cursor) backward() error {
	if c.noScroll {
		return sqlerr.New("55000", "cursor can only scan forward").
			WithHint("Declare it with SCROLL option to enable backward scan.")
	}
	return sqlerr.New(sqlerr.FeatureNotSupported, "fetching backward from a cursor is not supported").
		WithHint("pitgate cursors read the warehouse's result once, forward only: FETCH FORWARD, or CLOSE the cursor and DECLARE it again")
}

// advance carries out st and returns the rows it took (or moved over, for
// MOVE). The warehouse query runs with ctx, and the statement_timeout,
// while it reads.
func (s *Session) advance(ctx context.Context, c *cursor, st step, move bool, w wire.ResultWriter) (int64, error) {
	if st.current {
		if c.pos == 0 || c.atEnd {
			return 0, nil
		}
		if move {
			return 1, nil
		}
		return 1, w.Row(append([]any(nil), c.last...))
	}
	ctx, cancel := s.timeout(ctx)
	defer cancel()
	stop := context.AfterFunc(ctx, func() { c.stopRun(context.Cause(ctx)) })
	defer stop()
	for i := int64(0); i < st.skip; i++ {
		if ok, err := c.next(ctx, s); !ok {
			return 0, err
		}
	}
	take := st.take
	if st.all {
		take = math.MaxInt64
	}
	var n int64
	for n < take {
		ok, err := c.next(ctx, s)
		if !ok {
			return n, err
		}
		n++
		if !move {
			if err := w.Row(c.last); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

// next reads one row into c.last; false at the end of the result (with the
// warehouse's error, if it failed).
func (c *cursor) next(ctx context.Context, s *Session) (bool, error) {
	if c.atEnd || c.rows == nil {
		return false, nil
	}
	if !c.rows.Next() {
		c.atEnd = true
		c.pos++ // PostgreSQL's position after the last row is count+1
		if err := c.rows.Err(); err != nil {
			return false, s.queryError(ctx, err)
		}
		return false, nil
	}
	c.pos++
	c.last = append(c.last[:0], s.wireValues(c.rows.Values(), c.cols)...)
	return true, nil
}

// fetchColumns describes what a FETCH returns: its cursor's columns; nil
// (NoData) for MOVE, or when the cursor does not exist (yet), as
// PostgreSQL describes it.
func (s *Session) fetchColumns(f *planner.Fetch) []wire.Column {
	if c, ok := s.cursors[f.Name]; ok && !f.Move {
		return c.cols
	}
	return nil
}
