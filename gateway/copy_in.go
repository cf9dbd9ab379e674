package gateway

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/wire"
)

// maxCopyPushRows bounds one COPY into the online store: its rows are
// held in memory until the client's CopyDone, then written in one
// all-or-nothing Write.
const maxCopyPushRows = 1_000_000

// copyIn routes COPY ... FROM STDIN by its target relation. It is the one
// place a new target plugs in (session temporary tables: a case before
// the default).
func (s *Session) copyIn(ctx context.Context, c *planner.Copy, w wire.ResultWriter) error {
	switch {
	case c.Push != nil:
		return s.copyPush(ctx, c, w)
	case s.tempCopyTarget(c) != nil:
		return s.copyTemp(ctx, c, s.tempCopyTarget(c), w) // temp_copy.go
	}
	return sqlerr.New(sqlerr.FeatureNotSupported, "COPY FROM STDIN is supported into online.<view> and session temporary tables").
		WithHint("COPY online.<view> (<join keys>, event_timestamp, <features>) FROM STDIN; %s is neither", c.Relation())
}

// copyPush writes COPY online.<view> FROM STDIN through the push path of
// INSERT INTO online.<view> (online_push.go): every line is converted and
// validated as it arrives, an error naming its column and line (CONTEXT
// "COPY v, line N"); after CopyDone the store applies all the rows in one
// Write, whole or not at all, ignoring rows older than what it holds. A
// COPY that fails anywhere writes nothing.
func (s *Session) copyPush(ctx context.Context, c *planner.Copy, w wire.ResultWriter) error {
	store, err := s.onlineStore()
	if err != nil {
		return err
	}
	cols := make([]wire.Column, len(c.TargetNames))
	for i, name := range c.TargetNames {
		cols[i] = wire.Column{Name: name}
	}
	f, err := copyInFormat(c, cols)
	if err != nil {
		return err
	}
	r, err := w.CopyIn(cols, f)
	if err != nil {
		return err
	}
	rows, err := s.readPushRows(ctx, c, r)
	if err != nil {
		return err
	}
	wctx, cancel := s.onlineTimeout(ctx)
	defer cancel()
	if err := store.Write(wctx, c.Push.View, rows); err != nil {
		return s.queryError(wctx, err)
	}
	return w.Complete(copyTag(int64(len(rows))))
}

// readPushRows reads and converts every line of the copy.
func (s *Session) readPushRows(ctx context.Context, c *planner.Copy, r wire.CopyReader) ([]online.Row, error) {
	ev := s.evaluator()
	var rows []online.Row
	texts := make([]*string, len(c.Targets))
	vals := make([]string, len(c.Targets))
	for {
		fields, err := r.Next(ctx)
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, s.queryError(ctx, err)
		}
		if len(rows) == maxCopyPushRows {
			return nil, sqlerr.New("54000", "COPY into online.%s of more than %d rows", c.Name, maxCopyPushRows).
				WithHint("split the data into several COPY statements")
		}
		var pr planner.PushRow
		var exprs []plan.Expr
		if c.Options.Format == "binary" {
			if exprs, err = s.binaryFields(c, fields); err != nil {
				return nil, copyContext(err, c, r.Line())
			}
			pr = c.PushRowOf(exprs)
		} else {
			for i, fv := range fields {
				texts[i] = nil
				if fv != nil {
					vals[i] = string(fv)
					texts[i] = &vals[i]
				}
			}
			pr = c.PushRow(texts)
		}
		row, err := pushRow(ev, c.Push, pr)
		if c.Filter != nil { // COPY ... WHERE (copy_where.go)
			var keep bool
			if keep, err = keepPushRow(c, pushFields(texts, exprs), err); err == nil && !keep {
				continue
			}
		}
		if err != nil {
			return nil, copyContext(err, c, r.Line())
		}
		rows = append(rows, row)
	}
}

// binaryFields decodes the fields of a binary COPY line with the codecs of
// the columns' types into typed constants. Values pgtype decodes to types
// of its own (numeric, uuid, ...) go on as their PostgreSQL text.
func (s *Session) binaryFields(c *planner.Copy, fields [][]byte) ([]plan.Expr, error) {
	out := make([]plan.Expr, len(fields))
	for n, raw := range fields {
		typ := c.TargetType(n)
		if raw == nil {
			out[n] = &plan.Const{Type: typ}
			continue
		}
		oid, _, ok := lookupType(string(typ))
		if !ok {
			return nil, sqlerr.New(sqlerr.FeatureNotSupported, "binary COPY of type %s is not supported", typ)
		}
		v, err := decodeParam(s.types, oid, raw, 1)
		if err != nil {
			return nil, sqlerr.New("22P03", "column %q: incorrect binary data format: %v", c.TargetNames[n], err)
		}
		switch x := v.(type) {
		case int32:
			v = int64(x)
		case int16:
			v = int64(x)
		case float32:
			v = float64(x)
		case int64, float64, bool, string, time.Time, []byte:
		default:
			text, err := s.types.Encode(oid, 0, v, nil)
			if err != nil {
				return nil, sqlerr.New("22P03", "column %q: %v", c.TargetNames[n], err)
			}
			v, typ = string(text), ""
		}
		out[n] = &plan.Const{Value: v, Type: typ}
	}
	return out, nil
}

// copyContext adds PostgreSQL's CONTEXT line to a row's error.
func copyContext(err error, c *planner.Copy, line int64) error {
	var se *sqlerr.Error
	if !errors.As(err, &se) {
		se = sqlerr.Wrap(sqlerr.Internal, err)
	}
	return se.InContext("COPY %s, line %d", c.Name, line)
}
