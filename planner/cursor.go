package planner

import (
	"math"
	"strconv"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

// SQL cursors: DECLARE, FETCH, MOVE and CLOSE. The planner only describes
// them; the session keeps each cursor's open warehouse result and decides
// what a fetch direction means for it (the gateway's cursor.go).

// Cursor is DECLARE name [BINARY] [NO SCROLL] CURSOR [WITH[OUT] HOLD] FOR
// query (KindDeclare). The declared query is the Statement's Query, so that
// its parameters are typed and bound like any prepared query's.
type Cursor struct {
	Name     string
	Hold     bool
	NoScroll bool
	// Scroll is SCROLL; with neither it nor NoScroll, the session decides
	// by PostgreSQL's rule (the gateway's cursor_scroll.go).
	Scroll bool
	// Binary is BINARY: a FETCH in a Query message sends binary rows.
	Binary bool
}

// FetchDirection is how FETCH or MOVE moves, as PostgreSQL's grammar gives it.
type FetchDirection int

const (
	// FetchForward is FETCH [FORWARD|NEXT] [n|ALL]; a negative count moves back.
	FetchForward FetchDirection = iota
	// FetchBackward is FETCH BACKWARD [n|ALL] and FETCH PRIOR.
	FetchBackward
	// FetchAbsolute is FETCH ABSOLUTE n, FIRST (1) and LAST (-1).
	FetchAbsolute
	// FetchRelative is FETCH RELATIVE n.
	FetchRelative
)

// Fetch is FETCH or MOVE (KindFetch).
type Fetch struct {
	Name      string
	Direction FetchDirection
	// Count is the number of rows, or the position for FetchAbsolute;
	// meaningless with All.
	Count int64
	// All is FETCH [FORWARD|BACKWARD] ALL.
	All bool
	// Move is MOVE: the cursor moves, no rows are returned.
	Move bool
}

// Tag is the command tag PostgreSQL answers with after n rows.
func (f *Fetch) Tag(n int64) string {
	verb := "FETCH "
	if f.Move {
		verb = "MOVE "
	}
	return verb + strconv.FormatInt(n, 10)
}

// CloseCursor is CLOSE name or CLOSE ALL (KindCloseCursor).
type CloseCursor struct {
	Name string // "" for ALL
}

// PostgreSQL's CURSOR_OPT_* bits of DeclareCursorStmt.Options.
const (
	cursorBinary   = 0x0001
	cursorScroll   = 0x0002
	cursorNoScroll = 0x0004
	cursorHold     = 0x0020
)

func (b *binder) declareCursor(d *pg.DeclareCursorStmt) (*Statement, error) {
	sel := d.Query.GetSelectStmt()
	if sel == nil {
		return nil, sqlerr.New(sqlerr.Syntax, "DECLARE CURSOR needs a SELECT or VALUES query")
	}
	if onlineRangeVar(sel) != nil {
		return nil, sqlerr.Unsupported("DECLARE CURSOR over an online.* lookup").
			WithHint("run the lookup directly: it returns one row per requested key")
	}
	q, err := b.query(sel)
	if err != nil {
		return nil, err
	}
	c := &Cursor{
		Name:     d.Portalname,
		Hold:     d.Options&cursorHold != 0,
		NoScroll: d.Options&cursorNoScroll != 0,
		Scroll:   d.Options&cursorScroll != 0,
		Binary:   d.Options&cursorBinary != 0,
	}
	return &Statement{Kind: KindDeclare, Query: q, Cursor: c}, nil
}

func fetchStatement(f *pg.FetchStmt) *Statement {
	out := &Fetch{Name: f.Portalname, Count: f.HowMany, Move: f.Ismove}
	switch f.Direction {
	case pg.FetchDirection_FETCH_BACKWARD:
		out.Direction = FetchBackward
	case pg.FetchDirection_FETCH_ABSOLUTE:
		out.Direction = FetchAbsolute
	case pg.FetchDirection_FETCH_RELATIVE:
		out.Direction = FetchRelative
	}
	// FETCH_ALL is LONG_MAX in PostgreSQL's grammar; only the forward and
	// backward directions take ALL.
	if f.HowMany == math.MaxInt64 && (out.Direction == FetchForward || out.Direction == FetchBackward) {
		out.All, out.Count = true, 0
	}
	return &Statement{Kind: KindFetch, Fetch: out}
}

func closeCursor(c *pg.ClosePortalStmt) *Statement {
	return &Statement{Kind: KindCloseCursor, CloseCursor: &CloseCursor{Name: c.Portalname}}
}
