package online

import (
	"context"
	"fmt"
	"hash/fnv"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/pitgate/pitgate/registry"
)

// StateFile is the state's file name inside the data directory.
const StateFile = "materialized.json"

// Interval is [Start, End) of event time.
type Interval struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// ViewState is what has been materialized of one view.
type ViewState struct {
	// Definition fingerprints the view as it was materialized; when the
	// view changes, its intervals no longer describe the store and are
	// dropped (the next incremental run starts over).
	Definition string `json:"definition"`
	// Intervals are merged, sorted and disjoint.
	Intervals []Interval `json:"intervals"`
	// Rows and Updated describe the last run.
	Rows    int64     `json:"rows"`
	Updated time.Time `json:"updated"`
}

type stateFile struct {
	Format int                   `json:"format"`
	Views  map[string]*ViewState `json:"views"`
}

// State records the materialized intervals per view in a JSON document:
// by default a file, rewritten whole (temporary file, fsync, rename) so
// that a crash leaves the old state or the new, never half a file. Record
// re-reads the file first, so runs in several processes lose nothing but a
// race between two writes of the same instant. With a StateBackend
// (NewState; online/postgres keeps it in a table) several gateways share
// one state and Record is one atomic read-modify-write there.
type State struct {
	doc jsonDocument[stateFile]
	mu  sync.Mutex
}

// StateBackend keeps the state's JSON document somewhere else than a file.
type StateBackend interface {
	// Load returns the document; nil when there is none yet.
	Load(ctx context.Context) ([]byte, error)
	// Update replaces the document by what change makes of it (nil: none
	// yet), atomically with respect to every other Update, in any process.
	Update(ctx context.Context, change func(old []byte) ([]byte, error)) error
	// Where names the document in messages ("postgres table x").
	Where() string
}

// stateTimeout bounds one state operation on a backend (State's methods
// take no context: they are called between a run's batches).
const stateTimeout = 30 * time.Second

// NewState is a State kept by b.
func NewState(b StateBackend) (*State, error) {
	s := &State{doc: stateDocument(b.Where(), b)}
	if _, err := s.load(); err != nil {
		return nil, err
	}
	return s, nil
}

// OpenState opens the state file at path (which may not exist yet).
func OpenState(path string) (*State, error) {
	s := &State{doc: stateDocument(path, nil)}
	if _, err := s.load(); err != nil {
		return nil, err
	}
	return s, nil
}

// Path is the state file's path (or the backend's Where).
func (s *State) Path() string { return s.doc.path }

func stateDocument(path string, b StateBackend) jsonDocument[stateFile] {
	return jsonDocument[stateFile]{
		path: path, backend: b, what: "materialization state",
		hint:  "remove the file to start over: the next incremental run then materializes everything",
		fresh: func() *stateFile { return &stateFile{Format: 1, Views: map[string]*ViewState{}} },
		complete: func(f *stateFile) {
			if f.Views == nil {
				f.Views = map[string]*ViewState{}
			}
		},
	}
}

func (s *State) load() (*stateFile, error) { return s.doc.load(context.Background()) }

// View returns what was materialized of v under its current definition.
func (s *State) View(v *registry.FeatureView) (ViewState, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, err := s.load()
	if err != nil {
		return ViewState{}, err
	}
	vs, ok := f.Views[v.Name]
	if !ok || vs.Definition != Definition(v) {
		return ViewState{Definition: Definition(v)}, nil
	}
	return *vs, nil
}

// LastEnd is the end of the latest materialized interval of v; ok is false
// when nothing was materialized under its current definition.
func (s *State) LastEnd(v *registry.FeatureView) (end time.Time, ok bool, err error) {
	vs, err := s.View(v)
	if err != nil || len(vs.Intervals) == 0 {
		return time.Time{}, false, err
	}
	return vs.Intervals[len(vs.Intervals)-1].End, true, nil
}

// Record adds a materialized interval of v and persists the state.
func (s *State) Record(v *registry.FeatureView, iv Interval, rows int64, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.doc.change(context.Background(), func(f *stateFile) error {
		record(f, v, iv, rows, now)
		return nil
	})
}

// record merges iv into f's entry of v (started over when v's definition
// changed).
func record(f *stateFile, v *registry.FeatureView, iv Interval, rows int64, now time.Time) {
	def := Definition(v)
	vs := f.Views[v.Name]
	if vs == nil || vs.Definition != def {
		vs = &ViewState{Definition: def}
		f.Views[v.Name] = vs
	}
	vs.Intervals = mergeIntervals(append(vs.Intervals, Interval{iv.Start.UTC(), iv.End.UTC()}))
	vs.Rows, vs.Updated = rows, now.UTC()
}

// mergeIntervals sorts and joins overlapping or touching intervals: a
// re-run of an interval leaves the state as it was.
func mergeIntervals(ivs []Interval) []Interval {
	sort.Slice(ivs, func(i, j int) bool { return ivs[i].Start.Before(ivs[j].Start) })
	var out []Interval
	for _, iv := range ivs {
		if n := len(out); n > 0 && !iv.Start.After(out[n-1].End) {
			if iv.End.After(out[n-1].End) {
				out[n-1].End = iv.End
			}
			continue
		}
		out = append(out, iv)
	}
	return out
}

// Definition fingerprints what a view's stored rows depend on: its source
// (table or query, timestamp fields, mapping), join keys and features.
func Definition(v *registry.FeatureView) string {
	var b strings.Builder
	s := v.Source
	fmt.Fprintf(&b, "table=%s\nquery=%s\nts=%s\ncreated=%s\nkeys=%s\n", s.Table, s.Query,
		s.TimestampField, s.CreatedTimestampField, strings.Join(v.JoinKeys(), ","))
	mapping := make([]string, 0, len(s.FieldMapping))
	for from, to := range s.FieldMapping {
		mapping = append(mapping, from+"="+to)
	}
	slices.Sort(mapping)
	fmt.Fprintf(&b, "mapping=%s\n", strings.Join(mapping, ","))
	for _, f := range v.Features {
		fmt.Fprintf(&b, "feature=%s %s\n", f.Name, f.Type)
	}
	h := fnv.New64a()
	h.Write([]byte(b.String()))
	return fmt.Sprintf("%016x", h.Sum64())
}
