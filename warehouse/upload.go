package warehouse

import "context"

// Uploads of entity rows supplied by the client (a large VALUES list in a
// feature query): the gateway puts them in a table for the duration of
// one query and drops it after. Warehouses with sessions (Sessioner) hold
// them in a TEMP table of a pinned connection; the others implement
// Uploader.

// TextSource yields rows for LoadText, each value in PostgreSQL's text
// input form (nil for NULL); it returns false when done. The strings it
// points row at need only stay valid until its next call.
type TextSource func(row []*string) (more bool, err error)

// TextLoader is a Session that bulk-loads rows given as text, read by
// each column type's input function exactly as the warehouse reads a
// literal of that type (COPY FROM STDIN on PostgreSQL).
type TextLoader interface {
	// LoadText appends the rows of src to the temporary table name, one
	// value per column of cols, in one statement: all rows or none.
	LoadText(ctx context.Context, name string, cols []string, src TextSource) (int64, error)
}

// Uploader is a warehouse without sessions that can hold one query's
// uploaded rows in tables of its own (BigQuery: tables that expire;
// Snowflake: TEMPORARY tables on a connection held for the query).
type Uploader interface {
	// OpenUploads opens the scope of one query's uploads.
	OpenUploads(ctx context.Context) (Uploads, error)
}

// Uploads is one query's uploaded tables and where the query runs. Its
// methods must not be called concurrently; at most one Rows is open.
type Uploads interface {
	// Add creates a table of cols holding the rows of src and returns how
	// SQL in the warehouse's dialect names it.
	Add(ctx context.Context, cols []Column, src RowSource) ([]string, error)
	// Query runs sql, which may read the tables added, and streams its rows.
	Query(ctx context.Context, sql string) (Rows, error)
	// Close drops every table added, whatever happened before, and
	// releases what the scope holds. The gateway calls it with a context
	// that is not the query's, so that a cancelled query is cleaned up.
	Close(ctx context.Context) error
}
