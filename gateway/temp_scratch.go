package gateway

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/warehouse"
)

// Temporary tables that outlive the gateway (warehouse.ScratchSession:
// BigQuery's scratch tables). PostgreSQL's and DuckDB's TEMP tables
// vanish with their connection, and Snowflake's TEMPORARY tables with
// their Snowflake session, so nothing is recorded for them. A scratch
// table is recorded in the state store (online.TempTables) before it is
// created and forgotten once dropped; a gateway that dies leaves its
// records, and the next start sweeps them:
//
//   - every run has a random run ID and an instance name (Config.Instance:
//     state.instance, by default the host name) and beats its heartbeat
//     into the state every scratchBeat;
//   - at start, and at every beat, the gateway drops the recorded tables
//     of runs that are dead: another run of its own instance (an instance
//     runs once at a time, so a new start means the old run is over), or
//     any run whose heartbeat is older than scratchStale (a replica that
//     died and was not started again), or a run no longer recorded.
//
// Replicas sharing a postgres state must have distinct instance names
// (the default, the host name, is distinct per pod or machine); two
// gateways on one host set state.instance. The tables also carry an
// expiration time, so a record lost with its state still goes.

const (
	scratchBeat  = time.Minute
	scratchStale = 10 * time.Minute
	// scratchSweepTimeout bounds one sweep (a DROP per left table).
	scratchSweepTimeout = 2 * time.Minute
)

// scratch is the gateway's side of the records.
type scratch struct {
	store    *online.TempTables
	sweeper  warehouse.Sweeper
	instance string
	run      string
	stop     chan struct{}
	done     chan struct{}
}

// startScratch sweeps what dead runs left and starts the heartbeat, when
// the warehouse's sessions outlive the gateway and a state store is set.
func (g *Gateway) startScratch(cfg Config) error {
	sw, ok := cfg.Warehouse.(warehouse.Sweeper)
	if !ok || cfg.TempTables == nil {
		return nil
	}
	instance := cfg.Instance
	if instance == "" {
		instance, _ = os.Hostname()
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	sc := &scratch{store: cfg.TempTables, sweeper: sw, instance: instance, run: hex.EncodeToString(b[:]),
		stop: make(chan struct{}), done: make(chan struct{})}
	ctx, cancel := context.WithTimeout(context.Background(), scratchSweepTimeout)
	defer cancel()
	if err := sc.store.Beat(ctx, sc.run, sc.instance, time.Now()); err != nil {
		return err
	}
	g.scratch = sc
	g.sweepScratch(ctx)
	go g.beatScratch()
	return nil
}

// sweepScratch drops the tables of dead runs and forgets them; a table
// that cannot be dropped stays recorded for the next sweep.
func (g *Gateway) sweepScratch(ctx context.Context) {
	sc := g.scratch
	left, err := sc.store.Orphans(ctx, sc.run, sc.instance, time.Now(), scratchStale)
	if err != nil {
		g.log.Warn("reading the temporary tables to sweep", "state", sc.store.Path(), "err", err)
		return
	}
	var dropped [][]string
	for _, rec := range left {
		if err := sc.sweeper.DropScratch(ctx, rec.Path); err != nil {
			g.log.Warn("dropping a temporary table a stopped gateway left", "table", rec.Path, "err", err)
			continue
		}
		dropped = append(dropped, rec.Path)
	}
	if len(dropped) > 0 {
		g.log.Info("dropped temporary tables a stopped gateway left", "tables", len(dropped))
	}
	if err := sc.store.Remove(ctx, dropped...); err != nil {
		g.log.Warn("forgetting swept temporary tables", "err", err)
	}
}

func (g *Gateway) beatScratch() {
	sc := g.scratch
	defer close(sc.done)
	tick := time.NewTicker(scratchBeat)
	defer tick.Stop()
	for {
		select {
		case <-sc.stop:
			return
		case <-tick.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), scratchSweepTimeout)
		if err := sc.store.Beat(ctx, sc.run, sc.instance, time.Now()); err != nil {
			g.log.Warn("recording the gateway's heartbeat", "err", err)
		}
		g.sweepScratch(ctx)
		cancel()
	}
}

// stopScratch ends the heartbeat and, the sessions being closed, forgets
// the run. A run that stops without it is seen as dead by the next start
// of its instance, or once its heartbeat is stale.
func (g *Gateway) stopScratch() {
	sc := g.scratch
	if sc == nil {
		return
	}
	close(sc.stop)
	<-sc.done
	ctx, cancel := context.WithTimeout(context.Background(), stateCloseTimeout)
	defer cancel()
	if err := sc.store.EndRun(ctx, sc.run); err != nil {
		g.log.Warn("recording the gateway's stop", "err", err)
	}
}

const stateCloseTimeout = 30 * time.Second

// recording wraps a session's connection so that its scratch tables are
// recorded; other connections are returned as they are.
func (g *Gateway) recording(c warehouse.Session) warehouse.Session {
	sc, ok := c.(warehouse.ScratchSession)
	if !ok || g.scratch == nil {
		return c
	}
	r := &recordedSession{ScratchSession: sc, g: g, paths: map[string][]string{}}
	if tl, ok := c.(warehouse.TextLoader); ok {
		return recordedTextSession{recordedSession: r, TextLoader: tl}
	}
	return r
}

// recordedTextSession keeps the bulk text load (COPY) of the session it
// wraps visible to the gateway's type check.
type recordedTextSession struct {
	*recordedSession
	warehouse.TextLoader
}

// recordedSession records each table before it is made and forgets it
// once dropped.
type recordedSession struct {
	warehouse.ScratchSession
	g     *Gateway
	paths map[string][]string // the session's tables by name
}

func (r *recordedSession) add(ctx context.Context, name string) error {
	path := r.TempPath(name)
	rec := online.ScratchTable{Path: path, Run: r.g.scratch.run, Session: r.ScratchID(), Created: time.Now().UTC()}
	if err := r.g.scratch.store.Add(ctx, rec); err != nil {
		return err
	}
	r.paths[name] = path
	return nil
}

// forget removes the records of tables that are gone.
func (r *recordedSession) forget(ctx context.Context, names ...string) {
	var paths [][]string
	for _, n := range names {
		if p, ok := r.paths[n]; ok {
			paths = append(paths, p)
			delete(r.paths, n)
		}
	}
	if err := r.g.scratch.store.Remove(context.WithoutCancel(ctx), paths...); err != nil {
		r.g.log.Warn("forgetting dropped temporary tables", "err", err)
	}
}

func (r *recordedSession) CreateTemp(ctx context.Context, name string, cols []warehouse.Column) error {
	if _, ok := r.paths[name]; ok {
		return r.ScratchSession.CreateTemp(ctx, name, cols) // its own 42P07
	}
	if err := r.add(ctx, name); err != nil {
		return err
	}
	err := r.ScratchSession.CreateTemp(ctx, name, cols)
	if err != nil {
		r.forget(ctx, name)
	}
	return err
}

func (r *recordedSession) CreateTempAs(ctx context.Context, name, query string) (int64, error) {
	if _, ok := r.paths[name]; ok {
		return r.ScratchSession.CreateTempAs(ctx, name, query)
	}
	if err := r.add(ctx, name); err != nil {
		return 0, err
	}
	n, err := r.ScratchSession.CreateTempAs(ctx, name, query)
	if err != nil {
		// A CREATE AS that failed after making its table (setting the
		// expiration, say) drops it; the record stays while it may exist.
		derr := r.ScratchSession.Drop(context.WithoutCancel(ctx), name)
		if derr == nil || sqlerr.Code(derr) == sqlerr.UndefinedTable {
			r.forget(ctx, name)
		}
	}
	return n, err
}

func (r *recordedSession) Drop(ctx context.Context, name string) error {
	if err := r.ScratchSession.Drop(ctx, name); err != nil {
		return err
	}
	r.forget(ctx, name)
	return nil
}

// Close drops the session's tables; the records of those it dropped go.
func (r *recordedSession) Close() error {
	err := r.ScratchSession.Close()
	if err != nil {
		return err
	}
	names := make([]string, 0, len(r.paths))
	for n := range r.paths {
		names = append(names, n)
	}
	ctx, cancel := context.WithTimeout(context.Background(), stateCloseTimeout)
	defer cancel()
	r.forget(ctx, names...)
	return nil
}
