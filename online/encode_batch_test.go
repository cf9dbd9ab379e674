package online_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/online/onlinetest"
	"github.com/pitgate/pitgate/registry"
)

// The write path's batch encoding must produce EncodeRows's bytes: blobs
// written by either compare by the same rule.
func TestEncodeBatchMatchesEncodeRows(t *testing.T) {
	ts := onlinetest.T0.Add(987654 * time.Microsecond)
	cases := []struct {
		v    *registry.FeatureView
		rows []online.Row
	}{
		{onlinetest.Stats, []online.Row{
			{Key: online.Key{int64(3)}, EventTS: ts, Values: []any{1.5, int64(7), "x"}},
			{Key: online.Key{int32(1)}, EventTS: ts, Created: ts.Add(time.Second), Values: []any{nil, nil, nil}},
			{Key: online.Key{int64(3)}, EventTS: ts.Add(time.Hour), Values: []any{-0.0, int64(-1), ""}},
		}},
		{onlinetest.Zones, []online.Row{
			{Key: online.Key{int64(1), "north"}, EventTS: ts, Values: []any{int64(4)}},
			{Key: online.Key{int64(1), "east"}, EventTS: ts, Values: []any{nil}},
		}},
		{onlinetest.Types, []online.Row{typesRow(ts), {Key: online.Key{int64(2)}, EventTS: ts,
			Values: make([]any, len(onlinetest.Types.Features))}}},
	}
	for _, c := range cases {
		want, err := online.EncodeRows(c.v, c.rows)
		if err != nil {
			t.Fatal(err)
		}
		got, err := online.EncodeBatch(c.v, c.rows)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d records, want %d", c.v.Name, len(got), len(want))
		}
		for i := range want {
			if !bytes.Equal(got[i].Entity, want[i].Entity) || !bytes.Equal(got[i].Blob, want[i].Blob) ||
				!got[i].EventTS.Equal(want[i].EventTS) || got[i].View != want[i].View {
				t.Errorf("%s record %d: got %+v, want %+v", c.v.Name, i, got[i], want[i])
			}
		}
	}
}

func typesRow(ts time.Time) online.Row {
	day := time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)
	return online.Row{Key: online.Key{int64(1)}, EventTS: ts, Values: []any{
		true, int16(-2), int32(3), int64(-4), float32(1.25), 2.5, "-12.340", "text",
		[]byte{0, 1}, day, ts, ts, `{"a": 1}`, `{"b": 2}`, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
		[]any{1.0, nil, -3.0}, []any{"x", nil},
	}}
}
