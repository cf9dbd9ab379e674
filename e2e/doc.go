// Package e2e starts the real pitgate binary and drives it with real
// clients (psql, pgx), comparing what they receive with the brute-force
// point-in-time reference. It holds tests only.
package e2e
