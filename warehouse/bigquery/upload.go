package bigquery

import (
	"context"
	"errors"
	"strings"
	"time"

	"cloud.google.com/go/bigquery"
	"google.golang.org/api/iterator"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
)

var _ warehouse.Uploader = (*DB)(nil)

// UploadExpiry is how long an upload table outlives its creation at most:
// the gateway deletes it after its query, and a pitgate that dies before
// that leaves it to BigQuery, which deletes it at its expiration time.
const UploadExpiry = 24 * time.Hour

// OpenUploads holds one query's uploaded entity rows in tables of the
// default dataset named pitgate_upload_<hex>, created with an expiration
// time before a row is loaded.
func (db *DB) OpenUploads(ctx context.Context) (warehouse.Uploads, error) {
	if db.cfg.Dataset == "" {
		return nil, sqlerr.New(sqlerr.FeatureNotSupported, "uploading entity rows to BigQuery needs a default dataset").
			WithHint("set warehouse.dataset, or SET pitgate.upload_min_cells = 0 to send VALUES lists inline")
	}
	return &uploads{db: db}, nil
}

type uploads struct {
	db     *DB
	tables []*bigquery.Table
}

// Add creates the table (schema and expiration) and fills it with one load
// job (Load: the same schema, so the job truncates and fills the table
// created here), then sets the expiration again in case the load dropped it.
func (u *uploads) Add(ctx context.Context, cols []warehouse.Column, src warehouse.RowSource) ([]string, error) {
	path := []string{u.db.cfg.Dataset, uploadPrefix + newJobID()[len("pitgate_"):]}
	t, err := u.db.tableRef(path)
	if err != nil {
		return nil, err
	}
	schema, _, err := loadSchema(path, cols)
	if err != nil {
		return nil, err
	}
	if err := u.db.prepareTable(ctx, t, schema); err != nil {
		return nil, err
	}
	md := &bigquery.TableMetadata{Schema: schema, ExpirationTime: time.Now().Add(UploadExpiry), Labels: u.db.cfg.Labels}
	if err := t.Create(ctx, md); err != nil {
		return nil, mapError(ctx, err)
	}
	u.tables = append(u.tables, t)
	if _, err := u.db.Load(ctx, path, cols, src); err != nil {
		return nil, err
	}
	if _, err := t.Update(ctx, bigquery.TableMetadataToUpdate{ExpirationTime: md.ExpirationTime}, ""); err != nil {
		return nil, mapError(ctx, err)
	}
	return path, nil
}

func (u *uploads) Query(ctx context.Context, sql string) (warehouse.Rows, error) {
	return u.db.Query(ctx, sql)
}

// Close deletes every table added; one already gone is not an error.
func (u *uploads) Close(ctx context.Context) error {
	var errs []error
	for _, t := range u.tables {
		if err := t.Delete(ctx); err != nil && !isNotFound(err) {
			errs = append(errs, mapError(ctx, err))
		}
	}
	u.tables = nil
	return errors.Join(errs...)
}

// UploadTables lists the upload tables in the default dataset, for tests
// and operators checking that none is left.
func (db *DB) UploadTables(ctx context.Context) ([]string, error) {
	it := db.client.Dataset(db.cfg.Dataset).Tables(ctx)
	var out []string
	for {
		t, err := it.Next()
		if err != nil {
			if errors.Is(err, iterator.Done) {
				return out, nil
			}
			return nil, mapError(ctx, err)
		}
		if strings.HasPrefix(t.TableID, uploadPrefix) {
			out = append(out, t.TableID)
		}
	}
}

const uploadPrefix = "pitgate_upload_"

// UploadExpiration is the expiration time of the upload table path.
func (db *DB) UploadExpiration(ctx context.Context, path []string) (time.Time, error) {
	t, err := db.tableRef(path)
	if err != nil {
		return time.Time{}, err
	}
	md, err := t.Metadata(ctx)
	if err != nil {
		return time.Time{}, mapError(ctx, err)
	}
	return md.ExpirationTime, nil
}
