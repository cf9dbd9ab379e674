package catalog

import (
	"context"
	"sync"
	"time"

	"github.com/pitgate/pitgate/registry"
	"github.com/pitgate/pitgate/warehouse"
	"github.com/pitgate/pitgate/warehouse/duckdb"
)

// datasetsSchema holds the saved datasets (CREATE TABLE datasets.<name> AS ...).
const datasetsSchema = "datasets"

// Dataset is a saved dataset the catalog lists as table datasets.<Name>,
// or, with Schema, a warehouse table pitgate wrote, listed as
// <Schema>.<Name>.
type Dataset struct {
	Name    string
	Columns []warehouse.Column
	Comment string
	Schema  string // "": datasets
}

// NewWithDatasets builds the catalog of repo listing datasets too.
func NewWithDatasets(ctx context.Context, repo *registry.Repo, tables TableColumns, datasets []Dataset) (*Catalog, error) {
	objs, err := gather(ctx, repo, tables)
	if err != nil {
		return nil, err
	}
	for _, ds := range datasets {
		schema := datasetsSchema
		if ds.Schema != "" {
			schema = ds.Schema
		}
		rel := &relation{schema: schema, name: ds.Name, kind: "r", owner: Role, comment: ds.Comment}
		for _, c := range ds.Columns {
			rel.cols = append(rel.cols, column{name: c.Name, typ: objs.types.ofColumn(c)})
		}
		objs.rels = append(objs.rels, rel)
	}
	// OIDs are a function of kind and name, so assigning again keeps the
	// ones gather gave and numbers only the datasets.
	objs.assignOIDs()
	db, err := duckdb.Open("")
	if err != nil {
		return nil, err
	}
	if err := objs.load(ctx, db, objs.fill()); err != nil {
		db.Close()
		return nil, err
	}
	return &Catalog{db: db, schemas: objs.schemas, roles: objs.roles, start: time.Now()}, nil
}

// Live is a catalog that is rebuilt when the saved datasets change, while
// sessions go on querying it: a query holds the catalog it started on
// until its rows are closed, and a replaced catalog is closed when its
// last query ends.
type Live struct {
	mu  sync.Mutex
	cur *shared
}

type shared struct {
	cat  *Catalog
	refs int  // queries open on it
	old  bool // replaced: close at the last release
}

// NewLive serves c until Replace.
func NewLive(c *Catalog) *Live { return &Live{cur: &shared{cat: c}} }

// Query runs a statement on the current catalog.
func (l *Live) Query(ctx context.Context, sql string, s Session) (warehouse.Rows, error) {
	sh := l.acquire()
	rows, err := sh.cat.Query(ctx, sql, s)
	if err != nil {
		l.release(sh)
		return nil, err
	}
	return &liveRows{Rows: rows, release: func() { l.release(sh) }}, nil
}

// Replace makes c the catalog of every later query.
func (l *Live) Replace(c *Catalog) {
	l.mu.Lock()
	prev := l.cur
	l.cur = &shared{cat: c}
	prev.old = true
	idle := prev.refs == 0
	l.mu.Unlock()
	if idle {
		prev.cat.Close()
	}
}

// Close closes the current catalog.
func (l *Live) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.cur.cat.Close()
}

func (l *Live) acquire() *shared {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.cur.refs++
	return l.cur
}

func (l *Live) release(sh *shared) {
	l.mu.Lock()
	sh.refs--
	closeIt := sh.old && sh.refs == 0
	l.mu.Unlock()
	if closeIt {
		sh.cat.Close()
	}
}

type liveRows struct {
	warehouse.Rows
	once    sync.Once
	release func()
}

func (r *liveRows) Close() error {
	err := r.Rows.Close()
	r.once.Do(r.release)
	return err
}
