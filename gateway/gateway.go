package gateway

import (
	"context"
	"log/slog"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/pitgate/pitgate/catalog"
	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/registry"
	"github.com/pitgate/pitgate/warehouse"
	"github.com/pitgate/pitgate/wire"
)

// Database is the one database pitgate serves.
const Database = "pitgate"

// Config wires a gateway.
type Config struct {
	Repo      *registry.Repo
	Warehouse warehouse.Warehouse
	Logger    *slog.Logger
	// Metrics registers the gateway's Prometheus collectors; nil: none.
	Metrics prometheus.Registerer
	// Online answers lookups of online.<view|service> and takes pushes:
	// the store behind its cache (online.NewCache), which the caller owns.
	// nil: online statements are refused with 55000.
	Online online.Store
	// OnlineState records materialized intervals for CALL
	// pitgate.materialize*; nil records nothing.
	OnlineState *online.State
	// PITStrategy picks how the warehouse's dialect lowers ASOF joins
	// (dialects.Strategies); "" is the dialect's default.
	PITStrategy string
	// Settings are configured defaults of run-time parameters, by lower-case
	// name (idle_session_timeout, idle_in_transaction_session_timeout,
	// max_connections ...): each session starts with them and RESET returns
	// to them (timeouts.go).
	Settings map[string]string
	// Datasets records saved datasets (CREATE TABLE datasets.<name> AS
	// ...), kept in DatasetsSchema of the warehouse (datasets.go); with
	// either unset, datasets.<name> is refused with 0A000.
	Datasets       *online.Datasets
	DatasetsSchema []string
	// WritableSchemas are the warehouse schemas sessions may write
	// ("schema" or "catalog.schema"; "*": all), write.go; nil: none.
	WritableSchemas []string
	// TempTables records the session temporary tables that outlive the
	// gateway (BigQuery's scratch tables), swept at the next start
	// (temp_scratch.go); Instance names this gateway among the replicas
	// sharing that state ("": the host name). nil: nothing is recorded.
	TempTables *online.TempTables
	Instance   string
}

// Gateway answers connections: it is the wire.Handler of pitgate's server.
type Gateway struct {
	repo     *registry.Repo
	wh       warehouse.Warehouse
	dialect  dialects.Dialect
	tables   *tableCache
	planner  *planner.Planner
	catalog  *catalog.Live // rebuilt when saved datasets change
	metrics  *metrics
	log      *slog.Logger
	sessions atomic.Int64
	lastID   atomic.Int32
	defaults map[string]string // Config.Settings, checked

	online online.Store
	// materializer is the template of a CALL's Materializer (online_call.go).
	materializer *online.Materializer
	// materializing admits one CALL pitgate.materialize* at a time.
	materializing chan struct{}

	datasets      *online.Datasets // nil: saved datasets refused
	datasetSchema []string
	scratch       *scratch      // nil: no temporary tables to record (temp_scratch.go)
	written       writtenTables // write_catalog.go
}

// New returns a gateway over a loaded registry and an open warehouse.
func New(cfg Config) (*Gateway, error) {
	d, err := dialects.ByName(cfg.Warehouse.Dialect())
	if err != nil {
		return nil, err
	}
	if d, err = dialects.WithStrategy(d, cfg.PITStrategy); err != nil {
		return nil, err
	}
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	defaults, err := settingDefaults(cfg.Settings)
	if err != nil {
		return nil, err
	}
	tables := newTableCache(cfg.Warehouse)
	cat, err := buildCatalog(context.Background(), cfg.Repo, cfg.Warehouse, cfg.Datasets, cfg.DatasetsSchema)
	if err != nil {
		return nil, err
	}
	g := &Gateway{
		repo: cfg.Repo, wh: cfg.Warehouse, dialect: d, tables: tables,
		planner: planner.New(cfg.Repo, tables).WithDatasets(cfg.DatasetsSchema).WithWritableSchemas(cfg.WritableSchemas), catalog: catalog.NewLive(cat), metrics: newMetrics(cfg.Metrics), log: log,
		defaults: defaults, datasets: cfg.Datasets, datasetSchema: cfg.DatasetsSchema,
	}
	g.setOnline(cfg)
	if err := g.startScratch(cfg); err != nil {
		g.catalog.Close()
		return nil, err
	}
	return g, nil
}

// Close releases the catalog engine; the warehouse belongs to the caller.
func (g *Gateway) Close() error {
	g.stopScratch() // the temporary tables' heartbeat (temp_scratch.go)
	return g.catalog.Close()
}

// Startup makes the session of a new connection.
func (g *Gateway) Startup(ctx context.Context, params map[string]string) (wire.Session, error) {
	user := params["user"]
	db := params["database"]
	if db == "" {
		db = user
	}
	if db != Database {
		return nil, sqlerr.New("3D000", "database %q does not exist", db).
			WithHint("pitgate serves one database, %q", Database)
	}
	s := newSession(g, user, db)
	if err := s.applyStartupParams(params); err != nil {
		return nil, err
	}
	g.sessions.Add(1)
	g.metrics.sessionOpened()
	return s, nil
}

// Planner is the gateway's planner, for tools that plan without a session.
func (g *Gateway) Planner() *planner.Planner { return g.planner }
