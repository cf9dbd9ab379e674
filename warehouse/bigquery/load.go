package bigquery

import (
	"bufio"
	"context"
	"io"
	"os"
	"strings"

	"cloud.google.com/go/bigquery"
	"google.golang.org/api/googleapi"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
)

// Load replaces table with a new one of cols and fills it from src with one
// load job of newline-delimited JSON. The rows are first encoded into a
// temporary file (memory stays bounded whatever their number; disk holds
// them once), so every value is checked and the source has ended without
// error before anything reaches BigQuery: a refused value or a failing
// source leaves the previous table exactly as it was. A missing dataset is
// created (in the configured location).
//
// Replacement: when the table exists with exactly this schema, the job
// truncates and fills it atomically (WRITE_TRUNCATE): readers see the old
// rows or all the new ones. With another schema the old table is deleted
// first, so for the duration of the job it is missing. A job that fails
// loads nothing.
func (db *DB) Load(ctx context.Context, table []string, cols []warehouse.Column, src warehouse.RowSource) (int64, error) {
	t, err := db.tableRef(table)
	if err != nil {
		return 0, err
	}
	schema, encs, err := loadSchema(table, cols)
	if err != nil {
		return 0, err
	}
	spool, err := os.CreateTemp("", "pitgate-bigquery-load-*.json")
	if err != nil {
		return 0, sqlerr.Wrap(sqlerr.Internal, err)
	}
	defer func() { _ = spool.Close(); _ = os.Remove(spool.Name()) }()
	w := &rowWriter{src: src, cols: cols, encs: encs, row: make([]any, len(cols))}
	if err := w.writeAll(spool); err != nil {
		return 0, err
	}
	if err := db.prepareTable(ctx, t, schema); err != nil {
		return 0, err
	}
	if err := db.runLoad(ctx, t, schema, spool, bigquery.WriteTruncate); err != nil {
		return 0, err
	}
	return w.n, nil
}

// runLoad loads the newline-delimited JSON of spool into t with one load
// job of disposition disp and waits for it.
func (db *DB) runLoad(ctx context.Context, t *bigquery.Table, schema bigquery.Schema, spool *os.File,
	disp bigquery.TableWriteDisposition) error {
	rs := bigquery.NewReaderSource(spool)
	rs.SourceFormat = bigquery.JSON
	rs.Schema = schema
	l := t.LoaderFrom(rs)
	l.CreateDisposition = bigquery.CreateIfNeeded
	l.WriteDisposition = disp
	l.Labels = db.cfg.Labels
	l.Location = db.cfg.Location
	l.JobID = newJobID()
	// One upload request: the emulator cannot take resumable uploads (see
	// docs/architecture.md); the file is read as it is sent.
	l.MediaOptions = []googleapi.MediaOption{googleapi.ChunkSize(0)}
	job, err := l.Run(ctx)
	if err == nil {
		var st *bigquery.JobStatus
		if st, err = job.Wait(ctx); err == nil {
			err = st.Err()
		}
	}
	if err != nil {
		return db.fail(ctx, l.JobID, err)
	}
	return nil
}

// loadSchema is the BigQuery schema of cols and each column's encoder.
func loadSchema(table []string, cols []warehouse.Column) (bigquery.Schema, []encoder, error) {
	if len(cols) == 0 {
		return nil, nil, sqlerr.New(sqlerr.InvalidParameter, "cannot load %s: no columns", strings.Join(table, "."))
	}
	schema := make(bigquery.Schema, len(cols))
	encs := make([]encoder, len(cols))
	for i, c := range cols {
		if c.Name == "" {
			return nil, nil, sqlerr.New(sqlerr.InvalidName, "cannot load %s: column %d has no name",
				strings.Join(table, "."), i+1)
		}
		f, enc, err := loadField(c)
		if err != nil {
			return nil, nil, err
		}
		schema[i], encs[i] = f, enc
	}
	return schema, encs, nil
}

// prepareTable makes sure t's dataset exists and that t is absent or has
// schema.
func (db *DB) prepareTable(ctx context.Context, t *bigquery.Table, schema bigquery.Schema) error {
	ds := db.client.DatasetInProject(t.ProjectID, t.DatasetID)
	if _, err := ds.Metadata(ctx); err != nil {
		if !isNotFound(err) {
			return mapError(ctx, err)
		}
		err = ds.Create(ctx, &bigquery.DatasetMetadata{Location: db.cfg.Location, Labels: db.cfg.Labels})
		if err != nil && !isDuplicate(err) {
			return mapError(ctx, err)
		}
	}
	md, err := t.Metadata(ctx)
	switch {
	case isNotFound(err):
		return nil
	case err != nil:
		return mapError(ctx, err)
	case sameSchema(md.Schema, schema):
		return nil
	}
	if err := t.Delete(ctx); err != nil && !isNotFound(err) {
		return mapError(ctx, err)
	}
	return nil
}

// sameSchema compares what Load sets: names, types, repetition, numeric
// parameters.
func sameSchema(a, b bigquery.Schema) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.Name != y.Name || x.Type != y.Type || x.Repeated != y.Repeated ||
			x.Precision != y.Precision || x.Scale != y.Scale {
			return false
		}
	}
	return true
}

func isNotFound(err error) bool  { return apiReason(err) == "notFound" }
func isDuplicate(err error) bool { return apiReason(err) == "duplicate" }

func apiReason(err error) string {
	if err == nil {
		return ""
	}
	reason, _, status, _ := apiError(err)
	if reason == "" && status == 404 {
		return "notFound"
	}
	return reason
}

// rowWriter encodes src's rows as newline-delimited JSON.
type rowWriter struct {
	src  warehouse.RowSource
	cols []warehouse.Column
	encs []encoder
	row  []any
	n    int64
}

// writeAll writes every row into f and rewinds it for the upload; the
// error is the source's own or a refused value's.
func (w *rowWriter) writeAll(f *os.File) error {
	bw := bufio.NewWriterSize(f, 1<<20)
	var buf []byte
	for {
		clear(w.row)
		more, err := w.src(w.row)
		if err != nil {
			return err
		}
		if !more {
			break
		}
		w.n++
		if buf, err = w.encodeRow(buf[:0]); err != nil {
			return err
		}
		if _, err := bw.Write(buf); err != nil {
			return sqlerr.Wrap(sqlerr.Internal, err)
		}
	}
	if err := bw.Flush(); err != nil {
		return sqlerr.Wrap(sqlerr.Internal, err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return sqlerr.Wrap(sqlerr.Internal, err)
	}
	return nil
}

// encodeRow appends the current row as one JSON object and a newline;
// NULLs are left out, which BigQuery loads as NULL.
func (w *rowWriter) encodeRow(b []byte) ([]byte, error) {
	b = append(b, '{')
	first := true
	for i, v := range w.row {
		if v == nil {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendJSONString(b, w.cols[i].Name)
		b = append(b, ':')
		var err *sqlerr.Error
		if b, err = w.encs[i](b, v); err != nil {
			return b, err.WithDetail("column %q of row %d", w.cols[i].Name, w.n)
		}
	}
	return append(b, '}', '\n'), nil
}
