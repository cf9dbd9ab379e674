package gateway

import (
	"context"
	"strconv"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/wire"
)

// copyOut runs the statement being copied out with a ResultWriter that
// turns its result into COPY: Describe starts the copy, each Row is one
// CopyData as the warehouse hands it over (nothing is buffered), and
// Complete ends it with "COPY n". Queries, catalog queries and lookups run
// exactly as they do on their own.
func (s *Session) copyOut(ctx context.Context, c *planner.Copy, w wire.ResultWriter) error {
	if c.Source.Err != nil {
		return c.Source.Err
	}
	cw := &copyOutWriter{w: w, copy: c}
	return s.statement(ctx, c.Source, cw)
}

// copyOutWriter is the wire.ResultWriter of a statement copied out.
type copyOutWriter struct {
	w    wire.ResultWriter
	copy *planner.Copy
	out  wire.CopyWriter
	rows int64
}

func (cw *copyOutWriter) Describe(cols []wire.Column) error {
	if cw.out != nil {
		return sqlerr.New(sqlerr.Internal, "gateway: COPY of a statement with several results")
	}
	f, err := copyOutFormat(cw.copy, cols)
	if err != nil {
		return err
	}
	cw.out, err = cw.w.CopyOut(cols, f)
	return err
}

func (cw *copyOutWriter) Row(values []any) error {
	if cw.out == nil {
		return sqlerr.New(sqlerr.Internal, "gateway: COPY row before its columns")
	}
	cw.rows++
	return cw.out.Row(values)
}

func (cw *copyOutWriter) Complete(string) error {
	if cw.out == nil { // a statement without rows: copy nothing
		if err := cw.Describe(nil); err != nil {
			return err
		}
	}
	return cw.w.Complete(copyTag(cw.rows))
}

func (cw *copyOutWriter) EmptyQuery() error                    { return cw.w.EmptyQuery() }
func (cw *copyOutWriter) Notice(message string) error          { return cw.w.Notice(message) }
func (cw *copyOutWriter) ParameterStatus(name, v string) error { return cw.w.ParameterStatus(name, v) }

func (cw *copyOutWriter) CopyOut([]wire.Column, wire.CopyFormat) (wire.CopyWriter, error) {
	return nil, sqlerr.New(sqlerr.Internal, "gateway: COPY inside COPY")
}

func (cw *copyOutWriter) CopyIn([]wire.Column, wire.CopyFormat) (wire.CopyReader, error) {
	return nil, sqlerr.New(sqlerr.Internal, "gateway: COPY inside COPY")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
