// Package gateway implements wire.Handler: one Session per connection,
// which plans each statement with the planner and routes it — queries to
// the warehouse through a dialect, EXPLAIN to the planner and dialects,
// SET/SHOW/RESET and transaction control to the session itself.
//
// Prepared statements (extended.go, portal.go, params.go) are planned once,
// at Parse; each Bind substitutes typed literals for the parameters with
// plan.Bind and each portal prints its own SQL, so no warehouse needs bind
// parameters. A portal's warehouse result stays open between the Executes
// of a client fetching in chunks, under a context that outlives each
// Execute's and is cancelled by the Execute running, a statement_timeout or
// the portal's Close.
//
// A constant SELECT (SELECT 1, and the exact subset of planner/constant.go)
// is answered by the session without the warehouse (fastpath.go), in both
// protocols; prepared, it is typed at Parse and evaluated once.
//
// SQL cursors (cursor.go, cursor_fetch.go) hold one open warehouse result
// each, as a portal does, and FETCH reads on from it; they end with their
// transaction unless WITH HOLD, and at ROLLBACK TO a savepoint older than
// they are (cursor_catalog.go, which also lists them for pg_cursors). A
// prepared query is planned again at Bind
// when the warehouse schemas it was planned on may have changed
// (replan.go): silently for the same result columns, else 0A000.
//
// Online statements (online*.go) never reach the warehouse: a lookup of
// online.<view|service> is answered from Config.Online (the store behind its
// cache) in one Read, one row per requested key in request order; INSERT INTO
// online.<view> is one Write; CALL pitgate.materialize* runs an
// online.Materializer, progress as NOTICEs; RunSchedule runs
// materialize_incremental periodically (online_schedule.go), sharing CALL's
// single slot, so two materializations never run at once in a gateway. A
// prepared lookup is planned at Parse only: Bind substitutes the values,
// Execute converts them and reads.
//
// COPY (copy*.go): TO STDOUT runs the statement copied out with a
// ResultWriter that turns Describe/Row/Complete into wire's CopyOut, so rows
// stream as they come; FROM STDIN is routed by target in copy_in.go
// (online.<view>: the push path, all rows in one Write).
//
// Invariants: the gateway never builds SQL from strings; it asks the
// planner for a plan and a dialect for its text. A session's settings and
// transaction state belong to that session only. Errors reach wire as
// *sqlerr.Error with the SQLSTATE given where they were made; the gateway
// only adds codes for what it decides itself (25P02, 57014 on timeout).
package gateway
