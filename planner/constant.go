package planner

import (
	"errors"
	"strings"

	"github.com/pitgate/pitgate/plan"
)

// Constant SELECTs. A SELECT without FROM, WHERE, GROUP BY, DISTINCT,
// ORDER BY or LIMIT whose every select-list item is in the subset below is
// answered by the gateway itself (ConstSelect.Eval), because a round trip
// to the warehouse for `SELECT 1` is most of a prepared statement's time.
// The subset is small and exact: for each item, the result PostgreSQL 15
// gives — type, type modifier (always -1 here), value and column name (the
// binder's) — is reproduced; gateway/fastpath_pg_test.go compares every
// shape with a real PostgreSQL 15, in text and binary. An item outside it
// sends the whole statement to the warehouse, unchanged.
//
// The subset, by result type (int2 int4 int8 bool text varchar numeric
// float8, the only types of the subset):
//   - literals: integers (int4 when they fit, else int8, else numeric, as
//     PostgreSQL's make_const), TRUE/FALSE, string literals (text), NULL
//     (text), decimals written canonically (-?(0|[1-9][0-9]*)(.[0-9]+)?,
//     kept as numeric text, -0.0 printed 0.0);
//   - $n, typed as the statement's parameter (one of the subset's types);
//   - CAST(x AS t) / x::t with t a subset type without modifiers, for the
//     casts listed in castable: a string literal is read by t's input
//     function (integers and booleans as PostgreSQL 15 reads them, numeric
//     and float8 only in canonical decimal form); integers convert between
//     widths with PostgreSQL's range errors and to numeric, float8 and
//     text; booleans to text; numeric to float8 and text;
//   - + - * / % on integers and unary - and +, typed as PostgreSQL's
//     integer operators (the wider operand's type), with its errors: 22003
//     "integer out of range" (smallint, bigint), 22012 "division by zero".
//
// A string that a type's input function would refuse, or a value whose
// form the subset does not read exactly (1e3, .5, a float8 NaN), is not
// evaluated: ErrNotConstant, and the statement goes to the warehouse.

// ErrNotConstant is what Eval returns for a value outside the subset; the
// caller then runs the statement on the warehouse.
var ErrNotConstant = errors.New("planner: not a constant of the evaluated subset")

// ConstColumn is one result column of a constant SELECT.
type ConstColumn struct {
	Name string
	Type plan.Type // one of the subset's types, without modifiers
}

// ConstSelect is a constant SELECT: its columns are known at Parse and its
// one row is computed without the warehouse.
type ConstSelect struct {
	Columns []ConstColumn
	exprs   []plan.Expr
	// NumParams is how many parameters Eval needs.
	NumParams int
}

// ConstantSelect returns q as a constant SELECT when its shape and every
// select-list item are in the subset; params are the statement's
// parameter types, $1 first (the client's where it sent them).
func ConstantSelect(q *Query, params []plan.Type) (*ConstSelect, bool) {
	if q == nil || q.Temp {
		return nil, false
	}
	proj, ok := q.Root.(*plan.Project)
	if !ok || !isOneRow(proj.Input) || len(proj.Exprs) != len(q.Columns) || len(proj.Exprs) == 0 {
		return nil, false
	}
	out := &ConstSelect{exprs: proj.Exprs, NumParams: len(params)}
	for i, e := range proj.Exprs {
		t, ok := constType(e, params)
		if !ok {
			return nil, false
		}
		out.Columns = append(out.Columns, ConstColumn{Name: q.Columns[i].Name, Type: resolved(t)})
	}
	if len(params) == 0 {
		// A literal the subset cannot read ('x'::int4) sends the whole
		// statement to the warehouse now, not at each Bind.
		if _, err := out.Eval(nil); errors.Is(err, ErrNotConstant) {
			return nil, false
		}
	}
	return out, true
}

// isOneRow reports whether n is the one empty row of a SELECT without FROM.
func isOneRow(n plan.Node) bool {
	v, ok := n.(*plan.Values)
	return ok && len(v.Rows) == 1 && len(v.Rows[0]) == 0 && len(v.Cols) == 0
}

// Eval computes the row. values are the parameters' bound literals, as
// plan.Bind takes them (nil when there are none). An error is PostgreSQL's
// (22003, 22012) or ErrNotConstant.
func (c *ConstSelect) Eval(values []plan.Expr) ([]any, error) {
	if len(values) != c.NumParams {
		return nil, ErrNotConstant
	}
	row := make([]any, len(c.exprs))
	for i, e := range c.exprs {
		v, err := evalConst(e, values)
		if err != nil {
			return nil, err
		}
		if resolved(v.typ) != c.Columns[i].Type {
			return nil, ErrNotConstant // a bound value typed otherwise than at Parse
		}
		row[i] = v.val
	}
	return row, nil
}

// unknown is the type of a string literal or NULL not yet resolved; a
// select-list item of this type is text, as in PostgreSQL 10 and later.
const unknown plan.Type = "unknown"

func resolved(t plan.Type) plan.Type {
	if t == unknown {
		return "text"
	}
	return t
}

// subsetTypes are the types a value of the subset can have.
var subsetTypes = map[plan.Type]bool{
	"int2": true, "int4": true, "int8": true, "bool": true, "text": true,
	"varchar": true, "numeric": true, "float8": true,
}

func isInteger(t plan.Type) bool { return t == "int2" || t == "int4" || t == "int8" }

// castable lists, per source type, the target types whose cast the
// subset evaluates.
var castable = map[plan.Type]map[plan.Type]bool{
	unknown:   {"int2": true, "int4": true, "int8": true, "bool": true, "text": true, "varchar": true, "numeric": true, "float8": true},
	"int2":    {"int2": true, "int4": true, "int8": true, "text": true, "varchar": true, "numeric": true, "float8": true},
	"int4":    {"int2": true, "int4": true, "int8": true, "text": true, "varchar": true, "numeric": true, "float8": true},
	"int8":    {"int2": true, "int4": true, "int8": true, "text": true, "varchar": true, "numeric": true, "float8": true},
	"bool":    {"bool": true, "text": true, "varchar": true},
	"text":    {"text": true, "varchar": true},
	"varchar": {"text": true, "varchar": true},
	"numeric": {"numeric": true, "text": true, "varchar": true, "float8": true},
	"float8":  {"float8": true},
}

// constType is the type of e when e is in the subset.
func constType(e plan.Expr, params []plan.Type) (plan.Type, bool) {
	switch e := e.(type) {
	case *plan.Const:
		return literalType(e)
	case *plan.Param:
		if e.N < 1 || e.N > len(params) || !subsetTypes[params[e.N-1]] {
			return "", false
		}
		return params[e.N-1], true
	case *plan.Cast:
		from, ok := constType(e.X, params)
		if !ok || !castable[from][e.Type] {
			return "", false
		}
		return e.Type, true
	case *plan.Op:
		return opType(e, params)
	}
	return "", false
}

// literalType types a literal as PostgreSQL's make_const does.
func literalType(c *plan.Const) (plan.Type, bool) {
	switch v := c.Value.(type) {
	case nil:
		return unknown, c.Type == ""
	case bool:
		return "bool", true
	case int64:
		if v >= -1<<31 && v < 1<<31 {
			return "int4", true // -2147483648 arrives as int8 text
		}
		return "int8", true
	case string:
		switch c.Type {
		case "":
			return unknown, true
		case "numeric":
			_, ok := canonicalNumeric(v)
			return "numeric", ok
		}
	}
	return "", false
}

func opType(e *plan.Op, params []plan.Type) (plan.Type, bool) {
	if !strings.Contains("+-*/%", e.Op) || len(e.Op) != 1 || len(e.Args) == 0 || len(e.Args) > 2 {
		return "", false
	}
	if len(e.Args) == 1 && e.Op != "-" && e.Op != "+" {
		return "", false
	}
	var out plan.Type
	for _, a := range e.Args {
		t, ok := constType(a, params)
		if !ok || !isInteger(t) {
			return "", false
		}
		out = wider(out, t)
	}
	return out, true
}

// wider is the type of an integer operator over a and b ("" for none).
func wider(a, b plan.Type) plan.Type {
	rank := map[plan.Type]int{"": 0, "int2": 1, "int4": 2, "int8": 3}
	if rank[b] > rank[a] {
		return b
	}
	return a
}
