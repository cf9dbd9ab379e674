package gateway

import (
	"context"
	"errors"
	"io"
	"sort"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/warehouse"
	"github.com/pitgate/pitgate/wire"
)

// Bulk loads into session temporary tables: COPY FROM STDIN (and
// multi-row INSERTs of constants, temp_load_insert.go) hand their rows to
// the warehouse's text loader (warehouse.TextLoader) one at a time, as
// they arrive, as PostgreSQL text: the gateway holds one row at a time,
// whatever the size of the input. The loader reads each value with its
// column type's input function, in one statement: all rows or none.

// copyTempLoad streams the COPY's lines into the loader.
func (s *Session) copyTempLoad(ctx context.Context, tl warehouse.TextLoader, c *planner.Copy,
	targets []planner.TableColumn, names []string, r wire.CopyReader) (int64, error) {
	var lines lineMap
	var row rowText
	var n int64
	src := func(out []*string) (bool, error) {
		fields, err := r.Next(ctx)
		if errors.Is(err, io.EOF) {
			return false, nil
		}
		if err != nil {
			return false, s.queryError(ctx, err)
		}
		if fields, err = s.copyTempFields(c, targets, fields, r.Line()); err != nil {
			return false, err
		}
		n++
		lines.add(n, r.Line())
		row.fill(out, fields)
		return true, nil
	}
	loaded, err := tl.LoadText(ctx, c.Name, names, src)
	if err != nil {
		return 0, s.copyLoadError(ctx, c, &lines, err)
	}
	return loaded, nil
}

// copyLoadError puts the client's line in the CONTEXT of an error the
// warehouse reported for one row, as PostgreSQL's COPY does ("COPY t,
// line 3, column ts: "x"").
func (s *Session) copyLoadError(ctx context.Context, c *planner.Copy, lines *lineMap, err error) error {
	err = s.queryError(ctx, err)
	var le *warehouse.LoadError
	if !errors.As(err, &le) {
		return err
	}
	var se *sqlerr.Error
	if !errors.As(le.Err, &se) {
		se = sqlerr.Wrap(sqlerr.Internal, le.Err)
	}
	where := *se
	where.Position = 0
	switch {
	case le.Column != "" && le.Value != "":
		return where.InContext("COPY %s, line %d, column %s: %s", c.Name, lines.line(le.Row), le.Column, le.Value)
	case le.Column != "":
		return where.InContext("COPY %s, line %d, column %s", c.Name, lines.line(le.Row), le.Column)
	}
	return where.InContext("COPY %s, line %d", c.Name, lines.line(le.Row))
}

// lineMap maps a loaded row's number to the client's line: they differ by
// a header line and by CSV values spanning lines, so only the rows where
// the difference changes are kept.
type lineMap struct {
	rows, lines []int64
}

func (m *lineMap) add(row, line int64) {
	if k := len(m.rows); k > 0 && line-row == m.lines[k-1]-m.rows[k-1] {
		return
	}
	m.rows, m.lines = append(m.rows, row), append(m.lines, line)
}

func (m *lineMap) line(row int64) int64 {
	i := sort.Search(len(m.rows), func(i int) bool { return m.rows[i] > row }) - 1
	if i < 0 {
		return row
	}
	return m.lines[i] + row - m.rows[i]
}

// rowText makes a row's values strings with one allocation for the row.
type rowText struct {
	vals []string
	buf  []byte
}

func (t *rowText) fill(out []*string, fields [][]byte) {
	t.buf = t.buf[:0]
	for _, f := range fields {
		t.buf = append(t.buf, f...)
	}
	all := string(t.buf)
	if cap(t.vals) < len(fields) {
		t.vals = make([]string, len(fields))
	}
	t.vals = t.vals[:len(fields)]
	at := 0
	for i, f := range fields {
		out[i] = nil
		if f != nil {
			t.vals[i] = all[at : at+len(f)]
			out[i] = &t.vals[i]
		}
		at += len(f)
	}
}
