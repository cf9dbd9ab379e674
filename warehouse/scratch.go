package warehouse

import "context"

// Scratch tables: on a warehouse without connections that own tables
// (BigQuery), a Session's temporary tables are ordinary tables of a
// scratch dataset, named with a prefix unique to the session and created
// with an expiration time. Close deletes them, but a pitgate that dies
// first leaves them behind until they expire; so the gateway records each
// one in its state store when it makes it, forgets it when it is dropped,
// and at its next start drops what a dead run left (gateway/temp_scratch.go).

// ScratchSession is a Session whose temporary tables outlive the process
// that made them.
type ScratchSession interface {
	Session
	// ScratchID is the session's unique prefix of its table names, for
	// the records of the tables it makes.
	ScratchID() string
}

// Sweeper is a warehouse whose sessions are ScratchSessions; DropScratch
// deletes a table a ScratchSession made (by its TempPath), which another
// process may have made: one already gone is not an error.
type Sweeper interface {
	DropScratch(ctx context.Context, path []string) error
}

// SchemaCreator is a warehouse that creates a schema through its API
// rather than by CREATE SCHEMA (BigQuery: a dataset made in the
// configured location with the configured labels, which DDL would put in
// the US multi-region); one that exists already is not an error.
type SchemaCreator interface {
	CreateSchema(ctx context.Context, schema []string) error
}
