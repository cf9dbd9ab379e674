package gateway

import (
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/planner"
)

// bindOnline is an online statement with its parameters substituted; ok
// is false for other statements.
func bindOnline(st *planner.Statement, values []plan.Expr) (*planner.Statement, bool) {
	if st == nil || (st.Online == nil && st.Push == nil && st.Call == nil) {
		return nil, false
	}
	bound := *st
	switch {
	case st.Online != nil:
		bound.Online = st.Online.Bind(values)
	case st.Push != nil:
		bound.Push = st.Push.Bind(values)
	default:
		bound.Call = st.Call.Bind(values)
	}
	return &bound, true
}

// onlineParams is the parameter types of an online statement, nil for
// other statements and for one without parameters.
func onlineParams(st *planner.Statement) []plan.Type {
	switch {
	case st.Online != nil:
		return st.Online.Params
	case st.Push != nil:
		return st.Push.Params
	case st.Call != nil:
		return st.Call.Params
	}
	return nil
}
