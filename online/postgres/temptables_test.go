package postgres_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/online/onlinetest"
	"github.com/pitgate/pitgate/online/postgres"
)

// TestTempTableRecords: the records of the temporary tables to sweep, in
// PostgreSQL (two openings: two replicas sharing the state) and in a file,
// say which tables dead runs left: another run of the asking instance, a
// run whose heartbeat is stale, a run no longer recorded; never a live
// replica's, never the asking run's own.
func TestTempTableRecords(t *testing.T) {
	dsn := onlinetest.PostgresDSN(t)
	ctx := context.Background()
	open := func() *online.TempTables {
		tt, b, err := postgres.OpenTempTables(ctx, postgres.StateOptions{DSN: dsn, Table: "pitgate_state_temptest"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(b.Close)
		return tt
	}
	a, b := open(), open()
	left, err := a.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range left { // a previous run's, if any
		_ = a.Remove(ctx, rec.Path)
	}
	checkTempTableRecords(t, a, b)
	path := filepath.Join(t.TempDir(), online.TempTablesFile)
	f, err := online.OpenTempTables(path)
	if err != nil {
		t.Fatal(err)
	}
	g, err := online.OpenTempTables(path)
	if err != nil {
		t.Fatal(err)
	}
	checkTempTableRecords(t, f, g)
}

func checkTempTableRecords(t *testing.T, a, b *online.TempTables) {
	t.Helper()
	ctx := context.Background()
	at := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(a.Beat(ctx, "a1", "host-a", at))
	must(b.Beat(ctx, "b1", "host-b", at))
	x := online.ScratchTable{Path: []string{"scratch", "pitgate_tmp_aa_x"}, Run: "a1", Session: "pitgate_tmp_aa", Created: at}
	y := online.ScratchTable{Path: []string{"scratch", "pitgate_tmp_bb_y"}, Run: "b1", Session: "pitgate_tmp_bb", Created: at}
	z := online.ScratchTable{Path: []string{"scratch", "pitgate_tmp_cc_z"}, Run: "gone", Session: "pitgate_tmp_cc", Created: at}
	must(a.Add(ctx, x))
	must(b.Add(ctx, y))
	must(b.Add(ctx, z))
	orphans := func(s *online.TempTables, run, instance string, now time.Time) []string {
		t.Helper()
		must(s.Beat(ctx, run, instance, now))
		recs, err := s.Orphans(ctx, run, instance, now, 10*time.Minute)
		must(err)
		var out []string
		for _, r := range recs {
			out = append(out, r.Path[1])
		}
		return out
	}
	// host-a starts again a minute later: its old run's table and the
	// unrecorded run's go; host-b's live run keeps its table.
	if got := orphans(a, "a2", "host-a", at.Add(time.Minute)); !same(got, "pitgate_tmp_aa_x", "pitgate_tmp_cc_z") {
		t.Errorf("host-a restarted: orphans %v", got)
	}
	// The running b1 asks: nothing of host-a's fresh a2, nor its own.
	must(a.Remove(ctx, x.Path, z.Path))
	if got := orphans(b, "b1", "host-b", at.Add(2*time.Minute)); len(got) != 0 {
		t.Errorf("a live run sees orphans %v", got)
	}
	// b1 dies; eleven minutes after its last beat a2 sweeps its table.
	if got := orphans(a, "a2", "host-a", at.Add(13*time.Minute)); !same(got, "pitgate_tmp_bb_y") {
		t.Errorf("stale replica: orphans %v", got)
	}
	must(a.Remove(ctx, y.Path))
	must(a.EndRun(ctx, "a2"))
	recs, err := b.List(ctx)
	must(err)
	if len(recs) != 0 {
		t.Errorf("records left: %v", recs)
	}
}

func same(got []string, want ...string) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}
