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
// never calls a Session from two goroutines at once, except Cancel.
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
	// TxStatus is the transaction status for ReadyForQuery: 'I', 'T' or 'E'.
	TxStatus() byte
	// Close releases the session's resources when the connection ends.
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
// column's type OID with pgx's pgtype (text format in the simple protocol).
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
}

// SQLError is the shape of errors wire flattens into ErrorResponse fields.
// Errors that do not implement it are reported as XX000 internal errors.
type SQLError interface {
	error
	SQLState() string
}
