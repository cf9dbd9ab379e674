package catalog

import (
	"strings"
	"time"
)

// Cursor is one open SQL cursor of the session: a row of pg_cursors. The
// gateway keeps the cursors; the catalog only shows them, through the
// variable pitgate_cursors set with every query (sessionSQL), as it shows
// current_user.
type Cursor struct {
	Name string
	// Statement is the text of the query string that declared it, as
	// PostgreSQL shows it.
	Statement  string
	Holdable   bool
	Binary     bool
	Scrollable bool
	Created    time.Time
}

const varCursors = "pitgate_cursors" // STRUCT(...)[]: the rows of pg_cursors

// cursorStruct is the DuckDB type of one element of pitgate_cursors, in
// pg_cursors' column order.
const cursorStruct = "STRUCT(name VARCHAR, statement VARCHAR, is_holdable BOOLEAN, is_binary BOOLEAN, " +
	"is_scrollable BOOLEAN, creation_time TIMESTAMPTZ)"

// cursorsLiteral is the value of pitgate_cursors for the session's cursors.
func cursorsLiteral(cursors []Cursor) string {
	items := make([]string, len(cursors))
	for i, c := range cursors {
		items[i] = "{'name': " + literal(c.Name) + ", 'statement': " + literal(c.Statement) +
			", 'is_holdable': " + boolLiteral(c.Holdable) + ", 'is_binary': " + boolLiteral(c.Binary) +
			", 'is_scrollable': " + boolLiteral(c.Scrollable) +
			", 'creation_time': CAST(" + literal(c.Created.UTC().Format("2006-01-02 15:04:05.999999+00")) + " AS TIMESTAMPTZ)}"
	}
	return "CAST([" + strings.Join(items, ", ") + "] AS " + cursorStruct + "[])"
}

func boolLiteral(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// cursorsView is pg_cursors over the session's cursors.
var cursorsView = engineViewDef{"pg_catalog.pg_cursors", `
		SELECT struct_extract(c, 'name') AS name, struct_extract(c, 'statement') AS statement,
		       struct_extract(c, 'is_holdable') AS is_holdable, struct_extract(c, 'is_binary') AS is_binary,
		       struct_extract(c, 'is_scrollable') AS is_scrollable, struct_extract(c, 'creation_time') AS creation_time
		FROM (SELECT unnest(coalesce(getvariable('pitgate_cursors'), CAST([] AS ` + cursorStruct + `[]))) AS c) pgm_cursors`}
