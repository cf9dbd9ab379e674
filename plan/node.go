package plan

import "time"

// ColumnID identifies one output column of one node instance in a plan.
type ColumnID int

// Type is a PostgreSQL type name ("int8", "float8[]"); "" when unknown.
type Type string

// Column is an output column of a node.
type Column struct {
	ID   ColumnID
	Name string
	Type Type
}

// Node is a relational operator.
type Node interface {
	Columns() []Column
	Children() []Node
}

// Table scans a warehouse table by its qualified name.
type Table struct {
	Name []string
	Cols []Column
	// Open is true when the table's schema was unknown at planning
	// (transpiling without a warehouse): Cols are the columns the query named.
	Open bool
}

// Project computes Exprs, one output column each.
type Project struct {
	Input Node
	Exprs []Expr
	Cols  []Column
}

// Filter keeps rows where Cond is true.
type Filter struct {
	Input Node
	Cond  Expr
}

// JoinKind is the kind of an ordinary join.
type JoinKind int

const (
	InnerJoin JoinKind = iota
	LeftJoin
	RightJoin
	FullJoin
	CrossJoin
)

func (k JoinKind) String() string {
	return [...]string{"INNER", "LEFT", "RIGHT", "FULL", "CROSS"}[k]
}

// Join is an ordinary join; its columns are Left's then Right's.
type Join struct {
	Left, Right Node
	Kind        JoinKind
	On          Expr // nil for CROSS
}

// KeyPair is one equality of a PITJoin: a left expression and a right column.
type KeyPair struct {
	Left  Expr
	Right ColumnID
}

// PITJoin is a point-in-time (ASOF) join. For each left row the candidates
// are the right rows whose Keys are equal (NULL never equal), whose RightTS
// is <= LeftTS (< when Strict), >= LeftTS - TTL when TTL > 0, and whose
// Created <= LeftTS when KnownAt. The winner has the greatest RightTS, then
// the greatest Created (NULL loses), then the greatest TieBreak columns in
// order (NULL loses). Inner drops left rows without a winner; otherwise they
// are kept with NULLs. Its columns are Left's then Right's.
type PITJoin struct {
	Left, Right Node
	Inner       bool
	Keys        []KeyPair
	LeftTS      Expr
	RightTS     ColumnID
	Strict      bool
	TTL         time.Duration
	Created     ColumnID // 0 when the right side has none
	KnownAt     bool
	TieBreak    []ColumnID
	// Name is what the right side is (a feature view's name), for EXPLAIN.
	Name string
	// RightIndexed says the right side reads a warehouse table that has an
	// ordered index (a btree) whose leading columns are the Keys' columns,
	// in any order, then RightTS: one left row's candidates are then one
	// index range. The planner fills it when its Tables can report
	// indexes; a dialect may choose its strategy by it.
	RightIndexed bool
}

// Aggregate groups its input by GroupBy. Aggregate calls appear as Func
// expressions in the nodes above it; it passes its input's columns through.
type Aggregate struct {
	Input   Node
	GroupBy []Expr
}

// SortKey orders by one expression.
type SortKey struct {
	X          Expr
	Desc       bool
	NullsFirst bool // always explicit: the binder fills PostgreSQL's default
}

// Sort orders its input.
type Sort struct {
	Input Node
	Keys  []SortKey
}

// Limit keeps Count rows after skipping Offset; either may be nil.
type Limit struct {
	Input         Node
	Count, Offset Expr
}

// Distinct removes duplicate rows (or keeps the first row per On).
type Distinct struct {
	Input Node
	On    []Expr
}

// Values is a literal relation.
type Values struct {
	Rows [][]Expr
	Cols []Column
}

// SetOpKind is UNION, INTERSECT or EXCEPT.
type SetOpKind int

const (
	Union SetOpKind = iota
	Intersect
	Except
)

func (k SetOpKind) String() string { return [...]string{"UNION", "INTERSECT", "EXCEPT"}[k] }

// SetOp combines two inputs with the same number of columns.
type SetOp struct {
	Kind        SetOpKind
	All         bool
	Left, Right Node
	Cols        []Column
}

func (n *Table) Columns() []Column     { return n.Cols }
func (n *Project) Columns() []Column   { return n.Cols }
func (n *Filter) Columns() []Column    { return n.Input.Columns() }
func (n *Join) Columns() []Column      { return concat(n.Left.Columns(), n.Right.Columns()) }
func (n *PITJoin) Columns() []Column   { return concat(n.Left.Columns(), n.Right.Columns()) }
func (n *Aggregate) Columns() []Column { return n.Input.Columns() }
func (n *Sort) Columns() []Column      { return n.Input.Columns() }
func (n *Limit) Columns() []Column     { return n.Input.Columns() }
func (n *Distinct) Columns() []Column  { return n.Input.Columns() }
func (n *Values) Columns() []Column    { return n.Cols }
func (n *SetOp) Columns() []Column     { return n.Cols }

func (n *Table) Children() []Node     { return nil }
func (n *Project) Children() []Node   { return []Node{n.Input} }
func (n *Filter) Children() []Node    { return []Node{n.Input} }
func (n *Join) Children() []Node      { return []Node{n.Left, n.Right} }
func (n *PITJoin) Children() []Node   { return []Node{n.Left, n.Right} }
func (n *Aggregate) Children() []Node { return []Node{n.Input} }
func (n *Sort) Children() []Node      { return []Node{n.Input} }
func (n *Limit) Children() []Node     { return []Node{n.Input} }
func (n *Distinct) Children() []Node  { return []Node{n.Input} }
func (n *Values) Children() []Node    { return nil }
func (n *SetOp) Children() []Node     { return []Node{n.Left, n.Right} }

func concat(a, b []Column) []Column {
	out := make([]Column, 0, len(a)+len(b))
	return append(append(out, a...), b...)
}
