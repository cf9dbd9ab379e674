// Package wire is pitgate's PostgreSQL protocol server (protocol 3.0, on
// github.com/jackc/pgx/v5/pgproto3). It owns the byte-level conversation with a
// client: the startup handshake, authentication, the simple and extended
// query protocols, cancel requests, error and notice messages, and the text
// and binary encodings of result values. It knows no SQL: every query text
// goes to a Handler (handler.go), and wire imports nothing else of pitgate's.
//
// One connection is served by one goroutine that reads a message, runs it and
// writes the answer (conn.go). It reads the socket itself while it waits for
// a message; while an answer takes longer than a millisecond a watcher
// goroutine (reader.go) reads instead, so that a client that goes away is
// noticed while a query is still running, and that query's context is
// cancelled.
//
// The extended protocol (extended.go, one handler per message) keeps the
// connection's prepared statements and portals by name (portal.go); they are
// the Session's Prepared and Portal values, so the SQL behind them stays the
// Handler's. Formats are wire's: it expands a Bind's format codes, encodes
// each result column in its format (formats.go, encode_binary.go) and hands
// parameters to Prepared.Bind with one format code each. An error wire
// raises itself while a session exists (an unknown portal, a wrong
// parameter count) is reported to Session.Failed, so that an open block
// fails as in PostgreSQL; a Describe of a portal wire does not know asks a
// Session that is a CursorDescriber, since SQL cursors are portals too.
//
// Invariants:
//   - A Session, and its Prepared and Portal values, are called from the
//     connection goroutine only, one call at a time; cancellation reaches
//     them only through the context of the call (SimpleQuery, Prepare,
//     Columns, Bind, Execute).
//   - Session.Close is called exactly once for every Session Startup returned,
//     however the connection ends (Terminate, drop, panic, Shutdown), after
//     every Prepared and Portal of the connection has been closed.
//   - Every simple query cycle ends with exactly one ReadyForQuery, after its
//     ErrorResponse if any; rows already sent stay sent, as in PostgreSQL.
//   - In the extended protocol, ReadyForQuery is sent only for Sync. After an
//     ErrorResponse every message up to Sync is discarded. A statement
//     outside a transaction block (TxStatus 'I' at Sync or at the end of a
//     Query) runs in an implicit transaction that Sync ends: every portal is
//     then closed. Inside BEGIN, portals live until the block ends.
//   - Redefining a named statement or portal is an error (42P05, 42P03); the
//     unnamed ones are replaced. Closing a statement closes the portals bound
//     from it; replacing the unnamed statement does not. A simple Query drops
//     the unnamed statement and portal.
//   - A portal's columns are fixed once (by Describe, or by the first
//     Execute's ResultWriter.Describe) and every later Execute must describe
//     the same column types; its rows are encoded in the formats its Bind
//     chose. Execute never writes more than its row limit; a portal stopped
//     at the limit answers PortalSuspended and resumes at the next Execute.
//     A Handler that breaks these rules gets XX000, not a misread stream.
//   - Nothing a client sends can take the server down: packet and message
//     sizes are capped, the startup phase has a deadline, and a panic in a
//     connection goroutine is logged, answered with XX000 and ends only that
//     connection.
//   - The context of a running call ends with a cause (context.Cause) of
//     ErrQueryCanceled (a CancelRequest), ErrConnectionClosed (the client went
//     away) or ErrServerShutdown (Shutdown).
//
// Security (auth.go, tls.go, limits.go): an SSLRequest is answered 'S' and
// the socket wrapped in TLS when Config.TLS is set; Config.Users log in with
// SCRAM-SHA-256 (-PLUS over TLS), md5 or, over TLS only, a cleartext
// password, checked against credentials derived once in NewServer; no users
// means trust, on loopback listeners only. Config.HBA picks the method per
// connection as pg_hba.conf does (hba.go), cert by the verified client
// certificate's CN (auth_cert.go). Every connection past its
// StartupMessage holds one of MaxConnections slots until it ends. A Session
// that implements IdleTimeouter has idle connections ended after a
// ReadyForQuery with PostgreSQL's 57P05 or 25P03.
//
// PostgreSQL 17's direct TLS (a ClientHello first, ALPN "postgresql") is
// accepted too.
//
// COPY (copy*.go) is started by the Handler through ResultWriter.CopyOut
// and CopyIn; the row formats (text, CSV, binary) are PostgreSQL's bytes,
// encoded and parsed here because they are protocol. During COPY FROM the
// connection goroutine reads the client's messages inside the Session
// call; a cancel interrupts that wait (connReader.interruptOn).
//
// Not yet spoken: GSSAPI (GSSENCRequest is answered 'N') and FunctionCall. See docs/wire.md.
package wire
