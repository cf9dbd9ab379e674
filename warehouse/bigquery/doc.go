// Package bigquery is the BigQuery warehouse: a warehouse.Warehouse on
// cloud.google.com/go/bigquery, the only package of pitgate that imports
// that SDK (its tests live in internal/bqemu, next to the emulator, so that
// no binary compiles the emulator).
//
// It owns the translations between BigQuery and the warehouse.Rows
// contract:
//
//   - connections (bigquery.go, config.go): project, default dataset and
//     location; Application Default Credentials, or a key file named in the
//     configuration; a custom endpoint (the emulator) without
//     authentication. Every job carries the configured labels and, for
//     queries, maximum_bytes_billed;
//   - jobs (bigquery.go): each query is a jobs.insert with a job ID made
//     here, so that a caller's context ending at any point (even while the
//     insert is in flight) cancels that job with jobs.cancel and returns
//     57014; results are read page by page through the RowIterator, never
//     whole (rows.go);
//   - types and values (types.go, values.go): BigQuery's types map to the
//     contract's PostgreSQL names (INT64 int8, FLOAT64 float8, NUMERIC and
//     BIGNUMERIC numeric as exact decimal text, BOOL bool, STRING text,
//     BYTES bytea, DATE date, DATETIME timestamp, TIMESTAMP timestamptz,
//     TIME time, JSON json, INTERVAL interval, GEOGRAPHY text as WKT,
//     ARRAY<T> T[]); a STRUCT (RECORD) is json, its value a JSON object of
//     its fields (an ARRAY<STRUCT> json[]); RANGE is text "[start, end)";
//   - errors (errors.go): a googleapi.Error's reason becomes a SQLSTATE
//     (notFound 42P01, invalidQuery 42601 or, by its message, 42703/42883,
//     accessDenied 42501, quotaExceeded 53000, bytesBilledLimitExceeded
//     54000, ...), its message kept;
//   - bulk loads (load.go, loadvalues.go): the RowSource's rows encoded
//     as newline-delimited JSON into a temporary file (every value checked,
//     the source finished, before BigQuery sees a byte), then one load job
//     of that file;
//   - dry runs (describe.go): Describe (warehouse.Describer) and
//     EstimateBytes (warehouse.Estimator, shown by EXPLAIN) run the query
//     as a dry run, which BigQuery validates and prices without running.
//
// Invariants: SQL handed to Query and Exec runs as given (unqualified
// names resolve in the configured dataset, the job's default dataset).
// Tables are described, created, deleted and loaded through the API,
// never through DDL strings; the only SQL of its own is a session table's
// INSERT ... SELECT and DELETE ... WHERE TRUE (session.go), around a query
// the dialect printed and names quoted by quoteName. Every
// job carries a job ID of pitgate's (pitgate_<hex>) and the configured
// labels.
//
// What the emulator tests cannot show (docs/architecture.md lists it):
// authentication, that jobs.cancel stops a job, labels and the byte limit
// taking effect, dry-run estimates and schemas, BigQuery's own error
// reasons, BYTES through a load.
package bigquery
