package gateway

import (
	"context"
	"errors"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/pitgate/pitgate/online"
)

// ErrMaterializing is returned by MaterializeIncremental when another
// materialization (a CALL or the previous scheduled run) holds the slot.
var ErrMaterializing = errors.New("a materialization is already running")

// MaterializeIncremental runs CALL pitgate.materialize_incremental() for
// every online view up to now, through the cache, unless a materialization
// is running: then it returns ErrMaterializing at once. It shares CALL's
// slot, so two materializations never run at the same time in a gateway.
func (g *Gateway) MaterializeIncremental(ctx context.Context, now time.Time) ([]online.Report, error) {
	if g.materializer == nil {
		return nil, errors.New("this pitgate has no online store")
	}
	select {
	case g.materializing <- struct{}{}:
		defer func() { <-g.materializing }()
	default:
		return nil, ErrMaterializing
	}
	m := *g.materializer
	return m.Incremental(ctx, nil, now)
}

// scheduleMetrics are the schedule's collectors; nil records nothing.
type scheduleMetrics struct {
	runs     *prometheus.CounterVec
	rows     *prometheus.CounterVec
	duration prometheus.Histogram
}

func newScheduleMetrics(reg prometheus.Registerer) *scheduleMetrics {
	if reg == nil {
		return nil
	}
	m := &scheduleMetrics{
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pitgate_materialize_scheduled_runs_total",
			Help: "Scheduled incremental materializations, by outcome (ok, error, skipped: another was running)."},
			[]string{"outcome"}),
		rows: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pitgate_materialize_rows_total", Help: "Rows written by scheduled materializations, by view."},
			[]string{"view"}),
		duration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "pitgate_materialize_duration_seconds", Help: "Time of a scheduled incremental materialization.",
			Buckets: prometheus.ExponentialBuckets(0.01, 4, 10)}),
	}
	reg.MustRegister(m.runs, m.rows, m.duration)
	return m
}

func (m *scheduleMetrics) record(outcome string, reports []online.Report, took time.Duration) {
	if m == nil {
		return
	}
	m.runs.WithLabelValues(outcome).Inc()
	if outcome == "skipped" {
		return
	}
	m.duration.Observe(took.Seconds())
	for _, r := range reports {
		m.rows.WithLabelValues(r.View).Add(float64(r.Rows))
	}
}

// RunSchedule runs MaterializeIncremental every interval (the first run one
// interval after the start) until ctx ends, logging each run and counting
// it in reg's collectors (nil: none). A tick that finds a materialization
// running is skipped; runs never overlap, since one run ends before the
// next tick is awaited. A run in progress when ctx ends is cancelled, and
// RunSchedule returns once it has stopped.
func (g *Gateway) RunSchedule(ctx context.Context, interval time.Duration, reg prometheus.Registerer) {
	metrics := newScheduleMetrics(reg)
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		g.scheduledRun(ctx, metrics)
	}
}

func (g *Gateway) scheduledRun(ctx context.Context, metrics *scheduleMetrics) {
	began := time.Now()
	reports, err := g.MaterializeIncremental(ctx, began.UTC())
	took := time.Since(began)
	switch {
	case errors.Is(err, ErrMaterializing):
		g.log.Info("scheduled materialization skipped: another is running")
		metrics.record("skipped", nil, took)
	case err != nil:
		g.log.Error("scheduled materialization failed", "err", err, "elapsed", took)
		metrics.record("error", reports, took)
	default:
		var rows int64
		for _, r := range reports {
			rows += r.Rows
			if r.Rows > 0 {
				g.log.Info("materialized", "view", r.View, "rows", r.Rows,
					"start", r.Start, "end", r.End, "elapsed", r.Elapsed)
			}
		}
		g.log.Info("scheduled materialization done", "views", len(reports), "rows", rows, "elapsed", took)
		metrics.record("ok", reports, took)
	}
}
