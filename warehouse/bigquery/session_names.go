package bigquery

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"
	"time"

	"cloud.google.com/go/bigquery"
	"google.golang.org/api/iterator"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
)

// maxSuffixName bounds the readable part of a temporary table's name
// (BigQuery allows 1,024 bytes; the hash keeps longer names apart).
const maxSuffixName = 200

// tableSuffix is name made safe for a BigQuery table ID (letters, digits
// and _ kept, anything else _) and a hash of the name as written.
func tableSuffix(name string) string {
	var b strings.Builder
	for _, r := range name {
		if b.Len() >= maxSuffixName {
			break
		}
		if r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(name))
	return fmt.Sprintf("%s_%08x", b.String(), h.Sum32())
}

// scratchPath is the scratch dataset's name parts.
func (db *DB) scratchPath() []string {
	ds := db.cfg.ScratchDataset
	if ds == "" {
		ds = DefaultScratchDataset
	}
	return strings.Split(ds, ".")
}

func (db *DB) scratchDataset() (*bigquery.Dataset, error) {
	p := db.scratchPath()
	for _, part := range p {
		if part == "" {
			return nil, sqlerr.New(sqlerr.InvalidParameter, "bigquery: scratch_dataset %q has an empty part", db.cfg.ScratchDataset)
		}
	}
	switch len(p) {
	case 1:
		return db.client.Dataset(p[0]), nil
	case 2:
		return db.client.DatasetInProject(p[0], p[1]), nil
	}
	return nil, sqlerr.New(sqlerr.InvalidParameter, "bigquery: scratch_dataset %q: expected dataset or project.dataset", db.cfg.ScratchDataset)
}

func (db *DB) scratchExpiry() time.Duration {
	if db.cfg.ScratchExpiry > 0 {
		return db.cfg.ScratchExpiry
	}
	return DefaultScratchExpiry
}

func (db *DB) scratchExpiration() time.Time { return time.Now().Add(db.scratchExpiry()) }

// ensureScratch creates the scratch dataset when it is missing, its
// default table expiration the tables' own, once per DB.
func (db *DB) ensureScratch(ctx context.Context) error {
	if db.scratchReady.Load() {
		return nil
	}
	ds, err := db.scratchDataset()
	if err != nil {
		return err
	}
	if _, err := ds.Metadata(ctx); err != nil {
		if !isNotFound(err) {
			return mapError(ctx, err)
		}
		md := &bigquery.DatasetMetadata{Location: db.cfg.Location, Labels: db.cfg.Labels,
			DefaultTableExpiration: db.scratchExpiry(),
			Description:            "pitgate session temporary tables (dropped with their sessions)"}
		if err := ds.Create(ctx, md); err != nil && !isDuplicate(err) {
			return sqlerr.New(sqlerr.Code(mapError(ctx, err)), "cannot create the scratch dataset %s for temporary tables: %v",
				strings.Join(db.scratchPath(), "."), mapError(ctx, err)).
				WithHint("create it, or set warehouse.scratch_dataset to a dataset pitgate may create tables in")
		}
	}
	db.scratchReady.Store(true)
	return nil
}

// listPrefixed lists the tables of ds whose names begin with prefix.
func listPrefixed(ctx context.Context, ds *bigquery.Dataset, prefix string) ([]string, error) {
	it := ds.Tables(ctx)
	var out []string
	for {
		t, err := it.Next()
		if err != nil {
			if errors.Is(err, iterator.Done) {
				return out, nil
			}
			return nil, mapError(ctx, err)
		}
		if strings.HasPrefix(t.TableID, prefix) {
			out = append(out, t.TableID)
		}
	}
}

// quoteIdent quotes one name part in backticks, escaping \ and `.
func quoteIdent(name string) string {
	return "`" + strings.NewReplacer(`\`, `\\`, "`", "\\`").Replace(name) + "`"
}

func quoteName(parts []string) string {
	q := make([]string, len(parts))
	for i, p := range parts {
		q[i] = quoteIdent(p)
	}
	return strings.Join(q, ".")
}

var _ warehouse.SchemaCreator = (*DB)(nil)

// CreateSchema creates the dataset schema ("dataset" or "project",
// "dataset") in the configured location, unless it exists.
func (db *DB) CreateSchema(ctx context.Context, schema []string) error {
	var ds *bigquery.Dataset
	switch len(schema) {
	case 1:
		ds = db.client.Dataset(schema[0])
	case 2:
		ds = db.client.DatasetInProject(schema[0], schema[1])
	default:
		return sqlerr.New(sqlerr.InvalidName, "improper dataset name %q: expected dataset or project.dataset", strings.Join(schema, "."))
	}
	if _, err := ds.Metadata(ctx); err == nil || !isNotFound(err) {
		return mapError(ctx, err)
	}
	err := ds.Create(ctx, &bigquery.DatasetMetadata{Location: db.cfg.Location, Labels: db.cfg.Labels})
	if err != nil && !isDuplicate(err) {
		return mapError(ctx, err)
	}
	return nil
}
