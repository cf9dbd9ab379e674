package testenv

import (
	"cmp"
	"fmt"
	"time"

	"github.com/pitgate/pitgate/internal/datagen"
	"github.com/pitgate/pitgate/registry"
)

// LatestRow is what the online store should hold for one entity key.
type LatestRow struct {
	EventTS time.Time
	Created time.Time // zero when NULL
	Values  []any     // per feature of the view, in its order
}

// Latest computes by brute force, for a demo feature view with a one-column
// key over a table of cfg's data, the latest row per key with event time
// before end: greatest event time, then greatest created (NULL losing), then
// the features in order, greatest first, NULL losing (DESIGN §2.2). Rows
// with a NULL key are left out.
func Latest(cfg datagen.Config, v *registry.FeatureView, end time.Time) map[any]LatestRow {
	tab := DemoTables(cfg)[v.Source.Table]
	col := func(name string) int {
		for i, c := range tab.Cols {
			if c == name {
				return i
			}
		}
		panic(fmt.Sprintf("%s has no column %s", v.Source.Table, name))
	}
	key, ts := col(v.Source.Column(v.JoinKeys()[0])), col(v.Source.TimestampField)
	created := -1
	if v.Source.CreatedTimestampField != "" {
		created = col(v.Source.CreatedTimestampField)
	}
	best := map[any]LatestRow{}
	for _, r := range tab.Rows {
		t, ok := r[ts].(time.Time)
		if r[key] == nil || !ok || !t.Before(end) {
			continue
		}
		row := LatestRow{EventTS: t, Values: make([]any, len(v.Features))}
		if created >= 0 {
			row.Created, _ = r[created].(time.Time)
		}
		for i, f := range v.Features {
			row.Values[i] = r[col(v.Source.Column(f.Name))]
		}
		if old, ok := best[r[key]]; !ok || latestFirst(row, old) {
			best[r[key]] = row
		}
	}
	return best
}

func latestFirst(a, b LatestRow) bool {
	if c := a.EventTS.Compare(b.EventTS); c != 0 {
		return c > 0
	}
	if c := compareNullsLow(timeOrNil(a.Created), timeOrNil(b.Created)); c != 0 {
		return c > 0
	}
	for i := range a.Values {
		if c := compareNullsLow(a.Values[i], b.Values[i]); c != 0 {
			return c > 0
		}
	}
	return false
}

func timeOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

func compareNullsLow(a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	switch x := a.(type) {
	case int64:
		return cmp.Compare(x, b.(int64))
	case float64:
		return cmp.Compare(x, b.(float64))
	case string:
		return cmp.Compare(x, b.(string))
	case time.Time:
		return x.Compare(b.(time.Time))
	}
	panic(fmt.Sprintf("cannot compare %T", a))
}
