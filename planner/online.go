package planner

import (
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/registry"
)

// Online serving statements (DESIGN §2.3): lookups of online.<view|service>,
// pushes into online.<view> and CALL pitgate.materialize*. The binder
// recognises them (binder.statement) and describes each in a small bound
// form that the gateway runs against the online store — no plan, no
// warehouse. Their constants and parameters stay plan expressions
// (plan.Const, plan.Param, casts of them, arrays of them, now()) until Bind
// substitutes the parameters; the gateway then converts each to the Go value
// of its column's type.

// Lookup is a bound SELECT of online.<view> or online.<service>.
type Lookup struct {
	// Relation is the name after "online."; View or Service is set.
	Relation string
	View     *registry.FeatureView
	Service  *registry.FeatureService
	// Keys are the relation's join keys, typed as their source columns
	// ("" when the warehouse cannot tell).
	Keys []plan.Column
	// Views are the feature views read: the view itself, or the service's
	// views in the service's order.
	Views []LookupView
	// Columns are the result's columns, in select-list order.
	Columns []LookupColumn
	// Request is the entity keys asked for.
	Request Request
	// Limit and Offset are constants or parameters; nil when absent.
	Limit, Offset plan.Expr
	// Params is the type of each $n, $1 first; nil when there are none.
	Params []plan.Type
}

// LookupView is one feature view a lookup reads.
type LookupView struct {
	View *registry.FeatureView
	// Keys maps each of View.JoinKeys() to its index in Lookup.Keys.
	Keys []int
}

// ColumnSource says where a lookup's output column comes from.
type ColumnSource int

const (
	// SourceKey is Lookup.Keys[Index], echoing the requested key.
	SourceKey ColumnSource = iota
	// SourceEventTime is the event time of the row of Views[View]; View is
	// -1 for a service's event_timestamp: the oldest of its views' rows.
	// NULL where no row was found.
	SourceEventTime
	// SourceFeature is feature Index of Views[View].View.Features; NULL where
	// no row was found or the row is older than the view's ttl.
	SourceFeature
	// SourceEntityRow is column Index of the VALUES entity rows.
	SourceEntityRow
)

// LookupColumn is one output column of a lookup.
type LookupColumn struct {
	Name   string
	Type   plan.Type
	Source ColumnSource
	View   int
	Index  int
}

// Request is the entity keys a lookup asks for, in request order.
type Request struct {
	// Sets is the WHERE form: for each of Lookup.Keys the values it takes
	// (= gives one, IN several, = ANY an array's elements); the requested
	// keys are their cross product, the first key varying slowest.
	Sets []KeySet
	// Rows is the VALUES form: the entity rows with all their columns;
	// KeyColumns[i] is the column holding Lookup.Keys[i].
	Rows       [][]plan.Expr
	KeyColumns []int
	// RowTypes is the type of each entity row column.
	RowTypes []plan.Type
	// Outer is LEFT JOIN: an entity row with a NULL key is kept, with NULL
	// in every column of the online relation (a JOIN drops it).
	Outer bool
}

// KeySet is the values one join key takes in a WHERE lookup.
type KeySet struct {
	Values []plan.Expr
	// Array, when set, is an array whose every element is a value (= ANY).
	Array plan.Expr
}

// Push is a bound INSERT INTO online.<view>.
type Push struct {
	View *registry.FeatureView
	// KeyTypes and TSType are the types of the view's join keys and of its
	// event_timestamp, as their source columns ("" when unknown).
	KeyTypes []plan.Type
	TSType   plan.Type
	Rows     []PushRow
	Params   []plan.Type
}

// PushRow is one row of a push, its values still expressions.
type PushRow struct {
	// Keys has one expression per join key, in JoinKeys() order.
	Keys    []plan.Expr
	EventTS plan.Expr
	// Values has one expression per feature of the view, in the view's
	// order; nil for a column the INSERT did not list (NULL).
	Values []plan.Expr
}

// Procedures of CALL.
const (
	ProcMaterialize            = "materialize"
	ProcMaterializeIncremental = "materialize_incremental"
)

// Call is a bound CALL pitgate.materialize(view, start[, end]) or
// CALL pitgate.materialize_incremental([view]).
type Call struct {
	Procedure string
	// View is the view's name expression: text, or NULL for every online view.
	// nil when absent.
	View plan.Expr
	// Start and End are timestamptz expressions; nil when absent (End: now).
	Start, End plan.Expr
	Params     []plan.Type
}

// Bind returns l with every parameter replaced by values[N-1]; l itself is
// not changed, so a prepared lookup is bound again by the next Bind.
func (l *Lookup) Bind(values []plan.Expr) *Lookup {
	if len(values) == 0 {
		return l
	}
	out := *l
	out.Request.Sets = make([]KeySet, len(l.Request.Sets))
	for i, s := range l.Request.Sets {
		out.Request.Sets[i] = KeySet{Values: bindExprs(s.Values, values), Array: bindExpr(s.Array, values)}
	}
	if l.Request.Rows != nil {
		out.Request.Rows = make([][]plan.Expr, len(l.Request.Rows))
		for i, r := range l.Request.Rows {
			out.Request.Rows[i] = bindExprs(r, values)
		}
	}
	out.Limit, out.Offset = bindExpr(l.Limit, values), bindExpr(l.Offset, values)
	return &out
}

// Bind returns p with every parameter replaced by values[N-1].
func (p *Push) Bind(values []plan.Expr) *Push {
	if len(values) == 0 {
		return p
	}
	out := *p
	out.Rows = make([]PushRow, len(p.Rows))
	for i, r := range p.Rows {
		out.Rows[i] = PushRow{Keys: bindExprs(r.Keys, values), EventTS: bindExpr(r.EventTS, values),
			Values: bindExprs(r.Values, values)}
	}
	return &out
}

// Bind returns c with every parameter replaced by values[N-1].
func (c *Call) Bind(values []plan.Expr) *Call {
	if len(values) == 0 {
		return c
	}
	out := *c
	out.View, out.Start, out.End = bindExpr(c.View, values), bindExpr(c.Start, values), bindExpr(c.End, values)
	return &out
}

func bindExprs(es []plan.Expr, values []plan.Expr) []plan.Expr {
	if es == nil {
		return nil
	}
	out := make([]plan.Expr, len(es))
	for i, e := range es {
		out[i] = bindExpr(e, values)
	}
	return out
}

// bindExpr substitutes parameters in the expressions online statements
// accept (onlineValue): parameters, casts and arrays of them.
func bindExpr(e plan.Expr, values []plan.Expr) plan.Expr {
	switch x := e.(type) {
	case *plan.Param:
		if x.N >= 1 && x.N <= len(values) {
			return values[x.N-1]
		}
	case *plan.Cast:
		if in := bindExpr(x.X, values); in != x.X {
			return &plan.Cast{X: in, Type: x.Type}
		}
	case *plan.Array:
		elems := bindExprs(x.Elems, values)
		return &plan.Array{Elems: elems}
	}
	return e
}

// onlineValue reports whether e is a value an online statement can take: a
// literal, a parameter, now() or CURRENT_TIMESTAMP and the like, or casts
// and arrays of these.
func onlineValue(e plan.Expr) bool {
	switch x := e.(type) {
	case *plan.Const, *plan.Param, *plan.Special:
		return true
	case *plan.Cast:
		return onlineValue(x.X)
	case *plan.Array:
		for _, el := range x.Elems {
			if !onlineValue(el) {
				return false
			}
		}
		return true
	case *plan.Func:
		return (x.Name == "now" || x.Name == "transaction_timestamp" || x.Name == "statement_timestamp" ||
			x.Name == "clock_timestamp") && len(x.Args) == 0 && x.Over == nil
	}
	return false
}
