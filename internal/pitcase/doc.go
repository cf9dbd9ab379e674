// Package pitcase turns a random point-in-time scenario of internal/pitref
// into what pitgate runs: a feature repository in YAML and ASOF queries in
// SQL (feature views, plain tables, and the same under a WHERE), with the
// reference answer of each. The differential tests on DuckDB and
// PostgreSQL (internal/difftest) and on the BigQuery emulator
// (internal/bqemu) share it, so both check the same queries.
package pitcase
