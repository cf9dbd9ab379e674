package gateway

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/pitgate/pitgate/planner"
)

// TestStatementMetricsDoNotAllocate: recording a successful statement, as
// every lookup does, allocates nothing once its kind has been seen, and
// counts what it counted before.
func TestStatementMetricsDoNotAllocate(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := newMetrics(reg)
	start := time.Now()
	m.statement(planner.KindOnline, start, nil)
	if allocs := testing.AllocsPerRun(100, func() { m.statement(planner.KindOnline, start, nil) }); allocs != 0 {
		t.Errorf("recording a statement allocates %.0f times", allocs)
	}
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range families {
		if f.GetName() != "pitgate_statements_total" {
			continue
		}
		for _, mt := range f.GetMetric() {
			var labels []string
			for _, l := range mt.GetLabel() {
				labels = append(labels, l.GetName()+"="+l.GetValue())
			}
			got = append(got, fmt.Sprintf("%s %.0f", strings.Join(labels, ","), mt.GetCounter().GetValue()))
		}
	}
	if want := "kind=online,outcome=ok 102"; strings.Join(got, "; ") != want {
		t.Errorf("pitgate_statements_total: %v, want %s", got, want)
	}
}
