package gateway

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/warehouse"
)

// Entity rows supplied by the client. A query's VALUES list of at least
// pitgate.upload_min_cells cells (rows × columns) whose cells are all
// literals (planner.UploadableValues) is uploaded to a table before the
// query runs, and the query reads that table instead: on DuckDB and
// PostgreSQL a TEMP table on a session connection (COPY on PostgreSQL,
// batched INSERTs of the same printed literals on DuckDB); on BigQuery
// and Snowflake through warehouse.Uploader. The table is dropped when the
// query's rows are closed, on success, error and cancel alike; a TEMP
// table vanishes with its connection anyway, and a BigQuery upload table
// expires by itself. Smaller lists, and lists the planner cannot upload
// without changing a value, are printed inline.

// uploadMinCellsSetting is the session setting holding the threshold; 0
// never uploads.
const uploadMinCellsSetting = "pitgate.upload_min_cells"

// uploadMinCellsDefault is where uploading starts to pay on DuckDB and
// PostgreSQL (docs/benchmarks.md, "Entity rows: inline or uploaded").
const uploadMinCellsDefault = "20000"

// uploadInsertBatch is how many rows go into one INSERT where the
// warehouse has no text bulk load.
const uploadInsertBatch = 5000

// uploadCleanupTimeout bounds the DROP of upload tables after the query.
const uploadCleanupTimeout = 30 * time.Second

var uploadSeq atomic.Int64

func validateUploadMinCells(v string) (string, error) {
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return "", sqlerr.New(sqlerr.InvalidParameter, "invalid value for parameter %q: %q", uploadMinCellsSetting, v).
			WithHint("a number of cells (rows times columns); 0 never uploads")
	}
	return strconv.Itoa(n), nil
}

func (s *Session) uploadMinCells() int {
	n, err := strconv.Atoi(s.settings[uploadMinCellsSetting])
	if err != nil {
		n, _ = strconv.Atoi(uploadMinCellsDefault)
	}
	return n
}

// queryRows prints q in the warehouse's dialect and runs it, uploading its
// large VALUES lists first; closing the rows drops the upload tables. It
// also returns the time spent printing (EXPLAIN ANALYZE shows it). Errors
// are the warehouse's: the caller names a cancel with queryError.
func (s *Session) queryRows(ctx context.Context, q *planner.Query) (warehouse.Rows, time.Duration, error) {
	start := time.Now()
	var ups []*planner.UploadValues
	if min := s.uploadMinCells(); min > 0 {
		ups = planner.UploadableValues(q.Root, min)
	}
	if len(ups) > 0 {
		if scope := s.uploadScope(q); scope != nil {
			if ups = uploadsFor(scope, ups); len(ups) > 0 {
				return s.uploadAndQuery(ctx, q, ups, scope, start)
			}
		}
	}
	sql, err := dialects.Print(s.gw.dialect, q.Root)
	if err != nil {
		return nil, 0, err
	}
	printed := time.Since(start)
	rows, err := s.warehouseFor(q).Query(ctx, sql)
	return rows, printed, err
}

// uploadScope is where q's uploads go, nil when the warehouse cannot take
// them (the lists then stay inline).
func (s *Session) uploadScope(q *planner.Query) uploadScope {
	// A warehouse with both (BigQuery, Snowflake) uploads per query unless
	// the query reads a Snowflake session's TEMPORARY tables, which only
	// that session's connection sees; BigQuery's scratch tables are seen
	// by every query.
	if u, ok := s.gw.wh.(warehouse.Uploader); ok {
		if _, scratch := s.gw.wh.(warehouse.Sweeper); scratch || !q.Temp {
			return &uploaderScope{u: u}
		}
	}
	if _, ok := s.gw.wh.(warehouse.Sessioner); ok {
		return &sessionScope{s: s, pinned: q.Temp || s.temp.conn != nil}
	}
	if u, ok := s.gw.wh.(warehouse.Uploader); ok {
		return &uploaderScope{u: u}
	}
	return nil
}

// uploadsFor keeps the lists scope can take: an Uploader takes Go values,
// so a list with a literal uploadValue cannot read stays inline.
func uploadsFor(scope uploadScope, ups []*planner.UploadValues) []*planner.UploadValues {
	if _, ok := scope.(*uploaderScope); ok {
		return convertible(ups)
	}
	return ups
}

func (s *Session) uploadAndQuery(ctx context.Context, q *planner.Query, ups []*planner.UploadValues, scope uploadScope, start time.Time) (_ warehouse.Rows, _ time.Duration, err error) {
	defer func() {
		if err != nil {
			s.closeUploads(scope)
		}
	}()
	tables := map[*plan.Values]*plan.Table{}
	for _, u := range ups {
		path, err := scope.add(ctx, u)
		if err != nil {
			return nil, 0, err
		}
		tables[u.Node] = uploadedTable(u, path)
		s.gw.log.Debug("uploaded entity rows", "table", strings.Join(path, "."), "rows", len(u.Cells), "columns", len(u.Cols))
	}
	sql, err := dialects.Print(s.gw.dialect, planner.ReplaceValues(q.Root, tables))
	if err != nil {
		return nil, 0, err
	}
	printed := time.Since(start)
	rows, err := scope.query(ctx, sql)
	if err != nil {
		return nil, 0, err
	}
	return &uploadedRows{Rows: rows, s: s, scope: scope}, printed, nil
}

// uploadedTable scans the upload table of u with the list's column IDs
// and names, typed as uploaded.
func uploadedTable(u *planner.UploadValues, path []string) *plan.Table {
	t := &plan.Table{Name: path, Cols: make([]plan.Column, len(u.Cols))}
	for i, c := range u.Node.Cols {
		t.Cols[i] = plan.Column{ID: c.ID, Name: c.Name, Type: plan.Type(u.Cols[i].Type)}
	}
	return t
}

// closeUploads drops the tables of scope under a context of its own: the
// query's may be cancelled already.
func (s *Session) closeUploads(scope uploadScope) {
	ctx, cancel := context.WithTimeout(context.Background(), uploadCleanupTimeout)
	defer cancel()
	if err := scope.close(ctx); err != nil {
		s.gw.log.Warn("dropping uploaded entity rows", "err", err)
	}
}

// uploadedRows drops the uploads once the query's rows are closed.
type uploadedRows struct {
	warehouse.Rows
	s      *Session
	scope  uploadScope
	closed bool
}

func (r *uploadedRows) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	err := r.Rows.Close()
	r.s.closeUploads(r.scope)
	return err
}

// uploadScope holds one query's upload tables.
type uploadScope interface {
	// add creates and fills the table of u and returns its name.
	add(ctx context.Context, u *planner.UploadValues) ([]string, error)
	// query runs sql where the tables are visible.
	query(ctx context.Context, sql string) (warehouse.Rows, error)
	// close drops the tables.
	close(ctx context.Context) error
}

// sessionScope uploads to TEMP tables on a warehouse session: the
// session's pinned connection when the query reads the session's own
// temporary tables (or it has one already), else a connection taken for
// this query and closed after it.
type sessionScope struct {
	s      *Session
	pinned bool
	conn   warehouse.Session
	own    bool
	names  []string
}

func (sc *sessionScope) connection(ctx context.Context) (warehouse.Session, error) {
	if sc.conn != nil {
		return sc.conn, nil
	}
	if sc.pinned {
		c, err := sc.s.tempConn(ctx)
		if err != nil {
			return nil, err
		}
		sc.conn = c
		return c, nil
	}
	c, err := sc.s.gw.wh.(warehouse.Sessioner).Session(ctx)
	if err != nil {
		return nil, err
	}
	sc.conn, sc.own = c, true
	return c, nil
}

func (sc *sessionScope) add(ctx context.Context, u *planner.UploadValues) ([]string, error) {
	conn, err := sc.connection(ctx)
	if err != nil {
		return nil, err
	}
	name := fmt.Sprintf("pitgate_upload_%d", uploadSeq.Add(1))
	cols := make([]warehouse.Column, len(u.Cols))
	names := make([]string, len(u.Cols))
	for i, c := range u.Cols {
		cols[i], names[i] = warehouse.Column{Name: c.Name, Type: c.Type}, c.Name
	}
	if err := conn.CreateTemp(ctx, name, cols); err != nil {
		return nil, err
	}
	sc.names = append(sc.names, name)
	if tl, ok := conn.(warehouse.TextLoader); ok {
		_, err = tl.LoadText(ctx, name, names, cellSource(u.Cells))
	} else {
		err = sc.insertBatches(ctx, conn, name, names, u.Node)
	}
	if err != nil {
		return nil, err
	}
	return conn.TempPath(name), nil
}

// insertBatches inserts the list's rows as the dialect prints them, so
// the warehouse reads every literal as it would inline.
func (sc *sessionScope) insertBatches(ctx context.Context, conn warehouse.Session, name string, names []string, v *plan.Values) error {
	for i := 0; i < len(v.Rows); i += uploadInsertBatch {
		batch := &plan.Values{Rows: v.Rows[i:min(i+uploadInsertBatch, len(v.Rows))], Cols: v.Cols}
		sql, err := dialects.Print(sc.s.gw.dialect, batch)
		if err != nil {
			return err
		}
		if _, err := conn.Insert(ctx, name, names, sql); err != nil {
			return err
		}
	}
	return nil
}

func cellSource(cells [][]*string) warehouse.TextSource {
	next := 0
	return func(row []*string) (bool, error) {
		if next == len(cells) {
			return false, nil
		}
		copy(row, cells[next])
		next++
		return true, nil
	}
}

func (sc *sessionScope) query(ctx context.Context, sql string) (warehouse.Rows, error) {
	return sc.conn.Query(ctx, sql)
}

func (sc *sessionScope) close(ctx context.Context) error {
	if sc.conn == nil {
		return nil
	}
	if sc.own {
		// Closing the connection drops its TEMP tables with it.
		err := sc.conn.Close()
		sc.conn = nil
		return err
	}
	var errs []error
	for _, name := range sc.names {
		errs = append(errs, sc.conn.Drop(ctx, name))
	}
	sc.names = nil
	return errors.Join(errs...)
}

// uploaderScope uploads through a warehouse.Uploader, values converted
// from the literals' text to the Go values of the Rows contract.
type uploaderScope struct {
	u  warehouse.Uploader
	up warehouse.Uploads
}

func (sc *uploaderScope) add(ctx context.Context, u *planner.UploadValues) ([]string, error) {
	if sc.up == nil {
		up, err := sc.u.OpenUploads(ctx)
		if err != nil {
			return nil, err
		}
		sc.up = up
	}
	cols := make([]warehouse.Column, len(u.Cols))
	for i, c := range u.Cols {
		cols[i] = warehouse.Column{Name: c.Name, Type: c.Type}
	}
	next := 0
	return sc.up.Add(ctx, cols, func(row []any) (bool, error) {
		if next == len(u.Cells) {
			return false, nil
		}
		for i, text := range u.Cells[next] {
			v, err := uploadValue(text, u.Cols[i].Type)
			if err != nil {
				return false, err
			}
			row[i] = v
		}
		next++
		return true, nil
	})
}

func (sc *uploaderScope) query(ctx context.Context, sql string) (warehouse.Rows, error) {
	return sc.up.Query(ctx, sql)
}

func (sc *uploaderScope) close(ctx context.Context) error {
	if sc.up == nil {
		return nil
	}
	err := sc.up.Close(ctx)
	sc.up = nil
	return err
}
