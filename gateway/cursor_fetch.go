package gateway

import (
	"context"
	"math"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/wire"
)

// FETCH and MOVE. A scrollable cursor moves anywhere (cursor_scroll.go).
// Another reads forward only: every direction that moves forward
// (FORWARD n, ALL, NEXT, RELATIVE n > 0, ABSOLUTE n past the position) is
// a skip and a take; anything that moves back, as PostgreSQL counts it,
// is refused.

// step is a forward movement: skip rows, then take rows (all: to the end).
type step struct {
	skip, take int64
	all        bool
}

// fetch runs FETCH or MOVE, streaming the rows it takes to w.
func (s *Session) fetch(ctx context.Context, f *planner.Fetch, w wire.ResultWriter) error {
	c, err := s.lookupCursor(f.Name)
	if err != nil {
		return err
	}
	if !c.scroll {
		if _, err := c.step(f); err != nil {
			return err
		}
	}
	if !f.Move {
		if err := c.describe(w); err != nil {
			return err
		}
	}
	n, err := s.move(ctx, c, f, w)
	if err != nil {
		// A cursor whose query failed cannot go on.
		c.close()
		delete(s.cursors, c.name)
		return err
	}
	return w.Complete(f.Tag(n))
}

// describe describes the rows a FETCH returns: in binary for a BINARY
// cursor, where the writer can (a Query message's).
func (c *cursor) describe(w wire.ResultWriter) error {
	if bw, ok := w.(wire.BinaryDescriber); ok && c.binary {
		return bw.DescribeBinary(c.cols)
	}
	return w.Describe(c.cols)
}

// move carries out FETCH or MOVE f on c.
func (s *Session) move(ctx context.Context, c *cursor, f *planner.Fetch, w wire.ResultWriter) (int64, error) {
	if c.scroll {
		emit := w.Row
		if f.Move {
			emit = func([]any) error { return nil }
		}
		return s.scrollFetch(ctx, c, f, emit)
	}
	st, err := c.step(f)
	if err != nil {
		return 0, err
	}
	return s.advance(ctx, c, st, f.Move, w)
}

// step resolves f's direction against the cursor's position as
// PostgreSQL's DoPortalRunFetch does for a cursor that cannot scroll:
// FETCH 0 on a row, and an ABSOLUTE position that PostgreSQL reaches by
// rewinding or by a step back, fail with 55000.
func (c *cursor) step(f *planner.Fetch) (step, error) {
	onRow := c.pos > 0 && !c.atEnd
	switch f.Direction {
	case planner.FetchForward:
		switch {
		case f.All:
			return step{all: true}, nil
		case f.Count > 0:
			return step{take: f.Count}, nil
		case f.Count == 0 && !onRow:
			return step{}, nil
		}
	case planner.FetchBackward:
		switch {
		case f.All:
		case f.Count < 0:
			return step{take: -f.Count}, nil
		case f.Count == 0 && !onRow:
			return step{}, nil
		}
	case planner.FetchRelative:
		switch {
		case f.Count > 0:
			return step{skip: f.Count - 1, take: 1}, nil
		case f.Count == 0 && !onRow:
			return step{}, nil
		}
	case planner.FetchAbsolute:
		return c.absolute(f.Count)
	}
	return step{}, c.backward()
}

// absolute is FETCH ABSOLUTE k on a cursor that cannot scroll.
func (c *cursor) absolute(k int64) (step, error) {
	atStart := c.pos == 0 && !c.atEnd
	pgPos := c.pos // PostgreSQL's portalPos: at the end, the row count
	if c.atEnd {
		pgPos--
	}
	switch {
	case k == 0 && atStart:
		return step{}, nil // a rewind that has nothing to do
	case k <= 0, k-1 < pgPos/2:
		return step{}, c.backward()
	case k <= c.pos: // c.pos is pgPos+1 at the end
		return step{}, c.backward()
	case c.atEnd:
		return step{}, nil
	}
	return step{skip: k - c.pos - 1, take: 1}, nil
}

// backward is PostgreSQL's error for a movement back in a cursor that is
// not scrollable.
func (c *cursor) backward() error {
	return sqlerr.New("55000", "cursor can only scan forward").
		WithHint("Declare it with SCROLL option to enable backward scan.")
}

// advance carries out st and returns the rows it took (or moved over, for
// MOVE). The warehouse query runs with ctx, and the statement_timeout,
// while it reads.
func (s *Session) advance(ctx context.Context, c *cursor, st step, move bool, w wire.ResultWriter) (int64, error) {
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
