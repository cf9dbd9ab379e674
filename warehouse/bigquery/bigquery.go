package bigquery

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"sync/atomic"
	"time"

	"cloud.google.com/go/bigquery"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
)

// cancelGrace bounds the jobs.cancel sent after a caller's context ended:
// the caller is already gone, the cancel must not hang the session.
const cancelGrace = 10 * time.Second

// DB is a BigQuery warehouse: one SDK client bound to a project.
type DB struct {
	client *bigquery.Client
	cfg    Config
	// scratchReady is set once the scratch dataset is known to exist.
	scratchReady atomic.Bool
}

var (
	_ warehouse.Warehouse = (*DB)(nil)
	_ warehouse.Describer = (*DB)(nil)
	_ warehouse.Estimator = (*DB)(nil)
)

// Open makes a client for cfg and, when a dataset is configured, reads its
// metadata, so that wrong credentials, project or dataset fail here.
func Open(ctx context.Context, cfg Config) (*DB, error) {
	if cfg.Project == "" {
		return nil, sqlerr.New(sqlerr.InvalidParameter, "bigquery: project is required")
	}
	if cfg.PageRows <= 0 {
		cfg.PageRows = defaultPageRows
	}
	opts, err := cfg.clientOptions()
	if err != nil {
		return nil, err
	}
	client, err := bigquery.NewClient(ctx, cfg.Project, opts...)
	if err != nil {
		return nil, sqlerr.New(sqlerr.ConnectionFailure, "cannot connect to BigQuery: %v", err)
	}
	client.Location = cfg.Location
	db := &DB{client: client, cfg: cfg}
	if cfg.Dataset != "" {
		if _, err := client.Dataset(cfg.Dataset).Metadata(ctx); err != nil {
			client.Close()
			return nil, mapError(ctx, err)
		}
	}
	return db, nil
}

// Dialect is "bigquery".
func (db *DB) Dialect() string { return "bigquery" }

// Close closes the client.
func (db *DB) Close() error { return db.client.Close() }

// Exec runs sql (a script of statements is one job) and waits for it.
func (db *DB) Exec(ctx context.Context, sql string) error {
	job, err := db.run(ctx, sql)
	if err != nil {
		return err
	}
	status, err := job.Wait(ctx)
	if err == nil {
		err = status.Err()
	}
	if err != nil {
		return db.fail(ctx, job.ID(), err)
	}
	return nil
}

// Query runs one statement and streams its rows page by page. The first
// page is read here, so that the columns are known and an error in the
// query is this call's error.
func (db *DB) Query(ctx context.Context, sql string) (warehouse.Rows, error) {
	job, err := db.run(ctx, sql)
	if err != nil {
		return nil, err
	}
	it, err := job.Read(ctx)
	if err != nil {
		return nil, db.fail(ctx, job.ID(), err)
	}
	it.PageInfo().MaxSize = db.cfg.PageRows
	r := &rows{ctx: ctx, db: db, jobID: job.ID(), it: it}
	if err := r.prime(); err != nil {
		return nil, err
	}
	return r, nil
}

// query is a query job of sql with the configuration's defaults and a job
// ID of ours.
func (db *DB) query(sql string) *bigquery.Query {
	q := db.client.Query(sql)
	if db.cfg.Dataset != "" {
		q.DefaultProjectID = db.cfg.Project
		q.DefaultDatasetID = db.cfg.Dataset
	}
	q.Labels = db.cfg.Labels
	q.MaxBytesBilled = db.cfg.MaxBytesBilled
	q.Location = db.cfg.Location
	return q
}

// run inserts a query job of sql. The job ID is chosen here, not by
// BigQuery, so that a context ending while jobs.insert is in flight can
// still cancel the job it may have created.
func (db *DB) run(ctx context.Context, sql string) (*bigquery.Job, error) {
	q := db.query(sql)
	q.JobID = newJobID()
	job, err := q.Run(ctx)
	if err != nil {
		return nil, db.fail(ctx, q.JobID, err)
	}
	return job, nil
}

// fail is err as an *sqlerr.Error; when ctx ended, it first cancels job
// jobID (best effort: a job that never started or already finished has
// nothing to cancel).
func (db *DB) fail(ctx context.Context, jobID string, err error) error {
	if ctx.Err() != nil && jobID != "" {
		db.cancel(ctx, jobID)
	}
	return mapError(ctx, err)
}

// cancel sends jobs.cancel for jobID on a context of its own.
func (db *DB) cancel(ctx context.Context, jobID string) {
	cctx, stop := context.WithTimeout(context.WithoutCancel(ctx), cancelGrace)
	defer stop()
	job, err := db.client.JobFromIDLocation(cctx, jobID, db.cfg.Location)
	if err != nil {
		return
	}
	_ = job.Cancel(cctx)
}

// newJobID is a job ID BigQuery accepts (letters, digits, _ and -) that
// says who made the job.
func newJobID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return "pitgate_" + hex.EncodeToString(b[:])
}
