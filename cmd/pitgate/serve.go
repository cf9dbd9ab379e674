package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/registry"
	"github.com/pitgate/pitgate/warehouse"
	"github.com/pitgate/pitgate/warehouse/bigquery"
	"github.com/pitgate/pitgate/warehouse/duckdb"
	"github.com/pitgate/pitgate/warehouse/postgres"
	"github.com/pitgate/pitgate/warehouse/snowflake"
	"github.com/pitgate/pitgate/wire"
)

func runServe(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", stderr)
	configPath := fs.String("config", "pitgate.yaml", "configuration file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(*configPath)
	if err != nil {
		return err
	}
	security, err := cfg.security()
	if err != nil {
		return err
	}
	cfg.Auth.Users = nil // wire derives its credentials; keep no second copy of the passwords
	logger := newLogger(stderr)
	wh, repo, err := openWarehouseAndRepo(cfg) // open.go
	if err != nil {
		return err
	}
	defer wh.Close()
	ctx, stop := signalContext()
	defer stop()
	if err := checkRepo(ctx, repo, wh); err != nil {
		return err
	}
	ol, err := openServing(ctx, cfg)
	if err != nil {
		return err
	}
	defer ol.Close()
	datasets, closeDatasets, err := openDatasets(ctx, cfg.Datasets, cfg.State)
	if err != nil {
		return err
	}
	defer closeDatasets()
	tempTables, closeTempTables, err := openTempTables(ctx, cfg.Warehouse, cfg.State)
	if err != nil {
		return err
	}
	defer closeTempTables()
	return serve(ctx, serveSettings{TempTables: tempTables, Instance: cfg.instance(), Listen: cfg.Listen, MetricsAddr: cfg.Metrics.Listen, PITStrategy: cfg.Warehouse.PITStrategy,
		MaterializeEvery: cfg.Materialize.Every(), Security: security,
		Datasets: datasets, DatasetsSchema: cfg.Datasets.SchemaPath(), WritableSchemas: cfg.Warehouse.WritableSchemas},
		repo, wh, ol, logger, func(addr net.Addr) {
			fmt.Fprintf(stdout, "pitgate serving %d feature views on %s\n", len(repo.Views), addr)
		})
}

func openWarehouse(c WarehouseConfig) (warehouse.Warehouse, error) {
	switch c.Type {
	case "duckdb":
		path := c.Path
		if path == ":memory:" {
			path = ""
		}
		return duckdb.Open(path)
	case "postgres":
		return postgres.Open(context.Background(), c.DSN)
	case "bigquery":
		expiry, err := c.scratchExpiry()
		if err != nil {
			return nil, err
		}
		return bigquery.Open(context.Background(), bigquery.Config{Project: c.Project, Dataset: c.Dataset,
			Location: c.Location, Endpoint: c.Endpoint, CredentialsFile: c.CredentialsFile,
			Labels: c.Labels, MaxBytesBilled: c.MaximumBytesBilled,
			ScratchDataset: c.ScratchDataset, ScratchExpiry: expiry})
	case "snowflake":
		return snowflake.Open(context.Background(), snowflake.Config{DSN: c.DSN, Authenticator: c.Authenticator,
			PrivateKeyFile: c.PrivateKeyFile, TokenFile: c.TokenFile, QueryTag: c.QueryTag})
	}
	return nil, fmt.Errorf("warehouse type %q is not available", c.Type)
}

// checkRepo checks every view's columns against its source in the warehouse.
func checkRepo(ctx context.Context, repo *registry.Repo, wh warehouse.Warehouse) error {
	p := planner.New(repo, gateway.TablesOf(wh))
	return repo.CheckSourceColumns(func(src *registry.Source) ([]string, error) {
		return p.SourceColumns(ctx, src)
	})
}

// serveSettings are the parts of the configuration serve applies itself.
type serveSettings struct {
	Listen      string
	MetricsAddr string // "": no metrics listener
	PITStrategy string // "": the warehouse dialect's default
	// MaterializeEvery runs materialize_incremental periodically; 0: never.
	MaterializeEvery time.Duration
	// Security is auth:, tls:, max_connections and the idle timeouts
	// (config_security.go); the zero value trusts loopback clients.
	Security serveSecurity
	// Datasets and DatasetsSchema are saved datasets' records and
	// warehouse schema (config_datasets.go); nil: refused.
	Datasets       *online.Datasets
	DatasetsSchema []string
	// WritableSchemas is warehouse.writable_schemas (config_writable.go).
	WritableSchemas []string
	// TempTables and Instance record and sweep BigQuery's session
	// temporary tables (config_scratch.go); nil: none.
	TempTables *online.TempTables
	Instance   string
}

// serve runs the gateway on set.Listen until ctx ends, then shuts down.
// With a metrics address it also serves Prometheus metrics there.
func serve(ctx context.Context, set serveSettings, repo *registry.Repo, wh warehouse.Warehouse,
	ol onlineWiring, logger *slog.Logger, ready func(net.Addr)) error {
	listen := set.Listen
	reg, stopMetrics, err := serveMetrics(set.MetricsAddr, logger)
	if err != nil {
		return err
	}
	defer stopMetrics()
	gcfg := gateway.Config{Repo: repo, Warehouse: wh, Logger: logger, Metrics: reg,
		TempTables: set.TempTables, Instance: set.Instance,
		Online: ol.store, OnlineState: ol.state, PITStrategy: set.PITStrategy,
		Datasets: set.Datasets, DatasetsSchema: set.DatasetsSchema, WritableSchemas: set.WritableSchemas}
	wcfg := wire.Config{Listen: listen, Logger: logger}
	set.Security.apply(&wcfg, &gcfg)
	gw, err := gateway.New(gcfg)
	if err != nil {
		return err
	}
	defer gw.Close()
	wcfg.Handler = gw
	srv, err := wire.NewServer(wcfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	stopSchedule := startSchedule(ctx, gw, set.MaterializeEvery, reg, logger)
	defer stopSchedule()
	ready(ln.Addr())
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(shutdownCtx)
}

func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

func newLogger(w io.Writer) *slog.Logger {
	level := slog.LevelInfo
	if os.Getenv("PITGATE_LOG") == "debug" {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}
