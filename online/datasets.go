package online

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

// DatasetsFile is the saved datasets' record file inside the state directory.
const DatasetsFile = "datasets.json"

// SavedDataset is the record of one CREATE TABLE datasets.<name> AS ...
type SavedDataset struct {
	Name string `json:"name"`
	// Table is the warehouse table holding the rows.
	Table []string `json:"table"`
	// Query is the statement as the client wrote it.
	Query string `json:"query"`
	// Views are the feature views the query joins; Features the result
	// columns that are their features (view.feature).
	Views    []string `json:"views"`
	Features []string `json:"features"`
	// MinTime and MaxTime are the entity rows' time range (the first ASOF
	// join's left timestamp); nil without an ASOF join or without rows.
	MinTime *time.Time `json:"min_time,omitempty"`
	MaxTime *time.Time `json:"max_time,omitempty"`
	Rows    int64      `json:"rows"`
	Created time.Time  `json:"created"`
}

type datasetsFile struct {
	Format   int                      `json:"format"`
	Datasets map[string]*SavedDataset `json:"datasets"`
}

// Datasets records saved datasets in a JSON document beside the
// materialization state: a file in the state directory (embedded), or a
// row of its own in the state's PostgreSQL table (a StateBackend), so
// that gateways sharing a state share their datasets.
type Datasets struct {
	doc jsonDocument[datasetsFile]
	mu  sync.Mutex
}

// OpenDatasets opens the record file at path (which may not exist yet).
func OpenDatasets(path string) (*Datasets, error) {
	d := &Datasets{doc: datasetsDocument(path, nil)}
	_, err := d.List(context.Background())
	return d, err
}

// NewDatasets keeps the records in b.
func NewDatasets(b StateBackend) (*Datasets, error) {
	d := &Datasets{doc: datasetsDocument(b.Where(), b)}
	_, err := d.List(context.Background())
	return d, err
}

// List returns every record, by name.
func (d *Datasets) List(ctx context.Context) ([]SavedDataset, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	f, err := d.doc.load(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]SavedDataset, 0, len(f.Datasets))
	for _, ds := range f.Datasets {
		out = append(out, *ds)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// Get returns the record of name; ok is false when there is none.
func (d *Datasets) Get(ctx context.Context, name string) (SavedDataset, bool, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	f, err := d.doc.load(ctx)
	if err != nil {
		return SavedDataset{}, false, err
	}
	ds, ok := f.Datasets[name]
	if !ok {
		return SavedDataset{}, false, nil
	}
	return *ds, true, nil
}

// Add records ds; 42P07 when a dataset of that name is recorded already.
func (d *Datasets) Add(ctx context.Context, ds SavedDataset) error {
	return d.change(ctx, func(f *datasetsFile) error {
		if _, ok := f.Datasets[ds.Name]; ok {
			return datasetExists(ds.Name)
		}
		f.Datasets[ds.Name] = &ds
		return nil
	})
}

// Remove deletes the record of name (none: nothing happens).
func (d *Datasets) Remove(ctx context.Context, name string) error {
	return d.change(ctx, func(f *datasetsFile) error {
		delete(f.Datasets, name)
		return nil
	})
}

func datasetExists(name string) error {
	return sqlerr.New("42P07", "relation \"datasets.%s\" already exists", name).
		WithHint("DROP TABLE datasets.%s first, or choose another name", name)
}

func datasetsDocument(path string, b StateBackend) jsonDocument[datasetsFile] {
	return jsonDocument[datasetsFile]{
		path: path, backend: b, what: "saved datasets",
		hint:  "fix or remove the record; the warehouse tables are not touched",
		fresh: func() *datasetsFile { return &datasetsFile{Format: 1, Datasets: map[string]*SavedDataset{}} },
		complete: func(f *datasetsFile) {
			if f.Datasets == nil {
				f.Datasets = map[string]*SavedDataset{}
			}
		},
	}
}

// change applies fn to the records and persists them, one change at a
// time in this process.
func (d *Datasets) change(ctx context.Context, fn func(*datasetsFile) error) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.doc.change(ctx, fn)
}

// Path is the record file's path (or the backend's Where).
func (d *Datasets) Path() string { return d.doc.path }
