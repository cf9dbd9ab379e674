// Package wire is pitgate's PostgreSQL protocol server (protocol 3.0, on
// github.com/jackc/pgx/v5/pgproto3). It owns the byte-level conversation with a
// client: the startup handshake, authentication, the simple query protocol,
// cancel requests, error and notice messages, and the text encoding of result
// values. It knows no SQL: every query text goes to a Handler (handler.go),
// and wire imports nothing else of pitgate's.
//
// One connection is served by one goroutine that reads a message, runs it and
// writes the answer (conn.go), plus a reader goroutine (reader.go) that keeps
// reading the socket so that a client that goes away is noticed while a query
// is still running, and that query's context is cancelled.
//
// Invariants:
//   - A Session is called from the connection goroutine only, one call at a
//     time; cancellation reaches it only through the context of SimpleQuery.
//   - Session.Close is called exactly once for every Session Startup returned,
//     however the connection ends (Terminate, drop, panic, Shutdown).
//   - Every query cycle ends with exactly one ReadyForQuery, after its
//     ErrorResponse if any; rows already sent stay sent, as in PostgreSQL.
//   - Nothing a client sends can take the server down: packet and message
//     sizes are capped, the startup phase has a deadline, and a panic in a
//     connection goroutine is logged, answered with XX000 and ends only that
//     connection.
//   - The context of a running query ends with a cause (context.Cause) of
//     ErrQueryCanceled (a CancelRequest), ErrConnectionClosed (the client went
//     away) or ErrServerShutdown (Shutdown).
//
// Not yet spoken: TLS (SSLRequest and GSSENCRequest are answered 'N'),
// password authentication (every client is trusted), the extended query
// protocol (answered 0A000), COPY and FunctionCall. See docs/wire.md.
package wire
