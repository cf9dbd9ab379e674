package dialects

import "github.com/pitgate/pitgate/plan"

// matchConditionJoiner is a dialect whose ASOF join puts the time
// inequality in MATCH_CONDITION (left.ts >= right.ts) and keeps every left
// row (Snowflake), where DuckDB writes it in ON and has an inner form.
type matchConditionJoiner interface {
	MatchConditionASOF()
}

func (Snowflake) MatchConditionASOF() {}

// NativePIT reports whether n is lowered with Snowflake's ASOF JOIN after
// removing ties (pitNative): Snowflake leaves the pick among equal times
// undefined, and the untied right has one row per (keys, ts). Snowflake
// accepts only table.col = table.col in ON and a column on each side of
// MATCH_CONDITION, so joins whose left keys or time are expressions keep
// the window strategy, as do known_at joins (see DuckDB.NativePIT).
func (d Snowflake) NativePIT(n *plan.PITJoin) bool {
	if d.Window || n.KnownAt || !isColRef(n.LeftTS) {
		return false
	}
	for _, k := range n.Keys {
		if !isColRef(k.Left) {
			return false
		}
	}
	return true
}

func isColRef(e plan.Expr) bool {
	_, ok := e.(*plan.ColRef)
	return ok
}
