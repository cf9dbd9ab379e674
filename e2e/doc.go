// Package e2e starts the real pitgate binary and drives it with real
// clients (psql, pgx in every query mode, psycopg2, psycopg 3, SQLAlchemy
// and pandas through Debian's python3, pgjdbc through java), comparing what
// they receive with the brute-force point-in-time reference, and what their
// introspection reports with the registry and with PostgreSQL 15 holding
// the equivalent relations (catalog_*_test.go). It holds tests only; the
// client programs in other languages are under testdata/clients/.
package e2e
