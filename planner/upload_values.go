package planner

import (
	"encoding/hex"
	"math"
	"strconv"

	"github.com/pitgate/pitgate/plan"
)

// Entity rows supplied by the client: a feature query whose left side is
// a VALUES list (or a CTE over one) of tens of thousands of rows is
// cheaper to run, and on BigQuery and Snowflake only possible (their
// statements are limited to 1 MB and 1 MB of text), when the rows go to
// a table first and the query reads that table. The gateway uploads them;
// this file finds the lists worth uploading, types their columns, and
// rewrites the plan to scan the table instead.

// UploadValues is a VALUES list of a plan that can be uploaded: every
// cell is a literal whose text goes into a column of Cols' type exactly
// as the warehouse would read the literal inline.
type UploadValues struct {
	Node *plan.Values
	Cols []UploadColumn
	// Cells holds, per row and column, the literal's text (PostgreSQL's
	// text input form: bytea as \x hex, bool as true/false), nil for NULL.
	Cells [][]*string
}

// UploadColumn is a column of an upload table: a name unique in the
// table and a PostgreSQL type name.
type UploadColumn struct{ Name, Type string }

// uploadTypes are the column types a literal may be uploaded as: each is
// read from its text the same way by a warehouse's input function (COPY)
// and by its cast of a literal. Others (numeric, whose unconstrained
// form each warehouse scales its own way; varchar(n), which a cast
// truncates and COPY refuses; interval; arrays) stay inline.
var uploadTypes = map[string]bool{
	"bool": true, "int2": true, "int4": true, "int8": true, "float4": true, "float8": true,
	"text": true, "date": true, "timestamp": true, "timestamptz": true, "uuid": true, "bytea": true,
}

// UploadableValues returns the VALUES lists in root's FROM tree (not in
// subqueries of expressions) with at least minCells cells (rows ×
// columns) that can be uploaded. A list with a cell that is not a
// literal (a function call, a column of an outer query), a column whose
// literals have different types, or a column of a type outside
// uploadTypes stays inline: the warehouse then resolves it as it always
// does.
func UploadableValues(root plan.Node, minCells int) []*UploadValues {
	var out []*UploadValues
	var walk func(n plan.Node)
	walk = func(n plan.Node) {
		if v, ok := n.(*plan.Values); ok {
			if len(v.Rows)*len(v.Cols) >= minCells && len(v.Cols) > 0 {
				if u := uploadable(v); u != nil {
					out = append(out, u)
				}
			}
			return
		}
		for _, c := range n.Children() {
			walk(c)
		}
	}
	walk(root)
	return out
}

func uploadable(v *plan.Values) *UploadValues {
	u := &UploadValues{Node: v, Cols: make([]UploadColumn, len(v.Cols)), Cells: make([][]*string, len(v.Rows))}
	seen := map[string]bool{}
	for i, c := range v.Cols {
		if seen[c.Name] {
			return nil
		}
		seen[c.Name] = true
		u.Cols[i].Name = c.Name
	}
	kinds := make([]columnKind, len(v.Cols))
	for r, row := range v.Rows {
		if len(row) != len(v.Cols) {
			return nil
		}
		cells := make([]*string, len(row))
		for i, e := range row {
			text, typ, ok := literalText(e)
			if !ok || !kinds[i].add(typ, text) {
				return nil
			}
			cells[i] = text
		}
		u.Cells[r] = cells
	}
	for i := range u.Cols {
		t, ok := kinds[i].resolve()
		if !ok {
			return nil
		}
		u.Cols[i].Type = t
	}
	return u
}

// columnKind accumulates the types of one column's literals.
type columnKind struct {
	typ      string // the one type seen, "" before any typed literal
	integers bool   // every typed literal is an integer literal
	wide     bool   // an integer literal outside int4
	untyped  bool   // a quoted literal without a type
}

const integerLiteral = "integer literal"

func (k *columnKind) add(typ string, text *string) bool {
	switch {
	case text == nil:
		return true // NULL fits any type
	case typ == "":
		k.untyped = true
		return true // 'text': PostgreSQL coerces it to the column's type
	case typ == integerLiteral:
		if n, _ := strconv.ParseInt(*text, 10, 64); n < math.MinInt32 || n > math.MaxInt32 {
			k.wide = true
		}
		if k.typ == "" {
			k.typ, k.integers = typ, true
		}
		return k.integers
	}
	if k.typ == "" {
		k.typ = typ
	}
	return k.typ == typ
}

// resolve is the column's type as the warehouse would infer it for the
// VALUES list: integer literals are int4, or int8 when one is wider (as
// PostgreSQL and DuckDB type them); quoted literals alone are text.
func (k *columnKind) resolve() (string, bool) {
	switch {
	case k.integers && k.untyped:
		return "", false // PostgreSQL reads the quoted ones as integers, DuckDB refuses
	case k.integers && k.wide:
		return "int8", true
	case k.integers:
		return "int4", true
	case k.typ == "" && k.untyped:
		return "text", true
	case k.typ == "":
		return "", false // NULLs only: each warehouse picks its own type
	}
	return k.typ, uploadTypes[k.typ]
}

// literalText is a cell's text and type: an integer, boolean or quoted
// literal, possibly cast (then the cast's type). ok is false for any
// other expression.
func literalText(e plan.Expr) (text *string, typ string, ok bool) {
	switch x := e.(type) {
	case *plan.Const:
		return uploadConstText(x)
	case *plan.Cast:
		c, isConst := x.X.(*plan.Const)
		if !isConst {
			return nil, "", false
		}
		if d, isDecimal := c.Value.(string); isDecimal && c.Type == "numeric" && (x.Type == "float8" || x.Type == "float4") {
			// 0.5::float8: a float reads the decimal's text as the cast does.
			return &d, string(x.Type), true
		}
		text, _, ok := uploadConstText(c)
		return text, string(x.Type), ok
	}
	return nil, "", false
}

func uploadConstText(c *plan.Const) (*string, string, bool) {
	var s string
	switch v := c.Value.(type) {
	case nil:
		return nil, "", true
	case int64:
		s = strconv.FormatInt(v, 10)
		return &s, integerLiteral, true
	case bool:
		s = strconv.FormatBool(v)
		return &s, "bool", true
	case string:
		if c.Type != "" {
			return nil, "", false // a decimal literal, or a typed constant the binder made
		}
		return &v, "", true
	case []byte:
		s = `\x` + hex.EncodeToString(v)
		return &s, "bytea", true
	}
	return nil, "", false
}

// ReplaceValues returns root with each VALUES node that tables names
// replaced by a scan of the named table, whose columns are the list's
// (same IDs and names). root is not modified: only the path down to each
// replaced node is copied.
func ReplaceValues(root plan.Node, tables map[*plan.Values]*plan.Table) plan.Node {
	if len(tables) == 0 {
		return root
	}
	return plan.ReplaceNodes(root, func(n plan.Node) plan.Node {
		if v, ok := n.(*plan.Values); ok {
			if t, ok := tables[v]; ok {
				return t
			}
		}
		return nil
	})
}
