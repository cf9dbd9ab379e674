package gateway

import (
	"errors"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/planner"
)

// metrics are the gateway's Prometheus collectors. A nil *metrics records
// nothing, so a gateway built without a registry pays nothing.
type metrics struct {
	sessions   prometheus.Gauge
	opened     prometheus.Counter
	statements *prometheus.CounterVec
	errors     *prometheus.CounterVec
	duration   *prometheus.HistogramVec
	// byKind holds each kind's series once used, so that recording a
	// statement looks no labels up and allocates nothing.
	byKind [32]atomic.Pointer[kindSeries]
}

type kindSeries struct {
	duration prometheus.Observer
	ok       prometheus.Counter
}

// okSeries is kind's collectors of a statement that succeeded, made at its
// first (so /metrics shows the series it showed before they were kept).
func (m *metrics) okSeries(kind planner.Kind) *kindSeries {
	if kind >= 0 && int(kind) < len(m.byKind) {
		if s := m.byKind[kind].Load(); s != nil {
			return s
		}
	}
	name := kindName(kind)
	s := &kindSeries{m.duration.WithLabelValues(name), m.statements.WithLabelValues(name, "ok")}
	if kind >= 0 && int(kind) < len(m.byKind) {
		m.byKind[kind].Store(s)
	}
	return s
}

func newMetrics(reg prometheus.Registerer) *metrics {
	if reg == nil {
		return nil
	}
	m := &metrics{
		sessions: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "pitgate_sessions", Help: "Open client sessions."}),
		opened: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "pitgate_sessions_opened_total", Help: "Client sessions opened."}),
		statements: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pitgate_statements_total", Help: "Statements run, by kind and outcome."},
			[]string{"kind", "outcome"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pitgate_statement_errors_total", Help: "Statement errors by SQLSTATE."},
			[]string{"sqlstate"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "pitgate_statement_duration_seconds", Help: "Time to answer a statement, by kind.",
			Buckets: prometheus.ExponentialBuckets(0.0001, 4, 10)}, []string{"kind"}),
	}
	reg.MustRegister(m.sessions, m.opened, m.statements, m.errors, m.duration)
	return m
}

func (m *metrics) sessionOpened() {
	if m != nil {
		m.sessions.Inc()
		m.opened.Inc()
	}
}

func (m *metrics) sessionClosed() {
	if m != nil {
		m.sessions.Dec()
	}
}

// statement records one statement's outcome.
func (m *metrics) statement(kind planner.Kind, start time.Time, err error) {
	if m == nil {
		return
	}
	if err == nil {
		s := m.okSeries(kind)
		s.duration.Observe(time.Since(start).Seconds())
		s.ok.Inc()
		return
	}
	name := kindName(kind)
	m.duration.WithLabelValues(name).Observe(time.Since(start).Seconds())
	m.statements.WithLabelValues(name, "error").Inc()
	code := sqlerr.Internal
	var se interface{ SQLState() string }
	if errors.As(err, &se) {
		code = se.SQLState()
	}
	m.errors.WithLabelValues(code).Inc()
}

func kindName(k planner.Kind) string {
	switch k {
	case planner.KindQuery:
		return "query"
	case planner.KindExplain:
		return "explain"
	case planner.KindSet:
		return "set"
	case planner.KindShow:
		return "show"
	case planner.KindTransaction:
		return "transaction"
	case planner.KindCatalog:
		return "catalog"
	case planner.KindOnline:
		return "online"
	case planner.KindPush:
		return "push"
	case planner.KindCall:
		return "call"
	case planner.KindDeallocate:
		return "deallocate"
	case planner.KindDeclare:
		return "declare"
	case planner.KindFetch:
		return "fetch"
	case planner.KindCloseCursor:
		return "close"
	case planner.KindCopy:
		return "copy"
	case planner.KindWrite:
		return "write"
	}
	return "other"
}
