package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/goccy/go-yaml"

	"github.com/pitgate/pitgate/dialects"
)

// Config is pitgate.yaml (DESIGN §4). ${ENV} is expanded in the whole file
// before it is parsed; unknown keys are errors.
type Config struct {
	Listen    string          `yaml:"listen"`
	Repo      string          `yaml:"repo"`
	Warehouse WarehouseConfig `yaml:"warehouse"`
	Online    OnlineConfig    `yaml:"online"`
	Cache     CacheConfig     `yaml:"cache"`
	State     StateConfig     `yaml:"state"`
	Auth      AuthConfig      `yaml:"auth"`
	TLS       TLSConfig       `yaml:"tls"`
	Metrics   MetricsConfig   `yaml:"metrics"`
	// Connection limits and the sessions' default idle timeouts
	// (config_security.go); timeouts are PostgreSQL values: ms or with a unit.
	MaxConnections                  int    `yaml:"max_connections"`
	IdleSessionTimeout              string `yaml:"idle_session_timeout"`
	IdleInTransactionSessionTimeout string `yaml:"idle_in_transaction_session_timeout"`

	// Materialize schedules materialization in pitgate serve (schedule.go).
	Materialize MaterializeConfig `yaml:"materialize"`
	// Datasets is where saved datasets are written (config_datasets.go).
	Datasets DatasetsConfig `yaml:"datasets"`
	// dir is the config file's directory: relative paths are relative to it.
	dir string
}

type WarehouseConfig struct {
	Type     string `yaml:"type"`
	Path     string `yaml:"path"`
	DSN      string `yaml:"dsn"`
	Project  string `yaml:"project"`
	Dataset  string `yaml:"dataset"`
	Location string `yaml:"location"`
	Endpoint string `yaml:"endpoint"`
	// PITStrategy is how ASOF joins are lowered: "" for the dialect's
	// default, else one of dialects.Strategies.
	PITStrategy string `yaml:"pit_strategy"`
	// Snowflake: authentication other than the DSN's password, and the
	// QUERY_TAG of every query (warehouse/snowflake.Config).
	Authenticator  string `yaml:"authenticator"`
	PrivateKeyFile string `yaml:"private_key_file"`
	TokenFile      string `yaml:"token_file"`
	QueryTag       string `yaml:"query_tag"`
	// BigQuery (with project, dataset, location, endpoint above): a key
	// file instead of Application Default Credentials, labels on every
	// job, and the cost guard (warehouse/bigquery.Config).
	CredentialsFile    string            `yaml:"credentials_file"`
	Labels             map[string]string `yaml:"labels"`
	MaximumBytesBilled int64             `yaml:"maximum_bytes_billed"`
	// BigQuery: where session temporary tables go and how long they
	// outlive a pitgate that dies (config_scratch.go).
	ScratchDataset    string `yaml:"scratch_dataset"`
	ScratchExpiration string `yaml:"scratch_expiration"`
	// WritableSchemas are the schemas sessions may write (config_writable.go).
	WritableSchemas []string `yaml:"writable_schemas"`
}

type OnlineConfig struct {
	Type string `yaml:"type"`
	Path string `yaml:"path"`
	Addr string `yaml:"addr"`
	DSN  string `yaml:"dsn"`
}

type CacheConfig struct {
	MaxEntries int `yaml:"max_entries"`
}

type StateConfig struct {
	Type string `yaml:"type"`
	Path string `yaml:"path"`
	DSN  string `yaml:"dsn"`
	// Instance names this gateway among replicas sharing the state, for
	// the sweep of temporary tables (config_scratch.go).
	Instance string `yaml:"instance"`
}

type AuthConfig struct {
	Users []UserConfig `yaml:"users"`
	// Method is scram-sha-256 (default), md5 or password (cleartext, TLS only).
	Method string `yaml:"method"`
	// HBA are pg_hba.conf-like rules, first match wins (config_security.go).
	HBA []HBARuleConfig `yaml:"hba"`
}

type UserConfig struct {
	Name     string `yaml:"name"`
	Password string `yaml:"password"`
}

// MetricsConfig serves Prometheus metrics over HTTP at /metrics.
type MetricsConfig struct {
	Listen string `yaml:"listen"` // "" = no metrics endpoint
}

type TLSConfig struct {
	Cert string `yaml:"cert"`
	Key  string `yaml:"key"`
	// Require refuses plain-text connections (FATAL 28000).
	Require bool `yaml:"require"`
	// ClientCA is a PEM file of the CAs client certificates are verified
	// against (PostgreSQL's ssl_ca_file); auth.hba's cert method needs it.
	ClientCA string `yaml:"client_ca"`
}

// loadConfig reads, expands and validates a configuration file.
func loadConfig(path string) (*Config, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	expanded := os.Expand(string(raw), os.Getenv)
	cfg := &Config{dir: filepath.Dir(path)}
	dec := yaml.NewDecoder(bytes.NewReader([]byte(expanded)), yaml.Strict())
	if err := dec.Decode(cfg); err != nil {
		return nil, fmt.Errorf("%s: %s", path, yaml.FormatError(err, false, true))
	}
	cfg.defaults()
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return cfg, nil
}

func (c *Config) defaults() {
	if c.Listen == "" {
		c.Listen = "127.0.0.1:5433"
	}
	if c.Repo == "" {
		c.Repo = "./feature_repo"
	}
	if c.Warehouse.Type == "" {
		c.Warehouse.Type = "duckdb"
	}
	if c.Warehouse.Type == "duckdb" && c.Warehouse.Path == "" {
		c.Warehouse.Path = "./data/warehouse.duckdb"
	}
	c.Repo = c.path(c.Repo)
	for _, p := range []*string{&c.TLS.Cert, &c.TLS.Key, &c.TLS.ClientCA} {
		if *p != "" {
			*p = c.path(*p)
		}
	}
	if c.Warehouse.Path != "" && c.Warehouse.Path != ":memory:" {
		c.Warehouse.Path = c.path(c.Warehouse.Path)
	}
	for _, p := range []*string{&c.Warehouse.PrivateKeyFile, &c.Warehouse.TokenFile, &c.Warehouse.CredentialsFile} {
		if *p != "" {
			*p = c.path(*p)
		}
	}
	c.onlineDefaults()
}

func (c *Config) path(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.dir, p)
}

func (c *Config) validate() error {
	switch c.Warehouse.Type {
	case "duckdb", "postgres": // postgres: an empty dsn means the PG* environment variables
	case "snowflake":
		if c.Warehouse.DSN == "" {
			return fmt.Errorf("warehouse.dsn is required for snowflake (user:password@account/database/schema?warehouse=WH)")
		}
	case "bigquery":
		if c.Warehouse.Project == "" {
			return fmt.Errorf("warehouse.project is required for bigquery")
		}
		if c.Warehouse.MaximumBytesBilled < 0 {
			return fmt.Errorf("warehouse.maximum_bytes_billed must not be negative")
		}
	default:
		return fmt.Errorf("unknown warehouse type %q (duckdb, postgres, bigquery, snowflake)", c.Warehouse.Type)
	}
	if d, err := dialects.ByName(c.Warehouse.Type); err == nil {
		if _, err := dialects.WithStrategy(d, c.Warehouse.PITStrategy); err != nil {
			return fmt.Errorf("warehouse.pit_strategy: %v", err)
		}
	}
	if err := c.validateSecurity(); err != nil {
		return err
	}
	if err := c.Materialize.validate(); err != nil {
		return err
	}
	if err := c.Datasets.validate(); err != nil {
		return err
	}
	if err := c.validateWritable(); err != nil {
		return err
	}
	if _, err := c.Warehouse.scratchExpiry(); err != nil {
		return err
	}
	return c.validateOnline()
}

// onlineDefaults fills online:, cache: and state: (the online store's keys).
func (c *Config) onlineDefaults() {
	if c.Online.Type == "" {
		c.Online.Type = "embedded"
	}
	if c.Online.Type == "embedded" && c.Online.Path == "" {
		c.Online.Path = "./data/online"
	}
	if c.Online.Path != "" {
		c.Online.Path = c.path(c.Online.Path)
	}
	if c.Cache.MaxEntries == 0 {
		c.Cache.MaxEntries = 1_000_000
	}
	if c.State.Type == "" {
		c.State.Type = "embedded"
	}
	if c.State.Path == "" {
		c.State.Path = "./data"
	}
	c.State.Path = c.path(c.State.Path)
}

// validateOnline checks online: (DESIGN §4: embedded | redis | postgres),
// cache: and state:.
func (c *Config) validateOnline() error {
	switch c.Online.Type {
	case "embedded":
	case "redis":
		if c.Online.Addr == "" {
			return fmt.Errorf("online.addr: the redis online store needs an address (host:port)")
		}
	case "postgres":
		if c.Online.DSN == "" {
			return fmt.Errorf("online.dsn: the postgres online store needs a DSN (postgres://...)")
		}
	default:
		return fmt.Errorf("unknown online type %q (embedded, redis, postgres)", c.Online.Type)
	}
	if c.Cache.MaxEntries < 0 {
		return fmt.Errorf("cache.max_entries must be positive, got %d", c.Cache.MaxEntries)
	}
	switch c.State.Type {
	case "embedded":
	case "postgres":
		if c.State.DSN == "" {
			return fmt.Errorf("state.dsn: the postgres state needs a DSN (postgres://...)")
		}
	default:
		return fmt.Errorf("unknown state type %q (embedded, postgres)", c.State.Type)
	}
	return nil
}
