package gateway

import (
	"context"
	"strconv"
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/wire"
)

// runPush writes INSERT INTO online.<view> through the cache: every row is
// converted and validated first, then the store applies the write whole or
// not at all, ignoring rows older than what it holds for their keys. A
// push is not transactional: it is applied when it runs, and ROLLBACK does
// not undo it.
func (s *Session) runPush(ctx context.Context, p *planner.Push, w wire.ResultWriter) error {
	store, err := s.onlineStore()
	if err != nil {
		return err
	}
	ev := s.evaluator()
	rows := make([]online.Row, len(p.Rows))
	for i, r := range p.Rows {
		if rows[i], err = pushRow(ev, p, r); err != nil {
			return err
		}
	}
	ctx, cancel := s.onlineTimeout(ctx)
	defer cancel()
	if err := store.Write(ctx, p.View, rows); err != nil {
		return s.queryError(ctx, err)
	}
	return w.Complete("INSERT 0 " + strconv.Itoa(len(rows)))
}

func pushRow(ev *evaluator, p *planner.Push, r planner.PushRow) (online.Row, error) {
	v := p.View
	out := online.Row{Key: make(online.Key, len(r.Keys)), Values: make([]any, len(r.Values))}
	names := v.JoinKeys()
	for i, e := range r.Keys {
		val, err := pushValue(ev, e, p.KeyTypes[i], names[i], v.Name, true)
		if err != nil {
			return out, err
		}
		out.Key[i] = val
	}
	ts, err := pushValue(ev, r.EventTS, p.TSType, "event_timestamp", v.Name, true)
	if err != nil {
		return out, err
	}
	t, ok := ts.(time.Time)
	if !ok {
		return out, sqlerr.New(sqlerr.DatatypeMismatch, "column \"event_timestamp\" of online.%s must be a timestamp", v.Name)
	}
	out.EventTS = t
	for i, e := range r.Values {
		if e == nil {
			continue
		}
		if out.Values[i], err = pushValue(ev, e, plan.Type(v.Features[i].Type.String()), v.Features[i].Name, v.Name, false); err != nil {
			return out, err
		}
	}
	return out, nil
}

// pushValue converts one value of a push; a key or event_timestamp may not
// be NULL (23502, as PostgreSQL words a NOT NULL violation).
func pushValue(ev *evaluator, e plan.Expr, t plan.Type, column, view string, required bool) (any, error) {
	val, err := ev.value(e, t)
	if err != nil {
		return nil, inColumn(err, "column %q of online.%s", column, view)
	}
	if val == nil && required {
		return nil, sqlerr.New("23502", "null value in column %q of relation \"online.%s\" violates not-null constraint", column, view)
	}
	return val, nil
}
