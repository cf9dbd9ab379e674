package warehouse

import "context"

// Sessioner is a warehouse that can pin a connection to one client
// session, for the session's temporary tables: PostgreSQL's and DuckDB's
// TEMP tables exist on one connection only and vanish with it.
type Sessioner interface {
	Session(ctx context.Context) (Session, error)
}

// Session is one pinned warehouse connection and the temporary tables on
// it. Its methods must not be called concurrently, and at most one Rows
// of a Session may be open at a time (a warehouse connection runs one
// statement at a time). Close drops every temporary table by closing the
// connection: the warehouse forgets them by itself, even when pitgate
// dies without calling Close.
type Session interface {
	// Query runs one statement on the pinned connection.
	Query(ctx context.Context, sql string) (Rows, error)
	// Exec runs statements that return no rows on the pinned connection.
	Exec(ctx context.Context, sql string) error
	// Table describes a relation as the pinned connection sees it.
	Table(ctx context.Context, name []string) ([]Column, error)
	// TempPath is how SQL names the temporary table name: {"pg_temp",
	// name} on PostgreSQL, {"temp", "main", name} on DuckDB.
	TempPath(name string) []string
	// CreateTemp creates the temporary table name with cols (42P07 when
	// the connection already has one of that name).
	CreateTemp(ctx context.Context, name string, cols []Column) error
	// CreateTempAs creates the temporary table name from the rows of
	// query (SQL in the warehouse's dialect) and returns their count.
	CreateTempAs(ctx context.Context, name, query string) (int64, error)
	// Insert adds the rows of query to the temporary table name, its
	// columns in cols order (nil: all), and returns their count.
	Insert(ctx context.Context, name string, cols []string, query string) (int64, error)
	// Load appends the rows of src to the temporary table name, one value
	// per column of cols (the table's columns, in order), in bulk: the
	// Appender on DuckDB, COPY on PostgreSQL.
	Load(ctx context.Context, name string, cols []Column, src RowSource) (int64, error)
	// Truncate empties the temporary table name.
	Truncate(ctx context.Context, name string) error
	// Drop drops the temporary table name.
	Drop(ctx context.Context, name string) error
	Close() error
}
