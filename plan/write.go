package plan

// WriteOp is what a Write does to its warehouse table.
type WriteOp int

const (
	CreateTable WriteOp = iota
	CreateTableAs
	InsertInto
	DropTable
	TruncateTable
	UpdateTable
	DeleteFrom
)

func (op WriteOp) String() string {
	return [...]string{"CREATE TABLE", "CREATE TABLE AS", "INSERT", "DROP TABLE", "TRUNCATE TABLE",
		"UPDATE", "DELETE"}[op]
}

// Write is a statement that changes a warehouse table (a table of a
// schema the configuration makes writable). Dialects print it; nothing
// of it is SQL text.
//
// Rows is the statement's relational part: the query of CreateTableAs and
// the rows of InsertInto; for UpdateTable a Project over a Filter (or
// not) over the Table, whose Exprs are the new values of the columns Set
// names, one each; for DeleteFrom a Filter over the Table (the Table
// alone deletes every row). Expressions of UpdateTable and DeleteFrom
// read the Table's columns only.
type Write struct {
	Op    WriteOp
	Table []string
	// Columns are CreateTable's column definitions (IDs unused).
	Columns []Column
	Rows    Node
	// Targets are InsertInto's target columns in Rows' column order; nil
	// means all of the table's, in order.
	Targets []string
	// Set are the columns UpdateTable assigns, in the order of the
	// Project's Exprs.
	Set []string
}
