package plan

// Expr is a scalar expression.
type Expr interface{ exprNode() }

// ColRef names a column by ID; the column may belong to an enclosing query
// (a correlated reference).
type ColRef struct {
	ID   ColumnID
	Name string // for EXPLAIN only
}

// Const is a literal. Value is nil (NULL), bool, int64, float64, string or
// []byte (bytea);
// numeric literals keep their exact text with Type "numeric"; a string
// literal of unknown type has Type "".
type Const struct {
	Value any
	Type  Type
}

// Param is the client's $N.
type Param struct{ N int }

// Op is an operator: binary (Args 2) or prefix (Args 1). Op is the
// PostgreSQL spelling: + - * / % = <> < <= > >= || AND OR NOT LIKE ILIKE
// NOT LIKE NOT ILIKE ~ !~ ~* !~* IS DISTINCT FROM IS NOT DISTINCT FROM.
type Op struct {
	Op   string
	Args []Expr
}

// Func is a function call, an aggregate or a window function.
type Func struct {
	Name     string // lower case, unqualified
	Args     []Expr
	Star     bool // count(*)
	Distinct bool
	OrderBy  []SortKey // inside the call: string_agg(x, ',' ORDER BY y)
	Filter   Expr
	Over     *Window
}

// Window is an OVER clause.
type Window struct {
	PartitionBy []Expr
	OrderBy     []SortKey
	// Frame is the frame clause in PostgreSQL syntax ("ROWS BETWEEN
	// UNBOUNDED PRECEDING AND CURRENT ROW"), "" for the default.
	Frame string
	// FrameOffsets are the offset expressions the Frame's "$1", "$2" stand for.
	FrameOffsets []Expr
}

// Cast converts X to Type.
type Cast struct {
	X    Expr
	Type Type
}

// When is one branch of a Case.
type When struct{ Cond, Result Expr }

// Case is CASE [Operand] WHEN ... THEN ... [ELSE ...] END.
type Case struct {
	Operand Expr
	Whens   []When
	Else    Expr
}

// IsNull is X IS [NOT] NULL.
type IsNull struct {
	X   Expr
	Not bool
}

// IsBool is X IS [NOT] TRUE/FALSE/UNKNOWN; Value is "TRUE", "FALSE" or "UNKNOWN".
type IsBool struct {
	X     Expr
	Value string
	Not   bool
}

// In is X [NOT] IN (List).
type In struct {
	X    Expr
	List []Expr
	Not  bool
}

// Between is X [NOT] BETWEEN [SYMMETRIC] Lo AND Hi.
type Between struct {
	X, Lo, Hi Expr
	Not       bool
	Symmetric bool
}

// SubqueryKind says how a subquery is used.
type SubqueryKind int

const (
	ScalarSubquery SubqueryKind = iota
	ExistsSubquery
	InSubquery    // X IN (Query)
	AnySubquery   // X op ANY (Query)
	AllSubquery   // X op ALL (Query)
	ArraySubquery // ARRAY(Query)
)

// Subquery is a subquery used as an expression.
type Subquery struct {
	Kind  SubqueryKind
	X     Expr   // InSubquery, AnySubquery, AllSubquery
	Op    string // AnySubquery, AllSubquery
	Not   bool   // NOT IN, NOT EXISTS
	Query Node
}

// AnyArray is X op ANY(Array) or X op ALL(Array).
type AnyArray struct {
	X, Array Expr
	Op       string
	All      bool
}

// Array is ARRAY[Elems].
type Array struct{ Elems []Expr }

// Subscript is X[Index] (1-based, like PostgreSQL).
type Subscript struct{ X, Index Expr }

// Special is a keyword value: CURRENT_TIMESTAMP, CURRENT_DATE, LOCALTIMESTAMP,
// CURRENT_USER, ...
type Special struct{ Name string }

// Row is ROW(a, b) or (a, b).
type Row struct{ Elems []Expr }

func (*ColRef) exprNode()    {}
func (*Const) exprNode()     {}
func (*Param) exprNode()     {}
func (*Op) exprNode()        {}
func (*Func) exprNode()      {}
func (*Cast) exprNode()      {}
func (*Case) exprNode()      {}
func (*IsNull) exprNode()    {}
func (*IsBool) exprNode()    {}
func (*In) exprNode()        {}
func (*Between) exprNode()   {}
func (*Subquery) exprNode()  {}
func (*AnyArray) exprNode()  {}
func (*Array) exprNode()     {}
func (*Subscript) exprNode() {}
func (*Special) exprNode()   {}
func (*Row) exprNode()       {}
