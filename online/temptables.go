package online

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"
)

// TempTablesFile is the record file of the temporary tables to sweep,
// inside the state directory.
const TempTablesFile = "temp_tables.json"

// ScratchTable is the record of one session temporary table that outlives
// the process that made it (BigQuery: a table of the scratch dataset),
// written before the table is created and removed once it is dropped.
type ScratchTable struct {
	// Path names the table as the warehouse's Sweeper takes it.
	Path []string `json:"path"`
	// Run is the gateway run that made it; Session the session's prefix.
	Run     string    `json:"run"`
	Session string    `json:"session"`
	Created time.Time `json:"created"`
}

// GatewayRun is one run of a gateway: its instance name (state.instance,
// by default the host name) and its last heartbeat.
type GatewayRun struct {
	Instance string    `json:"instance"`
	Started  time.Time `json:"started"`
	Beat     time.Time `json:"beat"`
}

type tempTablesFile struct {
	Format int                      `json:"format"`
	Tables map[string]*ScratchTable `json:"tables"`
	Runs   map[string]*GatewayRun   `json:"runs"`
}

// TempTables records the temporary tables to sweep beside the
// materialization state: a file in the state directory (embedded), or a
// row of its own in the state's PostgreSQL table, which several gateway
// replicas share. Which run's tables are left behind is decided by
// Orphans: a run is dead when its instance has started again, or when its
// heartbeat is older than the staleness limit.
type TempTables struct {
	doc jsonDocument[tempTablesFile]
	mu  sync.Mutex
}

// OpenTempTables opens the record file at path (which may not exist yet).
func OpenTempTables(path string) (*TempTables, error) {
	t := &TempTables{doc: tempTablesDocument(path, nil)}
	_, err := t.doc.load(context.Background())
	return t, err
}

// NewTempTables keeps the records in b.
func NewTempTables(b StateBackend) (*TempTables, error) {
	t := &TempTables{doc: tempTablesDocument(b.Where(), b)}
	_, err := t.doc.load(context.Background())
	return t, err
}

func tempTablesDocument(path string, b StateBackend) jsonDocument[tempTablesFile] {
	return jsonDocument[tempTablesFile]{
		path: path, backend: b, what: "temporary tables to sweep",
		hint: "remove the record: the tables it names then wait for their expiration time",
		fresh: func() *tempTablesFile {
			return &tempTablesFile{Format: 1, Tables: map[string]*ScratchTable{}, Runs: map[string]*GatewayRun{}}
		},
		complete: func(f *tempTablesFile) {
			if f.Tables == nil {
				f.Tables = map[string]*ScratchTable{}
			}
			if f.Runs == nil {
				f.Runs = map[string]*GatewayRun{}
			}
		},
	}
}

func tableKey(path []string) string { return strings.Join(path, "\x1f") }

// Path is the record file's path (or the backend's Where).
func (t *TempTables) Path() string { return t.doc.path }

// Add records a table about to be created.
func (t *TempTables) Add(ctx context.Context, rec ScratchTable) error {
	return t.change(ctx, func(f *tempTablesFile) {
		f.Tables[tableKey(rec.Path)] = &rec
	})
}

// Remove forgets tables that were dropped.
func (t *TempTables) Remove(ctx context.Context, paths ...[]string) error {
	if len(paths) == 0 {
		return nil
	}
	return t.change(ctx, func(f *tempTablesFile) {
		for _, p := range paths {
			delete(f.Tables, tableKey(p))
		}
	})
}

// Beat records that run (of instance) is alive at now.
func (t *TempTables) Beat(ctx context.Context, run, instance string, now time.Time) error {
	return t.change(ctx, func(f *tempTablesFile) {
		r := f.Runs[run]
		if r == nil {
			r = &GatewayRun{Instance: instance, Started: now.UTC()}
			f.Runs[run] = r
		}
		r.Beat = now.UTC()
	})
}

// EndRun forgets run, which closed cleanly (its tables are dropped and
// removed already; any left stay records of no live run, swept later).
func (t *TempTables) EndRun(ctx context.Context, run string) error {
	return t.change(ctx, func(f *tempTablesFile) { delete(f.Runs, run) })
}

// Orphans lists the tables left by dead runs, as seen by run of instance
// at now: tables of another run of the same instance (the instance
// started again, so its previous run is over), of a run whose heartbeat
// is older than stale, or of a run no longer recorded. It also forgets
// the dead runs that have no tables left.
func (t *TempTables) Orphans(ctx context.Context, run, instance string, now time.Time, stale time.Duration) ([]ScratchTable, error) {
	var out []ScratchTable
	err := t.change(ctx, func(f *tempTablesFile) {
		out = out[:0]
		dead := func(id string) bool {
			if id == run {
				return false
			}
			r := f.Runs[id]
			return r == nil || r.Instance == instance || now.Sub(r.Beat) > stale
		}
		for _, rec := range f.Tables {
			if dead(rec.Run) {
				out = append(out, *rec)
			}
		}
		for id := range f.Runs {
			if dead(id) && !runHasTables(f, id) {
				delete(f.Runs, id)
			}
		}
	})
	slices.SortFunc(out, func(a, b ScratchTable) int { return strings.Compare(tableKey(a.Path), tableKey(b.Path)) })
	return out, err
}

func runHasTables(f *tempTablesFile, run string) bool {
	for _, rec := range f.Tables {
		if rec.Run == run {
			return true
		}
	}
	return false
}

// List returns every record, by path.
func (t *TempTables) List(ctx context.Context) ([]ScratchTable, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	f, err := t.doc.load(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ScratchTable, 0, len(f.Tables))
	for _, rec := range f.Tables {
		out = append(out, *rec)
	}
	slices.SortFunc(out, func(a, b ScratchTable) int { return strings.Compare(tableKey(a.Path), tableKey(b.Path)) })
	return out, nil
}

// change applies fn and persists the records, one change at a time in
// this process.
func (t *TempTables) change(ctx context.Context, fn func(*tempTablesFile)) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.doc.change(ctx, func(f *tempTablesFile) error {
		fn(f)
		return nil
	})
}
