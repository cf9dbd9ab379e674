package online

import (
	"bytes"
	"testing"
	"time"

	"github.com/pitgate/pitgate/registry"
)

func view(keys ...string) *registry.FeatureView {
	v := &registry.FeatureView{Name: "v"}
	for _, k := range keys {
		v.Entities = append(v.Entities, &registry.Entity{Name: k, JoinKeys: []string{k}})
	}
	return v
}

func TestEncodeEntityIsUnambiguous(t *testing.T) {
	two := view("a", "b")
	one := view("a")
	ts := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	keys := []struct {
		v   *registry.FeatureView
		key Key
	}{
		{two, Key{int64(1), "23"}},
		{two, Key{int64(12), "3"}},
		{two, Key{"1", "23"}},
		{two, Key{"12", "3"}},
		{two, Key{"123", ""}},
		{two, Key{"", "123"}},
		{two, Key{"1\x00", "23"}},
		{two, Key{[]byte("1"), "23"}},
		{two, Key{true, "23"}},
		{two, Key{ts, "23"}},
		{two, Key{1.0, "23"}},
		{one, Key{int64(1)}},
		{view("b"), Key{int64(1)}}, // another join key's name, same value
	}
	seen := map[string]int{}
	for i, k := range keys {
		b, err := EncodeEntity(k.v, k.key)
		if err != nil {
			t.Fatalf("%v: %v", k.key, err)
		}
		if j, dup := seen[string(b)]; dup {
			t.Errorf("%v and %v encode the same: %x", keys[j].key, k.key, b)
		}
		seen[string(b)] = i
	}
}

func TestEncodeEntityIntegerWidths(t *testing.T) {
	v := view("id")
	want, _ := EncodeEntity(v, Key{int64(1001)})
	for _, k := range []any{int(1001), int32(1001), int16(1001), uint16(1001), uint64(1001)} {
		got, err := EncodeEntity(v, Key{k})
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%T(1001): %x, %v; want %x", k, got, err, want)
		}
	}
}

func TestEncodeEntityRefuses(t *testing.T) {
	cases := []struct {
		name string
		key  Key
		code string
	}{
		{"NULL part", Key{nil}, "23502"},
		{"wrong count", Key{int64(1), int64(2)}, "22023"},
		{"unsupported type", Key{struct{}{}}, "42804"},
		{"uint64 beyond int8", Key{uint64(1 << 63)}, "42804"},
	}
	for _, c := range cases {
		_, err := EncodeEntity(view("id"), c.key)
		if err == nil || codeOf(err) != c.code {
			t.Errorf("%s: got %v, want SQLSTATE %s", c.name, err, c.code)
		}
	}
}
