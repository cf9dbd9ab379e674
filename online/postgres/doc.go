// Package postgres is the PostgreSQL online store (pgx/v5 pgxpool).
//
// Layout: one shared table, pitgate_online(feature_view text, entity
// bytea, event_ts timestamptz, blob bytea, PRIMARY KEY (feature_view,
// entity)), created if missing. One table rather than one per view: adding
// or changing a view needs no DDL, and a feature service's views are read
// by one statement. event_ts is the blob's event time, kept beside it for
// people who query the table.
//
// Invariants: a write is one transaction of upserts whose ON CONFLICT ...
// DO UPDATE ... WHERE excluded.event_ts > s.event_ts (or equal with a
// greater blob, the tie rule) makes the latest-wins check atomic in the
// server; rows are sorted by key so concurrent writers lock in one order.
// A read is one statement over unnest(...) WITH ORDINALITY.
package postgres
