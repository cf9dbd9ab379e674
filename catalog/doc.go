// Package catalog is pitgate's pg_catalog and information_schema: an
// in-memory DuckDB holding PostgreSQL 15-shaped catalog tables that describe
// pitgate's own objects, and macros for the functions clients call. psql's
// \d commands, pgjdbc's DatabaseMetaData, SQLAlchemy's inspector and BI
// tools' sync queries run on it after planner.(*Planner).Catalog has
// rewritten them for DuckDB.
//
// What it owns:
//   - the objects: schemas features and online (every feature view and
//     service as a view), the warehouse schemas of the registry's source
//     tables (DuckDB's main shown as public), pg_catalog,
//     information_schema, public; the database pitgate; the role pitgate and
//     one role per registry owner;
//   - pitgate's pg_catalog in DuckDB schema pgcat and information_schema in
//     pginfo (DuckDB's own pg_catalog and information_schema describe DuckDB
//     and are never read);
//   - the functions (macros.go), each answering as PostgreSQL 15 does for
//     the rows the catalog holds.
//
// Invariants:
//   - every relation of PostgreSQL 15's pg_catalog and information_schema
//     exists with PostgreSQL's column names, in PostgreSQL's order
//     (pg15_spec.go, checked against a live server by TestPostgres15Spec);
//   - OIDs are stable across restarts: built-in objects keep PostgreSQL's,
//     pitgate's are an FNV-1a hash of kind and qualified name, at or above
//     16384, with collisions resolved at build time in name order;
//   - a Catalog is immutable once built: a registry change builds a new one;
//     per-session facts (user, settings, search_path) reach the macros
//     through DuckDB variables set in the same statement batch as the query.
//   - a session's temporary tables are never written to the built catalog:
//     a query of a session that has some runs on an engine connection of
//     its own, in a transaction that inserts their rows and is rolled back
//     when the rows close (temp_overlay.go), so no session sees another's.
package catalog
