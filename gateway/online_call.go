package gateway

import (
	"context"
	"fmt"
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/wire"
)

// progressEvery is how often CALL reports a view's progress as a NOTICE.
const progressEvery = time.Second

// runCall runs CALL pitgate.materialize(view, start, end) or
// pitgate.materialize_incremental(view): the gateway's materializer, writing
// through the cache, with progress and a line per view as NOTICEs. One
// materialization runs at a time; a second CALL waits for it.
func (s *Session) runCall(ctx context.Context, c *planner.Call, w wire.ResultWriter) error {
	if s.gw.materializer == nil {
		_, err := s.onlineStore()
		return err
	}
	ev := s.evaluator()
	views, start, end, err := callArgs(ev, c)
	if err != nil {
		return err
	}
	ctx, cancel := s.timeout(ctx)
	defer cancel()
	select {
	case s.gw.materializing <- struct{}{}:
		defer func() { <-s.gw.materializing }()
	case <-ctx.Done():
		return s.queryError(ctx, ctx.Err())
	}
	m := *s.gw.materializer
	progress := make(chan progressNote, 16)
	m.Progress = func(view string, rows int64) { progress <- progressNote{view, rows} }
	var reports []online.Report
	var runErr error
	go func() {
		defer close(progress)
		if c.Procedure == planner.ProcMaterializeIncremental {
			reports, runErr = m.Incremental(ctx, views, end)
		} else {
			reports, runErr = m.Materialize(ctx, views, start, end)
		}
	}()
	// The wire writer belongs to this goroutine: notices are sent from here.
	noteErr := notifyProgress(progress, w)
	for _, r := range reports {
		if err := w.Notice(reportLine(r)); err != nil && noteErr == nil {
			noteErr = err
		}
	}
	if runErr != nil {
		return s.queryError(ctx, runErr)
	}
	if noteErr != nil {
		return noteErr
	}
	return w.Complete("CALL")
}

type progressNote struct {
	view string
	rows int64
}

// notifyProgress sends at most one progress NOTICE per view and second —
// none for a run shorter than that — until the run closes the channel.
func notifyProgress(progress <-chan progressNote, w wire.ResultWriter) error {
	began, last := time.Now(), map[string]time.Time{}
	var err error
	for p := range progress {
		prev, ok := last[p.view]
		if !ok {
			prev = began
		}
		if time.Since(prev) < progressEvery || err != nil {
			continue
		}
		last[p.view] = time.Now()
		err = w.Notice(fmt.Sprintf("materializing %s: %d rows so far", p.view, p.rows))
	}
	return err
}

// reportLine is what pitgate materialize prints for a view.
func reportLine(r online.Report) string {
	if r.Start.Equal(r.End) {
		return fmt.Sprintf("%s: up to date (materialized until %s)", r.View, r.End.Format(time.RFC3339))
	}
	return fmt.Sprintf("%s: %d rows, %s .. %s, in %s", r.View, r.Rows, r.Start.Format(time.RFC3339),
		r.End.Format(time.RFC3339), r.Elapsed.Round(time.Millisecond))
}

// callArgs evaluates a CALL's arguments: the view (NULL or absent: every
// online view), the interval's start and its end (absent: now).
func callArgs(ev *evaluator, c *planner.Call) (views []string, start, end time.Time, err error) {
	if c.View != nil {
		v, err := ev.value(c.View, "text")
		if err != nil {
			return nil, start, end, inColumn(err, "argument view of pitgate.%s", c.Procedure)
		}
		if v != nil {
			views = []string{v.(string)}
		}
	}
	end = ev.now
	if c.Start != nil {
		if start, err = callTime(ev, c, c.Start, "start"); err != nil {
			return nil, start, end, err
		}
	}
	if c.End != nil {
		if end, err = callTime(ev, c, c.End, "end"); err != nil {
			return nil, start, end, err
		}
	}
	return views, start, end, nil
}

func callTime(ev *evaluator, c *planner.Call, e plan.Expr, name string) (time.Time, error) {
	v, err := ev.value(e, "timestamptz")
	if err != nil {
		return time.Time{}, inColumn(err, "argument %s of pitgate.%s", name, c.Procedure)
	}
	if v == nil {
		return time.Time{}, sqlerr.New("22004", "argument %s of pitgate.%s must not be NULL", name, c.Procedure)
	}
	return v.(time.Time), nil
}
