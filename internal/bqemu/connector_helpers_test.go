package bqemu

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/goccy/bigquery-emulator/server"
	"github.com/goccy/bigquery-emulator/types"

	"github.com/pitgate/pitgate/warehouse"
	bq "github.com/pitgate/pitgate/warehouse/bigquery"
)

// requestLog records the method and path of every request the connector
// sent the emulator: what the emulator cannot show by its state (a job
// cancelled, labels sent) is checked on the wire.
type requestLog struct {
	mu   sync.Mutex
	reqs []string
	jobs []string // bodies of jobs.insert requests (query jobs)
	// endpoint is the recording front's URL, the connector's endpoint.
	endpoint string
}

// syncWriter collects a child process's stderr for failure messages.
type syncWriter struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

func (l *requestLog) add(r *http.Request) {
	var body []byte
	if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/jobs") && !strings.HasPrefix(r.URL.Path, "/upload") {
		body, _ = io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reqs = append(l.reqs, r.Method+" "+r.URL.Path)
	if body != nil {
		l.jobs = append(l.jobs, string(body))
	}
}

// jobBodies are the jobs.insert bodies recorded so far.
func (l *requestLog) jobBodies() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.jobs...)
}

// matching are the recorded requests containing every one of parts.
func (l *requestLog) matching(parts ...string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
next:
	for _, r := range l.reqs {
		for _, p := range parts {
			if !strings.Contains(r, p) {
				continue next
			}
		}
		out = append(out, r)
	}
	return out
}

// connectorDataset is the default dataset of the connector tests.
const connectorDataset = "conn"

// startConnector serves datasets (and an empty default dataset) from a
// fresh emulator and opens the BigQuery connector on it, through a
// recording front; both close with t. cfg's project, dataset and endpoint
// are filled in.
func startConnector(t *testing.T, cfg bq.Config, datasets ...*types.Dataset) (*bq.DB, *requestLog) {
	t.Helper()
	srv, err := server.New(server.TempStorage)
	if err != nil {
		t.Fatal(err)
	}
	datasets = append(datasets, types.NewDataset(connectorDataset))
	if err := srv.Load(server.StructSource(types.NewProject(project, datasets...))); err != nil {
		t.Fatal(err)
	}
	emu := srv.TestServer() // also tells the emulator its address
	log := &requestLog{}
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.add(r)
		srv.Handler.ServeHTTP(w, r)
	}))
	cfg.Project, cfg.Endpoint, log.endpoint = project, front.URL, front.URL
	if cfg.Dataset == "" {
		cfg.Dataset = connectorDataset
	}
	db, err := bq.Open(context.Background(), cfg)
	if err != nil {
		front.Close()
		emu.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Close()
		front.Close()
		emu.Close()
		_ = srv.Close()
	})
	return db, log
}

// readAll reads a result into a table of contract values.
func readAll(t *testing.T, r warehouse.Rows) ([]warehouse.Column, [][]any) {
	t.Helper()
	defer r.Close()
	var out [][]any
	for r.Next() {
		out = append(out, r.Values())
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	return r.Columns(), out
}
