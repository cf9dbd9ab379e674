package e2e

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/pitgate/pitgate/internal/testenv"
)

// TestServeMaterializationSchedule runs `pitgate serve` with
// materialize: {schedule: 200ms} over an empty embedded store: the
// schedule fills it, then picks up a row added to the warehouse later
// (lookups answer it: the write went through the cache), logs its runs,
// and the server stops cleanly on SIGINT with the schedule running.
func TestServeMaterializationSchedule(t *testing.T) {
	dsn := testenv.Postgres(t)
	loadItems(t, dsn, 100, 0)
	config, _ := faultProject(t, dsn, "{type: embedded, path: ./data/online}", 1000)
	f, err := os.OpenFile(config, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("materialize: {schedule: 200ms}\n"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	d, conn := serveFaults(t, config)

	waitUntil(t, "the schedule's first run", func() bool {
		f, _, _, err := lookupItem(withTimeout(t), conn, 7)
		return err == nil && f != nil
	})
	wantItem(t, conn, 7, 0)
	wantItem(t, conn, 100, 0)

	// A newer row of item 7, stamped a second ago: the next incremental
	// interval (from the last run's end to now) includes it.
	wf, wn, wl := itemRow(7, 9)
	pg := pgxConnect(t, dsn)
	if _, err := pg.Exec(withTimeout(t), "INSERT INTO items VALUES (7, now(), $1, $2, $3)", wf, wn, wl); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the new row through the schedule", func() bool {
		_, n, _, err := lookupItem(withTimeout(t), conn, 7)
		return err == nil && n != nil && *n == wn
	})
	wantItem(t, conn, 7, 9)
	if log := d.stderr.String(); !strings.Contains(log, "scheduled materialization done") ||
		!strings.Contains(log, "materialization scheduled") {
		t.Errorf("the log does not show the schedule's runs:\n%s", log)
	}
	d.stop(t)
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("no %s within a minute", what)
}
