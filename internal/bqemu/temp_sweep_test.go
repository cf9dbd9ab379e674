package bqemu

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/pitgate/pitgate/internal/datagen"
	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/online"
	bq "github.com/pitgate/pitgate/warehouse/bigquery"
)

// TestScratchSweepAfterKill: `pitgate serve` on BigQuery records each
// session temporary table in its state; SIGKILLed with sessions open, it
// leaves their tables in the scratch dataset, and the next start on the
// same state drops them (checked in the emulator) and forgets them.
func TestScratchSweepAfterKill(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	db, log := startConnector(t, bq.Config{ScratchDataset: scratchDataset})
	ctx := context.Background()
	if _, err := datagen.Write(ctx, db, emulatorDemo(), nil); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "pitgate")
	build := exec.Command("go", "build", "-o", bin, "./cmd/pitgate")
	build.Dir = testenv.Root()
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building pitgate: %v\n%s", err, out)
	}
	config := filepath.Join(dir, "pitgate.yaml")
	yaml := fmt.Sprintf("listen: 127.0.0.1:0\nrepo: %q\nwarehouse:\n  type: bigquery\n  project: %s\n  dataset: %s\n"+
		"  endpoint: %s\n  scratch_dataset: %s\n  scratch_expiration: 2h\nstate:\n  path: %q\n  instance: sweep-test\n",
		filepath.Join(testenv.Root(), "testdata", "demo", "repo"), project, connectorDataset, log.endpoint, scratchDataset,
		filepath.Join(dir, "state"))
	if err := os.WriteFile(config, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	first, addr := startServeProc(t, bin, config)
	a, b := connect(t, "postgres://pitgate@"+addr+"/pitgate?sslmode=disable"), connect(t, "postgres://pitgate@"+addr+"/pitgate?sslmode=disable")
	mustExecConn(t, a, "CREATE TEMP TABLE e1 (driver_id bigint, ts timestamptz)")
	mustExecConn(t, a, "CREATE TEMP TABLE e2 AS SELECT driver_id, event_timestamp FROM orders")
	mustExecConn(t, b, "CREATE TEMP TABLE e1 (id int4)")
	mustExecConn(t, b, "CREATE TEMP TABLE gone (id int4)")
	mustExecConn(t, b, "DROP TABLE gone")
	if got := scratchTables(t, db); len(got) != 3 {
		t.Fatalf("scratch tables before the kill: %v, want 3", got)
	}
	for _, name := range scratchTables(t, db) {
		exp, err := db.UploadExpiration(ctx, []string{scratchDataset, name})
		if d := time.Until(exp); err != nil || d <= 0 || d > 2*time.Hour {
			t.Errorf("%s expires in %v (%v), want within scratch_expiration 2h", name, d, err)
		}
	}
	if err := first.Process.Kill(); err != nil { // SIGKILL: no session is closed
		t.Fatal(err)
	}
	_ = first.Wait()
	if got := scratchTables(t, db); len(got) != 3 {
		t.Fatalf("scratch tables after the kill: %v, want the 3 left behind", got)
	}
	records := func() []online.ScratchTable {
		tt, err := online.OpenTempTables(filepath.Join(dir, "state", online.TempTablesFile))
		if err != nil {
			t.Fatal(err)
		}
		recs, err := tt.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return recs
	}
	if recs := records(); len(recs) != 3 {
		t.Fatalf("records after the kill: %v, want 3", recs)
	}
	startServeProc(t, bin, config) // sweeps before it listens
	if got := scratchTables(t, db); len(got) != 0 {
		t.Errorf("scratch tables after the restart: %v, want none", got)
	}
	if recs := records(); len(recs) != 0 {
		t.Errorf("records after the restart: %v, want none", recs)
	}
}

// startServeProc runs `bin serve --config config` until the test ends
// (or the test kills it) and returns the process and its address.
func startServeProc(t *testing.T, bin, config string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--config", config)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := &syncWriter{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := servingLine.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
		close(found)
	}()
	select {
	case addr, ok := <-found:
		if !ok {
			t.Fatalf("pitgate serve exited:\n%s", stderr.String())
		}
		return cmd, addr
	case <-time.After(2 * time.Minute):
		t.Fatalf("pitgate serve did not start:\n%s", stderr.String())
	}
	return nil, ""
}
