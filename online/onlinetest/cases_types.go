package onlinetest

import (
	"math"
	"testing"
	"time"

	"github.com/pitgate/pitgate/online"
)

// typeCase is a row of Types: what is written and what must come back.
type typeCase struct {
	name      string
	in, out   []any
	createdAt time.Time
}

func typeCases() []typeCase {
	paris, _ := time.LoadLocation("Europe/Paris")
	if paris == nil {
		paris = time.FixedZone("CET", 3600)
	}
	nanos := time.Date(2024, 3, 31, 1, 59, 59, 123456789, time.UTC)
	micros := time.Date(2024, 3, 31, 1, 59, 59, 123456000, time.UTC)
	nanPayload := math.Float64frombits(0x7ff8_0000_0000_0001)
	negZero := math.Copysign(0, -1)
	return []typeCase{{
		name: "values",
		in: []any{true, int64(-32768), int32(2147483647), int64(math.MinInt64), float32(3.25), 0.1 + 0.2,
			"-12.3400", "héllo\x00wörld", []byte{0, 1, 255}, time.Date(2024, 2, 29, 13, 0, 0, 0, paris), nanos,
			time.Date(2024, 10, 27, 2, 30, 0, 1000, paris), `{"a": 1}`, `{"b": [1, 2]}`,
			"A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11", []any{1.5, nil, math.Inf(-1)}, []any{"x", nil, ""}},
		out: []any{true, int16(-32768), int32(2147483647), int64(math.MinInt64), float32(3.25), 0.1 + 0.2,
			"-12.3400", "héllo\x00wörld", []byte{0, 1, 255}, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), micros,
			time.Date(2024, 10, 27, 2, 30, 0, 1000, paris).UTC(), `{"a": 1}`, `{"b": [1, 2]}`,
			"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", []any{1.5, nil, math.Inf(-1)}, []any{"x", nil, ""}},
	}, {
		name: "edges",
		in: []any{false, int16(0), int64(-1), int64(math.MaxInt64), float32(math.SmallestNonzeroFloat32), nanPayload,
			"1e3", "", []byte{}, time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(1900, 1, 1, 0, 0, 0, 1000, time.UTC),
			time.Date(2262, 4, 11, 23, 47, 16, 854775000, time.UTC), `null`, `[]`,
			"00000000-0000-0000-0000-000000000000", []any{}, []any{nil}},
		out: []any{false, int16(0), int32(-1), int64(math.MaxInt64), float32(math.SmallestNonzeroFloat32), nanPayload,
			"1000", "", []byte{}, time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(1900, 1, 1, 0, 0, 0, 1000, time.UTC),
			time.Date(2262, 4, 11, 23, 47, 16, 854775000, time.UTC), `null`, `[]`,
			"00000000-0000-0000-0000-000000000000", []any{}, []any{nil}},
	}, {
		name: "more numbers",
		in: []any{nil, nil, nil, nil, float32(negZero), negZero, "-0.000", nil, nil, nil, nil, nil, nil, nil, nil,
			[]any{negZero, math.NaN()}, nil},
		out: []any{nil, nil, nil, nil, float32(negZero), negZero, "0.000", nil, nil, nil, nil, nil, nil, nil, nil,
			[]any{negZero, math.NaN()}, nil},
	}, {
		name: "all NULL",
		in:   make([]any, len(Types.Features)),
		out:  make([]any, len(Types.Features)),
	}}
}

func testTypes(t *testing.T, s online.Store) {
	cases := typeCases()
	for i, c := range cases {
		write(t, s, Types, online.Row{Key: online.Key{int64(i)}, EventTS: micro(i), Values: c.in})
	}
	for i, c := range cases {
		got := readOne(t, s, Types, int64(i))
		want := online.Result{Found: true, EventTS: micro(i), Values: c.out}
		if !got.Found || !got.EventTS.Equal(want.EventTS) {
			t.Fatalf("%s: got %+v", c.name, got)
		}
		for f, feat := range Types.Features {
			if !valueEqual(got.Values[f], c.out[f]) {
				t.Errorf("%s, %s (%s): got %#v, want %#v", c.name, feat.Name, feat.Type, got.Values[f], c.out[f])
			}
		}
	}
}

// micro is an event time with microseconds, which must survive exactly.
func micro(i int) time.Time { return T0.Add(time.Duration(i)*time.Hour + 987654*time.Microsecond) }
