// Package bqemu holds only tests: it runs pitgate's BigQuery SQL on
// github.com/goccy/bigquery-emulator (v0.8.1, in process, over its REST API
// with cloud.google.com/go/bigquery) and checks the rows.
//
//   - TestPointInTimeJoinsOnBigQuery: pitref's random scenarios (the
//     differential test of internal/difftest, its query and registry
//     writers copied here) planned by the planner, printed with
//     dialects.BigQuery in each of its PIT strategies (window, array_agg),
//     run on the emulator, compared with pitref.Evaluate.
//   - TestGoldenOnBigQuery: every golden case on the small demo data, in
//     both strategies, the emulator's rows compared with DuckDB's.
//   - BenchmarkDesignQueryOnEmulator: both strategies timed on DESIGN §1's
//     query (SQLite's executor underneath: not a BigQuery measurement).
//
// The emulator and the client are imported only by this package's tests,
// so no other package (and no binary) compiles them. The emulator runs
// GoogleSQL through googlesqlite, not BigQuery itself: a construct it gets
// wrong is an emulator gap, recorded in docs/testing.md, never a reason to
// print SQL that real BigQuery would read differently.
package bqemu
