package catalog

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/registry"
	"github.com/pitgate/pitgate/warehouse"
	"github.com/pitgate/pitgate/warehouse/duckdb"
)

// Catalog is a built catalog engine. It is safe for concurrent use.
type Catalog struct {
	db      *duckdb.DB
	schemas map[string]uint32
	roles   map[string]uint32
	start   time.Time
	// overlay is what the rows of sessions' temporary tables are made
	// with, built on first use (temp_overlay.go).
	overlay overlayBase
}

// Session is what a query's answers depend on besides the catalog itself.
type Session struct {
	// User is the connected user: current_user, session_user, and a row of
	// pg_roles when it is not a registry role already.
	User string
	// Settings are the session's parameters by lower-case name (as the
	// gateway keeps them): current_setting, pg_settings, search_path.
	Settings map[string]string
	// PID is what pg_backend_pid() returns; it also names the session's
	// temporary schema, pg_temp_<PID>.
	PID int32
	// Temp are the session's temporary tables (temp_overlay.go).
	Temp []TempTable
	// Cursors are the session's open SQL cursors, for pg_cursors (cursors.go).
	Cursors []Cursor
}

// New builds the catalog of repo. tables describes the warehouse tables
// the registry's sources read (warehouse.Warehouse.Table does).
func New(ctx context.Context, repo *registry.Repo, tables TableColumns) (*Catalog, error) {
	objs, err := gather(ctx, repo, tables)
	if err != nil {
		return nil, err
	}
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

// Close releases the engine.
func (c *Catalog) Close() error { return c.db.Close() }

// Query runs one statement that planner.(*Planner).Catalog produced.
func (c *Catalog) Query(ctx context.Context, sql string, s Session) (warehouse.Rows, error) {
	if len(s.Temp) > 0 {
		return c.queryWithTemps(ctx, sql, s)
	}
	rows, err := c.db.Query(ctx, c.sessionSQL(s)+sql)
	if err != nil {
		return nil, catalogError(err)
	}
	return &errRows{Rows: rows}, nil
}

// sessionSQL sets the variables the macros read (macros.go).
func (c *Catalog) sessionSQL(s Session) string {
	var b strings.Builder
	set := func(name, value string) { b.WriteString("SET VARIABLE " + name + " = " + value + ";\n") }
	set(varUser, literal(s.User))
	set(varUserOID, fmt.Sprint(c.roleOID(s.User)))
	keys := make([]string, 0, len(s.Settings))
	for k := range s.Settings {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var pairs, names []string
	for _, k := range keys {
		pairs = append(pairs, literal(strings.ToLower(k))+": "+literal(s.Settings[k]))
		names = append(names, literal(displayName(k)))
	}
	set(varSettings, "CAST(MAP {"+strings.Join(pairs, ", ")+"} AS MAP(VARCHAR, VARCHAR))")
	set(varSettingNames, "CAST(["+strings.Join(names, ", ")+"] AS VARCHAR[])")
	path, explicit := c.searchPath(s)
	set(varPath, listLiteral(path))
	set(varExplicitPath, listLiteral(explicit))
	set(varPID, fmt.Sprint(s.PID))
	set(varCursors, cursorsLiteral(s.Cursors))
	set(varTempSchema, fmt.Sprint(c.tempSchemaOID(s)))
	set(varVersion, literal(versionString(s.Settings["server_version"])))
	set(varStart, "CAST("+literal(c.start.UTC().Format("2006-01-02 15:04:05.999999+00"))+" AS TIMESTAMPTZ)")
	return b.String()
}

// roleOID is the user's role: a registry role's, or one derived from the
// name as every pitgate OID is.
func (c *Catalog) roleOID(user string) uint32 {
	if oid, ok := c.roles[user]; ok {
		return oid
	}
	return newOIDs().of("role", user)
}

// searchPath resolves search_path as PostgreSQL does (existing schemas
// only, "$user" for the user's schema, the session's pg_temp_N first
// unless pg_temp is listed, once it has temporary tables) with one
// addition: schema features comes first, because pitgate resolves an
// unqualified name to a feature view or service before anything else
// (DESIGN §2.1).
func (c *Catalog) searchPath(s Session) (withImplicit, explicit []string) {
	explicit = []string{featuresSchema}
	temp := ""
	if len(s.Temp) > 0 {
		temp = TempSchema(s.PID)
	}
	for _, part := range strings.Split(s.Settings["search_path"], ",") {
		name := strings.TrimSpace(part)
		if unq, ok := strings.CutPrefix(name, `"`); ok {
			name = strings.ReplaceAll(strings.TrimSuffix(unq, `"`), `""`, `"`)
		} else {
			name = strings.ToLower(name)
		}
		if name == "$user" {
			name = s.User
		}
		if name == "pg_temp" && temp != "" {
			explicit, temp = append(explicit, temp), ""
			continue
		}
		if _, exists := c.schemas[name]; exists && !slices.Contains(explicit, name) {
			explicit = append(explicit, name)
		}
	}
	withImplicit = explicit
	if !slices.Contains(explicit, "pg_catalog") {
		withImplicit = append([]string{"pg_catalog"}, explicit...)
	}
	if temp != "" {
		withImplicit = append([]string{temp}, withImplicit...)
	}
	return withImplicit, explicit
}

// versionString is version()'s answer: PostgreSQL's layout, which
// SQLAlchemy and other clients parse for the version number.
func versionString(server string) string {
	if server == "" {
		server = "15.8"
	}
	arch := map[string]string{"amd64": "x86_64", "arm64": "aarch64"}[runtime.GOARCH]
	if arch == "" {
		arch = runtime.GOARCH
	}
	return fmt.Sprintf("PostgreSQL %s (pitgate) on %s-pc-%s-gnu, compiled by %s, 64-bit", server, arch, runtime.GOOS, runtime.Version())
}

// displayName is a parameter's name as pg_settings shows it.
func displayName(name string) string {
	switch name {
	case "datestyle":
		return "DateStyle"
	case "intervalstyle":
		return "IntervalStyle"
	case "timezone":
		return "TimeZone"
	}
	return name
}

// literal quotes s as a DuckDB string literal (standard strings: only the
// quote is special).
func literal(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

func listLiteral(items []string) string {
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = literal(s)
	}
	return "CAST([" + strings.Join(quoted, ", ") + "] AS VARCHAR[])"
}

// catalogError gives an error raised by a macro (error('pitgate:CODE:msg'))
// its SQLSTATE, and drops positions, which point into rewritten SQL.
func catalogError(err error) error {
	if err == nil {
		return nil
	}
	var se *sqlerr.Error
	if !errors.As(err, &se) {
		return sqlerr.Wrap(sqlerr.Internal, err)
	}
	out := *se
	out.Position = 0
	if i := strings.Index(se.Message, "pitgate:"); i >= 0 {
		rest := se.Message[i+len("pitgate:"):]
		if code, msg, ok := strings.Cut(rest, ":"); ok && len(code) == 5 {
			out.Code, out.Message = code, msg
		}
	}
	return &out
}

// errRows maps errors that surface while rows stream.
type errRows struct{ warehouse.Rows }

func (r *errRows) Err() error { return catalogError(r.Rows.Err()) }
