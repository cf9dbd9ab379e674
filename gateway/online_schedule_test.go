package gateway_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/internal/testenv"
)

// TestScheduledMaterialization runs the schedule every 20 ms over an empty
// store: a run fills it (every driver then answers as the brute-force
// latest row), its metrics count the run and the rows; while another
// materialization holds the slot, ticks are skipped and nothing runs; and
// cancelling the context stops the schedule.
func TestScheduledMaterialization(t *testing.T) {
	e := startOnline(t, true)
	reg := prometheus.NewRegistry()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		e.gw.RunSchedule(ctx, 20*time.Millisecond, reg)
	}()
	defer func() { cancel(); <-done }()

	waitFor(t, "a scheduled run", func() bool { return counter(t, reg, "pitgate_materialize_scheduled_runs_total", "ok") >= 1 })
	latest := testenv.Latest(e.cfg, e.repo.View("driver_hourly_stats"), time.Now())
	if got := counter(t, reg, "pitgate_materialize_rows_total", "driver_hourly_stats"); got != float64(len(latest)) {
		t.Errorf("rows counted for driver_hourly_stats: %v, want one per driver (%d)", got, len(latest))
	}
	conn, _ := e.connect(t, pgx.QueryExecModeCacheStatement)
	keys := driverKeys(e.cfg)
	_, rows := queryRows(t, conn, "SELECT driver_id, event_timestamp, conv_rate, acc_rate, avg_daily_trips "+
		"FROM online.driver_hourly_stats WHERE driver_id = ANY($1)", keys)
	now := time.Now()
	for i, k := range keys {
		if want := expectDriver(latest, k, now); !sameRow(rows[i], want) {
			t.Fatalf("driver %d after the scheduled run: %v, want %v", k, rows[i], want)
		}
	}

	release := gateway.HoldMaterializing(e.gw)
	ok := counter(t, reg, "pitgate_materialize_scheduled_runs_total", "ok")
	skipped := counter(t, reg, "pitgate_materialize_scheduled_runs_total", "skipped")
	waitFor(t, "skipped ticks", func() bool {
		return counter(t, reg, "pitgate_materialize_scheduled_runs_total", "skipped") >= skipped+2
	})
	// A run that had already begun may finish and count once after the
	// snapshot; none can begin while the slot is held.
	afterHold := counter(t, reg, "pitgate_materialize_scheduled_runs_total", "ok")
	if afterHold > ok+1 {
		t.Errorf("%v runs while another materialization held the slot", afterHold-ok)
	}
	waitFor(t, "more skipped ticks", func() bool {
		return counter(t, reg, "pitgate_materialize_scheduled_runs_total", "skipped") >= skipped+4
	})
	if got := counter(t, reg, "pitgate_materialize_scheduled_runs_total", "ok"); got != afterHold {
		t.Errorf("%v runs while another materialization held the slot", got-afterHold)
	}
	release()
	waitFor(t, "a run after the release", func() bool {
		return counter(t, reg, "pitgate_materialize_scheduled_runs_total", "ok") > afterHold
	})
	if n := counter(t, reg, "pitgate_materialize_scheduled_runs_total", "error"); n != 0 {
		t.Errorf("%v scheduled runs failed", n)
	}
	cancel()
	<-done
}

// waitFor polls cond until it holds, failing t after a minute.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("no %s within a minute", what)
}

// counter is the value of the counter name with the given (only) label
// value in reg, 0 when absent.
func counter(t *testing.T, reg *prometheus.Registry, name, label string) float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			if len(m.GetLabel()) == 1 && m.GetLabel()[0].GetValue() == label {
				return m.GetCounter().GetValue()
			}
		}
	}
	return 0
}
