// Package e2e starts the real pitgate binary and drives it with real
// clients (psql, pgx in every query mode, psycopg2 and psycopg 3 through
// Debian's python3, pgjdbc through java), comparing what they receive with
// the brute-force point-in-time reference. It holds tests only; the client
// programs in other languages are under testdata/clients/.
package e2e
