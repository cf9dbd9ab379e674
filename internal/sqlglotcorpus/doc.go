// Package sqlglotcorpus holds the test that measures pitgate's
// pass-through transpilation against a reference corpus: the PostgreSQL ->
// BigQuery / Snowflake / DuckDB pairs of sqlglot's dialect tests (MIT
// licence), extracted by extract.py into testdata/sqlglot/pairs.jsonl with
// their attribution (testdata/sqlglot/README.md).
//
// corpus_test.go plans each pair's PostgreSQL side with pitgate's planner
// (tables of unknown schema accepted, as `pitgate transpile` does without a
// warehouse), prints it per dialect and classifies the pair: the same SQL
// as sqlglot's once both are tokenized and normalized, refused with 0A000,
// or different. DuckDB pairs without tables are also executed, pitgate's
// and sqlglot's SQL both, and their results compared: equal results count
// as the same, and unequal ones fail the test unless sqlglot's translation
// is the one known to be unfaithful. The package has no code of its own.
package sqlglotcorpus
