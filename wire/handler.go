package wire

import "context"

// Handler is what the server calls for each connection. It knows SQL; wire
// does not.
type Handler interface {
	// Startup is called once the client's startup parameters (user, database,
	// application_name, options, ...) are known and it has authenticated. It
	// returns the session that will answer this connection's queries.
	Startup(ctx context.Context, params map[string]string) (Session, error)
}

// Session answers the queries of one connection. Calls are serialized: wire
// never calls a Session, or its Prepared and Portal values, from two
// goroutines at once.
type Session interface {
	// ParameterStatus lists the parameters reported to the client after
	// authentication (server_version, TimeZone, ...).
	ParameterStatus() map[string]string
	// SimpleQuery runs the text of one Query message, which may hold several
	// statements, writing each statement's results to w. An error ends the
	// query: wire sends it as an ErrorResponse and then ReadyForQuery.
	// ctx ends when the query is cancelled; context.Cause(ctx) tells why:
	// ErrQueryCanceled, ErrConnectionClosed or ErrServerShutdown. w must not
	// be used after SimpleQuery returns, nor from another goroutine.
	SimpleQuery(ctx context.Context, sql string, w ResultWriter) error
	// Prepare parses and plans the one statement of a Parse message (an
	// empty string is allowed: it executes as EmptyQueryResponse).
	// paramOIDs are the parameter types the client sent, $1 first; 0, or a
	// missing entry, leaves a parameter's type to the session, which infers
	// it from the statement. An error is the statement's: a syntax or
	// binding error, with its position.
	Prepare(ctx context.Context, sql string, paramOIDs []uint32) (Prepared, error)
	// TxStatus is the transaction status for ReadyForQuery: 'I', 'T' or 'E'.
	TxStatus() byte
	// Failed tells the session about an error wire raised itself while
	// answering a message (an unknown statement or portal, a Bind with the
	// wrong parameter count, a malformed format code): as in PostgreSQL,
	// it fails an open transaction block (TxStatus 'E' until ROLLBACK).
	// Errors the session returns are its own to account for.
	Failed(err error)
	// Close releases the session's resources when the connection ends.
	Close()
}

// CursorDescriber is implemented by a Session with SQL cursors (DECLARE):
// in PostgreSQL a cursor is a portal too, and clients (psycopg 3) describe
// one by name. When a Describe names a portal wire does not know, it asks
// CursorColumns; ok false means there is no such cursor either.
type CursorDescriber interface {
	CursorColumns(name string) (cols []Column, ok bool)
}

// Prepared is a statement prepared by Parse, named or unnamed; wire keeps it
// until the client closes or replaces it, or the connection ends.
type Prepared interface {
	// ParamOIDs is the type of every parameter, $1 first: the client's
	// where it sent one, else the session's inference. wire sends it as
	// ParameterDescription and checks each Bind against its length.
	ParamOIDs() []uint32
	// Columns describes the rows the statement returns, nil when it returns
	// none (NoData). It may ask the warehouse; it must give the same
	// columns every time, and the same as each of its portals.
	Columns(ctx context.Context) ([]Column, error)
	// Bind makes a portal: params[i] is the value of $i+1, nil for NULL, in
	// format formats[i] (0 text, 1 binary; wire expands the Bind message's
	// codes to one per parameter and has checked the count). params alias
	// wire's read buffer: they are valid only during the call.
	Bind(ctx context.Context, params [][]byte, formats []int16) (Portal, error)
	// Close releases the statement. Its portals stay usable: each holds what
	// it needs.
	Close()
}

// Portal is a bound statement, ready to execute; wire keeps it until the
// client closes it, the transaction it belongs to ends, or the connection
// ends.
type Portal interface {
	// Columns describes the rows Execute writes, nil for none (NoData).
	Columns(ctx context.Context) ([]Column, error)
	// Execute runs the portal, or resumes it after a suspension, writing
	// its result with w: Describe (which sends nothing in the extended
	// protocol: wire checks the columns against Columns and uses them to
	// encode), at most maxRows rows (0: no limit), then Complete. A portal
	// that stops at maxRows with rows left returns suspended true without
	// calling Complete; the next Execute continues where it stopped (and
	// need not call Describe again). ctx is this Execute's: a suspended
	// portal must survive its end.
	Execute(ctx context.Context, maxRows int, w ResultWriter) (suspended bool, err error)
	// Close releases the portal (an open warehouse result, say).
	Close()
}

// Column describes one result column in a RowDescription.
type Column struct {
	Name     string
	TypeOID  uint32
	TypeSize int16 // -1 for variable length
	TypeMod  int32 // -1 when none
	// TableOID and AttrNum identify the source column when known, else 0.
	TableOID uint32
	AttrNum  uint16
}

// ResultWriter writes one statement's results. A statement that returns rows
// calls Describe, then Row for each row, then Complete; one that returns none
// calls only Complete. Row values are Go values that wire encodes for the
// column's type OID with pgx's pgtype: in text format in the simple
// protocol, in each column's format from Bind in the extended protocol.
type ResultWriter interface {
	Describe(cols []Column) error
	Row(values []any) error
	Complete(tag string) error
	// EmptyQuery answers a query string with no statement in it.
	EmptyQuery() error
	// Notice sends a NoticeResponse (severity NOTICE) to the client.
	Notice(message string) error
	// ParameterStatus reports a changed run-time parameter (after SET).
	ParameterStatus(name, value string) error
	// CopyOut starts COPY TO STDOUT (copy.go): it sends CopyOutResponse
	// (format binary for CopyBinary, else text, the same for every column)
	// and, for CSV and text with Header, the header line. The returned
	// CopyWriter encodes each row in f; Complete("COPY n") then sends the
	// binary trailer if any, CopyDone and CommandComplete. cols are the
	// rows' columns (names for the header, types to encode). In a portal,
	// Execute's row limit does not apply (PostgreSQL ignores it for COPY).
	CopyOut(cols []Column, f CopyFormat) (CopyWriter, error)
	// CopyIn starts COPY FROM STDIN (copy_in.go): it sends CopyInResponse
	// for cols (their names are for errors: "missing data for column x")
	// and returns a CopyReader that decodes the client's
	// CopyData into rows; Complete("COPY n") ends it once Next has returned
	// io.EOF. An error returned by the Session call before the reader's end
	// is sent as usual, and the CopyData the client still sends is dropped
	// (until Sync in the extended protocol), as in PostgreSQL.
	CopyIn(cols []Column, f CopyFormat) (CopyReader, error)
}

// CopyWriter writes the rows of COPY TO STDOUT, one CopyData message each.
type CopyWriter interface {
	// Row encodes values (Go values as for ResultWriter.Row, nil for
	// NULL) in the COPY format and sends them as one CopyData.
	Row(values []any) error
}

// CopyReader reads the rows of COPY FROM STDIN.
type CopyReader interface {
	// Next returns the next row's fields, nil for NULL, in text form for
	// CopyText and CopyCSV (unescaped, unquoted), in binary form for
	// CopyBinary; they are valid until the next call. It returns io.EOF
	// after the client's CopyDone (or the \. end marker), a 57014 error
	// "COPY from stdin failed: <msg>" on CopyFail, 08P01 on any message but
	// CopyData, CopyDone, CopyFail, Flush and Sync (Flush and Sync are
	// ignored, as PostgreSQL does), 22P04 on a malformed row, 54000 on a
	// row longer than Config.MaxMessageSize. ctx ending (a cancel) ends a
	// wait for the client's data with ctx's error.
	Next(ctx context.Context) ([][]byte, error)
	// Line is the number of the line Next last read, from 1, for an
	// error's CONTEXT ("COPY t, line N"); a header line counts.
	Line() int64
}

// SQLError is the shape of errors wire flattens into ErrorResponse fields.
// Errors that do not implement it are reported as XX000 internal errors.
type SQLError interface {
	error
	SQLState() string
}
