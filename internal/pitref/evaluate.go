package pitref

import "time"

// Evaluate applies joins to left, in order, and returns a new table: left's
// columns, then each join's features named Prefix+feature. Row order is
// left's; inputs are not modified.
func Evaluate(left *Table, joins ...Join) *Table {
	cur := &Table{Cols: append([]string(nil), left.Cols...)}
	for _, row := range left.Rows {
		cur.Rows = append(cur.Rows, append([]any(nil), row...))
	}
	for _, j := range joins {
		cur = evaluateOne(cur, j)
	}
	return cur
}

// boundJoin is a Join with its column names resolved to indexes.
type boundJoin struct {
	Join
	leftKeys, rightKeys []int
	leftTS, rightTS     int
	created             int // -1 when the join has no created column
	features            []int
}

func bind(left *Table, j Join) boundJoin {
	b := boundJoin{Join: j, created: -1}
	for _, k := range j.Keys {
		b.leftKeys = append(b.leftKeys, colIndex(left, k.Left))
		b.rightKeys = append(b.rightKeys, colIndex(j.Right, k.Right))
	}
	b.leftTS = colIndex(left, j.LeftTS)
	b.rightTS = colIndex(j.Right, j.RightTS)
	if j.Created != "" {
		b.created = colIndex(j.Right, j.Created)
	}
	if j.KnownAt && j.Created == "" {
		panic("pitref: KnownAt needs a Created column")
	}
	for _, f := range j.Features {
		b.features = append(b.features, colIndex(j.Right, f))
	}
	return b
}

func evaluateOne(left *Table, j Join) *Table {
	b := bind(left, j)
	out := &Table{Cols: append([]string(nil), left.Cols...)}
	for _, f := range j.Features {
		out.Cols = append(out.Cols, j.Prefix+f)
	}
	for _, l := range left.Rows {
		winner := b.winner(l)
		if winner == nil && j.Inner {
			continue
		}
		row := append([]any(nil), l...)
		for _, fi := range b.features {
			if winner == nil {
				row = append(row, nil)
			} else {
				row = append(row, winner[fi])
			}
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}

// winner scans every right row and keeps the greatest candidate; nil when
// there is none.
func (b boundJoin) winner(l []any) []any {
	var best []any
	for _, r := range b.Right.Rows {
		if b.isCandidate(l, r) && (best == nil || b.beats(r, best)) {
			best = r
		}
	}
	return best
}

func (b boundJoin) isCandidate(l, r []any) bool {
	for i := range b.leftKeys {
		if !keysEqual(l[b.leftKeys[i]], r[b.rightKeys[i]]) {
			return false
		}
	}
	lt, ok := timeValue(l[b.leftTS], b.LeftTS)
	if !ok {
		return false
	}
	rt, ok := timeValue(r[b.rightTS], b.RightTS)
	if !ok {
		return false
	}
	if b.Strict && !rt.Before(lt) || !b.Strict && rt.After(lt) {
		return false
	}
	if b.TTL > 0 && rt.Before(lt.Add(-b.TTL)) {
		return false
	}
	return !b.KnownAt || b.knownBy(r, lt)
}

func (b boundJoin) knownBy(r []any, lt time.Time) bool {
	created, ok := timeValue(r[b.created], b.Created)
	return ok && !created.After(lt)
}

// beats reports whether candidate r is strictly greater than candidate best
// under the winner order of the package doc.
func (b boundJoin) beats(r, best []any) bool {
	order := []int{b.rightTS}
	if b.created >= 0 {
		order = append(order, b.created)
	}
	order = append(order, b.features...)
	for _, i := range order {
		if c := compareNullsLow(r[i], best[i]); c != 0 {
			return c > 0
		}
	}
	return false
}
