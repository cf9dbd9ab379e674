package bqemu

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/pitgate/pitgate/internal/datagen"
	"github.com/pitgate/pitgate/internal/pitref"
	"github.com/pitgate/pitgate/internal/testenv"
	bq "github.com/pitgate/pitgate/warehouse/bigquery"
)

var servingLine = regexp.MustCompile(`pitgate serving \d+ feature views on ([0-9.]+:\d+)`)

// TestServeOnBigQuery builds the pitgate binary and runs `pitgate serve`
// with `warehouse: {type: bigquery, project, dataset, endpoint, labels,
// maximum_bytes_billed}` against this test's emulator (in this process,
// over HTTP), the demo data loaded through the connector: DESIGN §1's
// query from pgx equals the reference.
func TestServeOnBigQuery(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	cfg := emulatorDemo()
	db, log := startConnector(t, bq.Config{})
	ctx := context.Background()
	if _, err := datagen.Write(ctx, db, cfg, nil); err != nil {
		t.Fatal(err)
	}
	endpoint := log.endpoint
	dir := t.TempDir()
	bin := filepath.Join(dir, "pitgate")
	build := exec.Command("go", "build", "-o", bin, "./cmd/pitgate")
	build.Dir = testenv.Root()
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building pitgate: %v\n%s", err, out)
	}
	config := filepath.Join(dir, "pitgate.yaml")
	yaml := fmt.Sprintf("listen: 127.0.0.1:0\nrepo: %q\nwarehouse:\n  type: bigquery\n  project: %s\n  dataset: %s\n"+
		"  endpoint: %s\n  labels: {app: pitgate}\n  maximum_bytes_billed: 1000000000\n",
		filepath.Join(testenv.Root(), "testdata", "demo", "repo"), project, connectorDataset, endpoint)
	if err := os.WriteFile(config, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	addr := startServe(t, bin, config)
	conn, err := pgx.Connect(ctx, "postgres://pitgate@"+addr+"/pitgate?sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	qctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	rows, err := conn.Query(qctx, testenv.DesignQuery)
	if err != nil {
		t.Fatal(err)
	}
	got := &pitref.Table{}
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			if x, ok := v.(time.Time); ok {
				vals[i] = x.UTC()
			}
		}
		got.Rows = append(got.Rows, vals)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := testenv.DesignReference(cfg)
	want.Cols = nil
	if len(got.Rows) != cfg.Orders {
		t.Fatalf("%d rows, want %d", len(got.Rows), cfg.Orders)
	}
	if diff := pitref.Compare(got, want); diff != "" {
		t.Fatalf("pitgate serve on the BigQuery emulator (a) differs from the reference (b):\n%s", diff)
	}
}

// startServe runs `bin serve --config config` until the test ends and
// returns the address it says it listens on.
func startServe(t *testing.T, bin, config string) string {
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
		return addr
	case <-time.After(2 * time.Minute):
		t.Fatalf("pitgate serve did not start:\n%s", stderr.String())
	}
	return ""
}
