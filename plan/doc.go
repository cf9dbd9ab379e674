// Package plan is pitgate's logical plan: relational operators (Table,
// Project, Filter, Join, PITJoin, Aggregate, Sort, Limit, Distinct, Values,
// SetOp) over expressions (ColRef, Const, Param, Op, Func, Cast, Case, ...).
//
// It is a leaf: it imports nothing of pitgate's. The planner builds plans;
// the dialects print them as SQL; EXPLAIN formats them with Format.
// RewriteExprs (rewrite.go) is the one tree rewrite: pure, copying only the
// nodes on the path to what changed; Bind (bind.go) uses it to replace the
// client's $n by values when a prepared statement is bound.
//
// Invariants: every column a node outputs has a ColumnID unique within the
// plan, and an expression names a column only by that ID, never by a name,
// so printing can rename and wrap freely without capturing aliases. A PITJoin
// carries the whole point-in-time contract of DESIGN §2.2 (keys, inequality,
// ttl, created tie-break, known_at, final tie-break columns); no other node
// has time semantics.
package plan
