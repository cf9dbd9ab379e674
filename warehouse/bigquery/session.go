package bigquery

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"time"

	"cloud.google.com/go/bigquery"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/warehouse"
)

// Session temporary tables on BigQuery (warehouse.ScratchSession):
// BigQuery has no connection that owns tables, so a session's temporary
// table t is the table <ScratchPrefix><16 hex>_<t, made safe>_<8 hex> of
// the scratch dataset. The 16 hex digits are random per session, so no
// two sessions, of one gateway or of several, can name the same table;
// the last 8 are a hash of the name exactly as written, so that names
// differing only by case or by characters BigQuery refuses stay apart.
// Every table is created with an expiration time (Config.ScratchExpiry),
// the backstop should pitgate die before it drops it; the gateway also
// records them for its sweep at the next start (gateway/temp_scratch.go).
//
// Tables are created, loaded and deleted through the API; INSERT ...
// SELECT and DELETE (TRUNCATE) are DML statements printed here, the only
// SQL of this package, naming the session's own table and the columns
// the gateway passes, each quoted by quoteIdent.

var (
	_ warehouse.Sessioner = (*DB)(nil)
	_ warehouse.Sweeper   = (*DB)(nil)
)

// ScratchPrefix begins the name of every session temporary table.
const ScratchPrefix = "pitgate_tmp_"

// DefaultScratchDataset holds the temporary tables when
// Config.ScratchDataset is unset.
const DefaultScratchDataset = "pitgate_scratch"

// DefaultScratchExpiry is Config.ScratchExpiry's default.
const DefaultScratchExpiry = 24 * time.Hour

// scratchCloseTimeout bounds the deletes of a session's Close, which has
// no context of its own.
const scratchCloseTimeout = 30 * time.Second

// Session opens a scope of temporary tables in the scratch dataset,
// creating the dataset when it is missing.
func (db *DB) Session(ctx context.Context) (warehouse.Session, error) {
	if err := db.ensureScratch(ctx); err != nil {
		return nil, err
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	return &session{db: db, id: ScratchPrefix + hex.EncodeToString(b[:]), tables: map[string]*scratchTable{}}, nil
}

type session struct {
	db     *DB
	id     string
	tables map[string]*scratchTable
}

// scratchTable is one of the session's tables and its row count, which
// only the session changes.
type scratchTable struct {
	t    *bigquery.Table
	rows int64
}

func (s *session) ScratchID() string { return s.id }

func (s *session) Query(ctx context.Context, sql string) (warehouse.Rows, error) {
	return s.db.Query(ctx, sql)
}

func (s *session) Exec(ctx context.Context, sql string) error { return s.db.Exec(ctx, sql) }

func (s *session) Table(ctx context.Context, name []string) ([]warehouse.Column, error) {
	return s.db.Table(ctx, name)
}

// TempPath is {dataset, table} or {project, dataset, table}.
func (s *session) TempPath(name string) []string {
	return append(s.db.scratchPath(), s.id+"_"+tableSuffix(name))
}

func (s *session) CreateTemp(ctx context.Context, name string, cols []warehouse.Column) error {
	path, t, err := s.newTable(name)
	if err != nil {
		return err
	}
	schema, _, err := loadSchema(path, cols)
	if err != nil {
		return err
	}
	md := &bigquery.TableMetadata{Schema: schema, ExpirationTime: s.db.scratchExpiration(), Labels: s.db.cfg.Labels}
	if err := t.Create(ctx, md); err != nil {
		return tempExists(name, mapError(ctx, err))
	}
	s.tables[name] = &scratchTable{t: t}
	return nil
}

// CreateTempAs writes the query's rows into a new table (a query job with
// a destination table, which must not exist yet), then sets its
// expiration time.
func (s *session) CreateTempAs(ctx context.Context, name, query string) (int64, error) {
	_, t, err := s.newTable(name)
	if err != nil {
		return 0, err
	}
	q := s.db.query(query)
	q.Dst = t
	q.CreateDisposition = bigquery.CreateIfNeeded
	q.WriteDisposition = bigquery.WriteEmpty
	q.JobID = newJobID()
	if err := s.db.wait(ctx, q); err != nil {
		return 0, tempExists(name, err)
	}
	st := &scratchTable{t: t}
	s.tables[name] = st
	if _, err := t.Update(ctx, bigquery.TableMetadataToUpdate{ExpirationTime: s.db.scratchExpiration()}, ""); err != nil {
		return 0, mapError(ctx, err)
	}
	return st.grown(ctx)
}

// Insert runs INSERT INTO table (cols) query.
func (s *session) Insert(ctx context.Context, name string, cols []string, query string) (int64, error) {
	st, err := s.table(name)
	if err != nil {
		return 0, err
	}
	list := ""
	if cols != nil {
		quoted := make([]string, len(cols))
		for i, c := range cols {
			quoted[i] = quoteIdent(c)
		}
		list = " (" + strings.Join(quoted, ", ") + ")"
	}
	if err := s.db.Exec(ctx, "INSERT INTO "+quoteName(s.TempPath(name))+list+" "+query); err != nil {
		return 0, err
	}
	return st.grown(ctx)
}

// Load appends with one load job (WRITE_APPEND): all rows or none.
func (s *session) Load(ctx context.Context, name string, cols []warehouse.Column, src warehouse.RowSource) (int64, error) {
	st, err := s.table(name)
	if err != nil {
		return 0, err
	}
	schema, encs, err := loadSchema(s.TempPath(name), cols)
	if err != nil {
		return 0, err
	}
	spool, err := os.CreateTemp("", "pitgate-bigquery-temp-*.json")
	if err != nil {
		return 0, sqlerr.Wrap(sqlerr.Internal, err)
	}
	defer func() { _ = spool.Close(); _ = os.Remove(spool.Name()) }()
	w := &rowWriter{src: src, cols: cols, encs: encs, row: make([]any, len(cols))}
	if err := w.writeAll(spool); err != nil {
		return 0, err
	}
	if err := s.db.runLoad(ctx, st.t, schema, spool, bigquery.WriteAppend); err != nil {
		return 0, err
	}
	st.rows += w.n
	return w.n, nil
}

// Truncate deletes every row (BigQuery's DELETE must have a WHERE).
func (s *session) Truncate(ctx context.Context, name string) error {
	st, err := s.table(name)
	if err != nil {
		return err
	}
	if err := s.db.Exec(ctx, "DELETE FROM "+quoteName(s.TempPath(name))+" WHERE TRUE"); err != nil {
		return err
	}
	st.rows = 0
	return nil
}

func (s *session) Drop(ctx context.Context, name string) error {
	st, err := s.table(name)
	if err != nil {
		return err
	}
	if err := st.t.Delete(ctx); err != nil && !isNotFound(err) {
		return mapError(ctx, err)
	}
	delete(s.tables, name)
	return nil
}

// Close deletes every table of the session; those it could not delete
// stay listed, for a later Close, and expire by themselves.
func (s *session) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), scratchCloseTimeout)
	defer cancel()
	var errs []error
	for name, st := range s.tables {
		if err := st.t.Delete(ctx); err != nil && !isNotFound(err) {
			errs = append(errs, mapError(ctx, err))
			continue
		}
		delete(s.tables, name)
	}
	return errors.Join(errs...)
}

// newTable is the handle of a table the session has not made yet.
func (s *session) newTable(name string) ([]string, *bigquery.Table, error) {
	if _, ok := s.tables[name]; ok {
		return nil, nil, tempExists(name, nil)
	}
	path := s.TempPath(name)
	t, err := s.db.tableRef(path)
	return path, t, err
}

func (s *session) table(name string) (*scratchTable, error) {
	st, ok := s.tables[name]
	if !ok {
		return nil, sqlerr.New(sqlerr.UndefinedTable, "relation %q does not exist", name)
	}
	return st, nil
}

// grown is how many rows the table gained since the last count, from its
// metadata (tables.get; no job, nothing billed): BigQuery reports a DML
// job's row count, the emulator does not, and the table is the session's
// alone, so the difference is exactly the statement's rows.
func (st *scratchTable) grown(ctx context.Context) (int64, error) {
	md, err := st.t.Metadata(ctx)
	if err != nil {
		return 0, mapError(ctx, err)
	}
	n := int64(md.NumRows) - st.rows
	st.rows = int64(md.NumRows)
	return n, nil
}

// tempExists is 42P07 for a name the session has, or a duplicate table.
func tempExists(name string, err error) error {
	if err == nil || sqlerr.Code(err) == duplicateTable {
		return sqlerr.New(duplicateTable, "relation %q already exists", name)
	}
	return err
}

// wait runs the query job q (its JobID set) and waits for it.
func (db *DB) wait(ctx context.Context, q *bigquery.Query) error {
	job, err := q.Run(ctx)
	if err != nil {
		return db.fail(ctx, q.JobID, err)
	}
	status, err := job.Wait(ctx)
	if err == nil {
		err = status.Err()
	}
	if err != nil {
		return db.fail(ctx, q.JobID, err)
	}
	return nil
}

// DropScratch deletes a session temporary table by its TempPath; the
// gateway's sweep calls it for tables a dead run left. Only names with
// ScratchPrefix are deleted, so a damaged record cannot drop another table.
func (db *DB) DropScratch(ctx context.Context, path []string) error {
	if len(path) == 0 || !strings.HasPrefix(path[len(path)-1], ScratchPrefix) {
		return sqlerr.New(sqlerr.InvalidName, "%q is not a pitgate session table (%s...)", strings.Join(path, "."), ScratchPrefix)
	}
	t, err := db.tableRef(path)
	if err != nil {
		return err
	}
	if err := t.Delete(ctx); err != nil && !isNotFound(err) {
		return mapError(ctx, err)
	}
	return nil
}

// ScratchTables lists the session temporary tables in the scratch
// dataset, for tests and operators checking that none is left.
func (db *DB) ScratchTables(ctx context.Context) ([]string, error) {
	ds, err := db.scratchDataset()
	if err != nil {
		return nil, err
	}
	return listPrefixed(ctx, ds, ScratchPrefix)
}
