package online_test

import (
	"context"
	"testing"
	"time"

	"github.com/pitgate/pitgate/internal/pitref"
	"github.com/pitgate/pitgate/warehouse"
)

// tieRows exercise each step of the tie rule; the comment says who wins.
func tieRows() [][]any {
	h := func(n int) time.Time { return day1.Add(time.Duration(n) * time.Hour) }
	return [][]any{
		// tie_id, ts, created, f_src, label, n
		{int64(1), h(5), h(6), 0.9, "z", int64(9)}, {int64(1), h(5), h(7), 0.1, "a", int64(1)}, // later created
		{int64(2), h(5), nil, 0.9, "z", int64(9)}, {int64(2), h(5), h(6), 0.1, "a", int64(1)}, // a created beats none
		{int64(3), h(5), h(6), 0.5, "z", int64(9)}, {int64(3), h(5), h(6), 0.7, "a", int64(1)}, // greater f
		{int64(4), h(5), h(6), 0.5, "B", int64(9)}, {int64(4), h(5), h(6), 0.5, "a", int64(1)}, // 'a' > 'B' byte-wise
		{int64(5), h(5), h(6), nil, "z", int64(9)}, {int64(5), h(5), h(6), -1.0, "a", int64(1)}, // NULL f loses
		{int64(6), h(5), nil, 0.5, "a", nil}, {int64(6), h(5), nil, 0.5, "a", int64(3)}, // NULL n loses
		{nil, h(9), h(9), 1.0, "null key", int64(1)}, // names no entity
		{int64(8), nil, h(9), 1.0, "null ts", int64(1)}, {int64(8), h(2), nil, 0.2, "older", int64(2)},
		{int64(9), h(3), h(99), 0.3, "early", int64(3)}, {int64(9), h(4), h(4), 0.4, "late", int64(4)}, // time first
	}
}

var tieCols = []warehouse.Column{
	{Name: "tie_id", Type: "int8"}, {Name: "ts", Type: "timestamptz"}, {Name: "created", Type: "timestamptz"},
	{Name: "f_src", Type: "float8"}, {Name: "label", Type: "text"}, {Name: "n", Type: "int8"},
}

// loadTies writes tie_stats into the warehouse and the reference tables.
func loadTies(t *testing.T, wh warehouse.Warehouse, tables map[string]*pitref.Table) {
	rows := tieRows()
	i := 0
	_, err := wh.Load(context.Background(), []string{"tie_stats"}, tieCols, func(row []any) (bool, error) {
		if i == len(rows) {
			return false, nil
		}
		copy(row, rows[i])
		i++
		return true, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ref := &pitref.Table{Rows: rows}
	for _, c := range tieCols {
		ref.Cols = append(ref.Cols, c.Name)
	}
	tables["tie_stats"] = ref
}
