// Package snowflake is the Snowflake connector, the only importer of
// github.com/snowflakedb/gosnowflake.
//
// It owns the connection configuration (a gosnowflake DSN with password,
// key-pair or OAuth authentication, warehouse/role/database/schema, a
// query tag), streaming results as Arrow batches converted to the
// warehouse.Rows contract, describing statements without running them,
// table schemas, loads, and the mapping of Snowflake errors to SQLSTATEs.
//
// Invariants: every session runs with TIMEZONE='UTC' and the configured
// QUERY_TAG (the snowflake dialect reads zone-less literals as UTC);
// results are fetched one Arrow batch at a time, never as a whole; a
// cancelled context cancels the Snowflake query (gosnowflake aborts it)
// and is reported as 57014; NUMBER with a scale arrives as its exact
// decimal text, never through float64.
//
// What is tested here without a Snowflake account, and what is not, is in
// docs/architecture.md ("Snowflake connector").
package snowflake
