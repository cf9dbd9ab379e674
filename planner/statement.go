package planner

import (
	"github.com/pitgate/pitgate/plan"
)

// Kind says who answers a statement.
type Kind int

const (
	// KindQuery is a query planned for the warehouse.
	KindQuery Kind = iota
	// KindExplain is EXPLAIN [(DIALECT d, ANALYZE)] of a query.
	KindExplain
	// KindSet is SET / RESET, answered by the session.
	KindSet
	// KindShow is SHOW, answered by the session.
	KindShow
	// KindTransaction is BEGIN / COMMIT / ROLLBACK / SAVEPOINT / RELEASE.
	KindTransaction
	// KindCatalog is a query of pg_catalog / information_schema (or of
	// catalog functions only), answered by the catalog engine.
	KindCatalog
	// KindOnline is a lookup of online.<view|service>, answered by the
	// online store (online.go).
	KindOnline
	// KindPush is INSERT INTO online.<view>, written to the online store.
	KindPush
	// KindCall is CALL pitgate.materialize(...) / materialize_incremental(...).
	KindCall
	// KindDeallocate is DEALLOCATE [PREPARE] name | ALL, answered by the
	// session with the connection's prepared statements.
	KindDeallocate
	// KindDeclare is DECLARE name CURSOR FOR query (cursor.go).
	KindDeclare
	// KindFetch is FETCH or MOVE on a cursor.
	KindFetch
	// KindCloseCursor is CLOSE name | ALL.
	KindCloseCursor
	// KindCopy is COPY ... TO STDOUT or COPY ... FROM STDIN (copy.go).
	KindCopy
	// KindTemp is a statement on a session temporary table: CREATE
	// [TEMP] TABLE, INSERT, TRUNCATE, DROP TABLE (ddl.go).
	KindTemp
	// KindDataset is CREATE TABLE datasets.<name> AS ... or DROP TABLE
	// datasets.<name> (datasets.go).
	KindDataset
	// KindWrite writes a warehouse table of a writable schema: CREATE
	// TABLE [AS], INSERT, DROP TABLE, TRUNCATE, UPDATE, DELETE (write.go).
	KindWrite
)

// Statement is one planned statement of a query string.
type Statement struct {
	Kind Kind
	// Text is the statement's own SQL as the client wrote it.
	Text string
	// Query is set for KindQuery and KindExplain.
	Query *Query
	// Explain is set for KindExplain.
	Explain *Explain
	// Set is set for KindSet.
	Set *Set
	// Show names the parameter of KindShow ("all" for SHOW ALL).
	Show string
	// Tx is set for KindTransaction.
	Tx *Transaction
	// Catalog is set for KindCatalog: the statement rewritten for the catalog engine.
	Catalog *CatalogQuery
	// Online is set for KindOnline, and for KindExplain of a lookup.
	Online *Lookup
	// Push is set for KindPush.
	Push *Push
	// Call is set for KindCall.
	Call *Call
	// Err is the error binding this statement, to report when it would run.
	Err error
	// Deallocate is set for KindDeallocate.
	Deallocate *Deallocate
	// Cursor is set for KindDeclare; Query is the declared query.
	Cursor *Cursor
	// Fetch is set for KindFetch.
	Fetch *Fetch
	// CloseCursor is set for KindCloseCursor.
	CloseCursor *CloseCursor
	// Copy is set for KindCopy.
	Copy *Copy
	// Temp is set for KindTemp.
	Temp *Temp
	// Dataset is set for KindDataset.
	Dataset *Dataset
	// Write is set for KindWrite; Query holds its rows, if it has any.
	Write *Write
}

// Query is a planned query.
type Query struct {
	Root plan.Node
	// Columns are the result's columns, named as the client sees them.
	Columns []plan.Column
	// Params is the type of each parameter, $1 first, as the statement's
	// context gives it (params.go); nil when the query has none. Root
	// still holds plan.Param nodes: plan.Bind substitutes values.
	Params []plan.Type
	// Temp is set when the query reads a session temporary table: it
	// runs on the session's own warehouse connection.
	Temp bool
}

// Explain is what EXPLAIN asked for.
type Explain struct {
	Dialect string // "" for the warehouse's own
	Analyze bool
}

// Set is SET name = value, SET name TO DEFAULT, RESET name or RESET ALL.
type Set struct {
	Name  string // lower case; "" with All
	Value string // the value as text; "" when Default
	// Default is true for SET ... TO DEFAULT and RESET.
	Default bool
	All     bool
	Local   bool
}

// TxOp is a transaction control statement.
type TxOp int

const (
	TxBegin TxOp = iota
	TxCommit
	TxRollback
	TxSavepoint
	TxRelease
	TxRollbackTo
)

// Transaction is a transaction control statement.
type Transaction struct {
	Op        TxOp
	Savepoint string
	// Tag is the command tag PostgreSQL answers with.
	Tag string
	// ReadOnly is BEGIN READ ONLY (true) or READ WRITE (false); nil when
	// BEGIN says neither (default_transaction_read_only decides).
	ReadOnly *bool
}
