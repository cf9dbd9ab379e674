package gateway

import (
	"context"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"

	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/warehouse"
)

// A multi-row INSERT INTO t VALUES (...), ... of constants (pandas'
// to_sql, execute_values, SQLAlchemy's insertmanyvalues) goes to the
// warehouse's text loader like a COPY, rather than as a printed VALUES
// list the warehouse parses and plans again: each item whose meaning as
// text is certain becomes the text its target column's input function
// reads, which is what INSERT's assignment to that column does with it.
// A list with any other item (an expression, a cast to another type, a
// decimal into an integer column, which INSERT rounds and input refuses)
// takes the printed path.

// loadTempValues loads an INSERT's VALUES through the loader; ok is false
// when the statement is not one it can load.
func (s *Session) loadTempValues(ctx context.Context, conn warehouse.Session, t *planner.Temp) (n int64, ok bool, err error) {
	tl, isLoader := conn.(warehouse.TextLoader)
	v, isValues := t.Query.Root.(*plan.Values)
	if !isLoader || !isValues || len(v.Rows) == 0 {
		return 0, false, nil
	}
	cells := make([]*string, len(v.Rows)*len(v.Cols))
	for r, row := range v.Rows {
		if len(row) != len(v.Cols) {
			return 0, false, nil
		}
		for i, e := range row {
			text, fits := loadText(e, v.Cols[i].Type)
			if !fits {
				return 0, false, nil
			}
			cells[r*len(v.Cols)+i] = text
		}
	}
	next := 0
	src := func(out []*string) (bool, error) {
		if next == len(cells) {
			return false, nil
		}
		copy(out, cells[next:next+len(out)])
		next += len(out)
		return true, nil
	}
	n, err = tl.LoadText(ctx, t.Name, t.Targets, src)
	if err != nil {
		var le *warehouse.LoadError
		if errors.As(err, &le) {
			err = le.Err // as the INSERT would have failed: no COPY context
		}
		return 0, true, s.queryError(ctx, err)
	}
	return n, true, nil
}

// loadText is the text an INSERT's VALUES item assigns to a column of
// type target (the binder's cast to it around the item), nil for NULL;
// fits is false when the item's text is not known to mean that.
func loadText(e plan.Expr, target plan.Type) (text *string, fits bool) {
	if c, ok := e.(*plan.Cast); ok && c.Type == target {
		e = c.X
	}
	switch x := e.(type) {
	case *plan.Const:
		return constLoadText(x, target)
	case *plan.Cast:
		// 'text'::T, and a bound parameter of type T, into a T column.
		k, isConst := x.X.(*plan.Const)
		if !isConst || x.Type != target {
			return nil, false
		}
		if k.Value == nil {
			return nil, true
		}
		return constLoadText(k, target)
	}
	return nil, false
}

// constLoadText is a constant's text for a column of type target: a
// quoted literal's own text (an untyped literal takes the column's input
// function in an INSERT), a NULL, integers into number columns, decimals
// into non-integer number columns, booleans into bool, bytes into bytea.
func constLoadText(k *plan.Const, target plan.Type) (*string, bool) {
	base, _, _ := strings.Cut(string(target), "(")
	var s string
	switch v := k.Value.(type) {
	case nil:
		return nil, true
	case string:
		switch {
		case k.Type == "" || k.Type == target:
		case k.Type == "numeric" && decimalTargets[base]:
		default:
			return nil, false
		}
		return &v, true
	case int64:
		if !integerTargets[base] {
			return nil, false
		}
		s = strconv.FormatInt(v, 10)
	case bool:
		if base != "bool" {
			return nil, false
		}
		s = strconv.FormatBool(v)
	case []byte:
		if base != "bytea" {
			return nil, false
		}
		s = `\x` + hex.EncodeToString(v)
	default:
		return nil, false
	}
	return &s, true
}

// integerTargets take an integer constant's decimal text as INSERT does;
// decimalTargets a decimal literal's.
var (
	integerTargets = map[string]bool{"int2": true, "int4": true, "int8": true, "numeric": true, "float4": true, "float8": true}
	decimalTargets = map[string]bool{"numeric": true, "float4": true, "float8": true}
)
