package gateway

import (
	"context"
	"strconv"
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/wire"
)

// Online lookups (DESIGN §2.3). A lookup is answered from the online store
// through its cache, never the warehouse: its keys are evaluated (after
// Bind, for a prepared one), every view it reads is asked in one Read, and
// one row per requested key comes back in request order — NULL features for
// a key the store does not hold and for a row older than its view's ttl,
// event_timestamp telling the freshness. A prepared lookup does no SQL work
// after Parse: Bind substitutes the values (planner.Lookup.Bind), Execute
// converts them and reads the cache.

// maxLookupKeys bounds the keys of one lookup (the cross product of IN
// lists can grow fast).
const maxLookupKeys = 1_000_000

// setOnline wires the online store and the template of CALL's materializer.
func (g *Gateway) setOnline(cfg Config) {
	g.online = cfg.Online
	g.materializing = make(chan struct{}, 1)
	if cfg.Online != nil {
		g.materializer = &online.Materializer{Repo: cfg.Repo, Warehouse: cfg.Warehouse, Store: cfg.Online,
			State: cfg.OnlineState, Sources: PlannerSources(g.planner, cfg.Warehouse), Logger: g.log}
	}
	g.primeSchemas()
}

// primeSchemas reads the schema of every view's source table once, so that
// online statements plan (their key and time types come from the sources)
// while the warehouse is down later: the table cache keeps serving a
// schema it cannot refresh.
func (g *Gateway) primeSchemas() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, v := range g.repo.Views {
		if name := v.Source.TableName(); name != nil {
			if _, err := g.tables.Table(ctx, name); err != nil {
				g.log.Warn("reading the schema of a feature view's source", "view", v.Name, "err", err)
			}
		}
	}
}

func (s *Session) onlineStore() (online.Store, error) {
	if s.gw.online == nil {
		return nil, sqlerr.New("55000", "this pitgate has no online store").
			WithHint("configure online: in pitgate.yaml (pitgate serve), or use pitgate demo")
	}
	return s.gw.online, nil
}

// lookupRequest is one requested key of a lookup.
type lookupRequest struct {
	key online.Key // in Lookup.Keys order; nil for an outer entity row with a NULL key
	row []any      // the entity row (VALUES form)
}

func (s *Session) runLookup(ctx context.Context, lk *planner.Lookup, w wire.ResultWriter) error {
	_, err := s.lookup(ctx, lk, w)
	return err
}

// lookup answers lk, writing its rows to w (nil: counting them only).
func (s *Session) lookup(ctx context.Context, lk *planner.Lookup, w wire.ResultWriter) (int, error) {
	store, err := s.onlineStore()
	if err != nil {
		return 0, err
	}
	reqs, err := lookupRequests(s.evaluator(), lk)
	if err != nil {
		return 0, err
	}
	ctx, cancel := s.onlineTimeout(ctx)
	defer cancel()
	results, err := readLookup(ctx, store, lk, reqs)
	if err != nil {
		return 0, s.queryError(ctx, err)
	}
	if w == nil {
		return len(reqs), nil
	}
	cols := lookupColumns(lk)
	if err := w.Describe(cols); err != nil {
		return 0, err
	}
	now, row, found := time.Now(), make([]any, len(lk.Columns)), 0
	for _, r := range reqs {
		lookupRow(lk, r, results, found, now, row)
		if r.key != nil {
			found++
		}
		if err := w.Row(s.wireValues(row, cols)); err != nil {
			return 0, err
		}
	}
	return len(reqs), w.Complete("SELECT " + strconv.Itoa(len(reqs)))
}

// onlineTimeout applies statement_timeout, at no cost when there is none.
func (s *Session) onlineTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	if s.settings["statement_timeout"] == "0" {
		return ctx, func() {}
	}
	return s.timeout(ctx)
}

// readLookup asks the store for every view of lk in one Read: results[i][n]
// answers the n-th request with a key, for lk.Views[i].
func readLookup(ctx context.Context, store online.Store, lk *planner.Lookup, reqs []lookupRequest) ([][]online.Result, error) {
	if len(lk.Views) == 0 {
		return nil, nil
	}
	lookups := make([]online.Lookup, len(lk.Views))
	for i, lv := range lk.Views {
		keys := make([]online.Key, 0, len(reqs))
		for _, r := range reqs {
			if r.key != nil {
				keys = append(keys, project(r.key, lv.Keys))
			}
		}
		lookups[i] = online.Lookup{View: lv.View, Keys: keys}
	}
	return store.Read(ctx, lookups)
}

// project is a view's part of a requested key.
func project(key online.Key, index []int) online.Key {
	same := len(index) == len(key)
	for i, j := range index {
		same = same && i == j
	}
	if same {
		return key
	}
	out := make(online.Key, len(index))
	for i, j := range index {
		out[i] = key[j]
	}
	return out
}

// lookupRow fills row for request r, the n-th with a key.
func lookupRow(lk *planner.Lookup, r lookupRequest, results [][]online.Result, n int, now time.Time, row []any) {
	for i, c := range lk.Columns {
		var v any
		switch {
		case c.Source == planner.SourceEntityRow:
			v = r.row[c.Index]
		case r.key == nil:
		case c.Source == planner.SourceKey:
			v = r.key[c.Index]
		case c.Source == planner.SourceEventTime && c.View < 0:
			v = oldestEventTime(results, n)
		case c.Source == planner.SourceEventTime:
			if res := results[c.View][n]; res.Found {
				v = res.EventTS
			}
		case c.Source == planner.SourceFeature:
			if res := results[c.View][n]; res.Found && !res.Expired(lk.Views[c.View].View, now) {
				v = res.Values[c.Index]
			}
		}
		row[i] = v
	}
}

// oldestEventTime is a service row's freshness: the oldest event time of
// its views' rows, NULL when none was found.
func oldestEventTime(results [][]online.Result, n int) any {
	var oldest any
	for _, rs := range results {
		if r := rs[n]; r.Found && (oldest == nil || r.EventTS.Before(oldest.(time.Time))) {
			oldest = r.EventTS
		}
	}
	return oldest
}

// lookupColumns is a lookup's RowDescription, from its column types.
func lookupColumns(lk *planner.Lookup) []wire.Column {
	out := make([]wire.Column, len(lk.Columns))
	for i, c := range lk.Columns {
		oid, size := typeOID(string(c.Type))
		out[i] = wire.Column{Name: c.Name, TypeOID: oid, TypeSize: size, TypeMod: typeMod(c.Type)}
	}
	return out
}

// executeLookup runs a lookup portal straight to the client when it asks
// for every row, as drivers do: no buffer. (A client paging with a row
// limit goes through executeSession's buffer.)
func (p *portal) executeLookup(ctx context.Context, w wire.ResultWriter) (bool, error) {
	if p.done {
		return false, w.Complete("SELECT 0")
	}
	p.done = true
	return false, p.s.statement(ctx, p.st, w)
}
