package online

import (
	"bytes"
	"cmp"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

func codeOf(err error) string {
	var e *sqlerr.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// checkOrder sorts values by cmpFn and checks their encodings sort the
// same way, each decoding back to itself.
func checkOrder[T any](t *testing.T, vals []T, cmpFn func(a, b T) int, enc func([]byte, T) []byte,
	dec func([]byte) (T, []byte, error), same func(a, b T) bool) {
	t.Helper()
	slices.SortFunc(vals, cmpFn)
	for i := range vals {
		a := enc(nil, vals[i])
		got, rest, err := dec(append(a, 0xAB))
		if err != nil || !same(got, vals[i]) || !bytes.Equal(rest, []byte{0xAB}) {
			t.Fatalf("%v: decoded %v (rest %x, %v)", vals[i], got, rest, err)
		}
		if i == 0 {
			continue
		}
		want := cmpFn(vals[i-1], vals[i])
		if got := bytes.Compare(enc(nil, vals[i-1]), a); got != want {
			t.Fatalf("%v vs %v: encodings compare %d, values %d", vals[i-1], vals[i], got, want)
		}
	}
}

func TestInt64Order(t *testing.T) {
	vals := []int64{math.MinInt64, -1, 0, 1, math.MaxInt64, -256, 255}
	for i := 0; i < 500; i++ {
		vals = append(vals, int64(rand.Uint64()))
	}
	checkOrder(t, vals, cmp.Compare[int64], appendInt64, readInt64, func(a, b int64) bool { return a == b })
}

func TestFloat64Order(t *testing.T) {
	vals := []float64{math.Inf(-1), -math.MaxFloat64, -1, -math.SmallestNonzeroFloat64, math.Copysign(0, -1), 0,
		math.SmallestNonzeroFloat64, 0.1 + 0.2, 1, math.MaxFloat64, math.Inf(1)}
	for i := 0; i < 500; i++ {
		vals = append(vals, math.Float64frombits(rand.Uint64()))
	}
	vals = slices.DeleteFunc(vals, math.IsNaN) // NaN has no place in cmp order; its bits round-trip below
	total := func(a, b float64) int {
		if a == 0 && b == 0 { // -0 before +0, as IEEE totalOrder has it
			sign := func(f float64) int {
				if math.Signbit(f) {
					return 0
				}
				return 1
			}
			return cmp.Compare(sign(a), sign(b))
		}
		return cmp.Compare(a, b)
	}
	checkOrder(t, vals, total, appendFloat64, readFloat64,
		func(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) })
	nan := math.Float64frombits(0x7ff8_0000_dead_beef)
	got, _, _ := readFloat64(appendFloat64(nil, nan))
	if math.Float64bits(got) != math.Float64bits(nan) {
		t.Errorf("NaN payload lost: %x", math.Float64bits(got))
	}
	if bytes.Compare(appendFloat64(nil, nan), appendFloat64(nil, math.Inf(1))) <= 0 {
		t.Error("NaN does not sort above +Inf")
	}
}

func TestStringOrder(t *testing.T) {
	vals := []string{"", "\x00", "\x00\x00", "\x00\x01", "\x01", "a", "a\x00", "a\x00b", "ab", "b", "\xff", "\xff\xff", "é"}
	for i := 0; i < 300; i++ {
		b := make([]byte, rand.IntN(5))
		for j := range b {
			b[j] = []byte{0, 1, 'a', 0xFF}[rand.IntN(4)]
		}
		vals = append(vals, string(b))
	}
	dec := func(b []byte) (string, []byte, error) {
		s, rest, err := readBytes(b)
		return string(s), rest, err
	}
	checkOrder(t, vals, strings.Compare, appendString, dec, func(a, b string) bool { return a == b })
}

func TestDecimalOrderAndText(t *testing.T) {
	cases := []struct{ in, out string }{
		{"-Infinity", "-Infinity"}, {"-1e3", "-1000"}, {"-12.34", "-12.34"}, {"-12.3400", "-12.3400"},
		{"-1.5", "-1.5"}, {"-0.001", "-0.001"}, {"0", "0"}, {"0.0", "0.0"}, {"-0.000", "0.000"},
		{"0.000012", "0.000012"}, {"1.5e-3", "0.0015"}, {"0.5", "0.5"}, {"1", "1"}, {"1.0", "1.0"},
		{"1.50", "1.50"}, {"9.99", "9.99"}, {"10", "10"}, {"+100", "100"}, {"1e5", "100000"},
		{"123456789012345678901234567890.123", "123456789012345678901234567890.123"},
		{"Infinity", "Infinity"}, {"NaN", "NaN"},
	}
	var prev []byte
	for i, c := range cases {
		d, err := parseDecimal(c.in)
		if err != nil {
			t.Fatalf("%s: %v", c.in, err)
		}
		enc := d.append(nil)
		back, rest, err := readDecimal(append(enc, 7))
		if err != nil || back.String() != c.out || !bytes.Equal(rest, []byte{7}) {
			t.Errorf("%s: got %q (rest %x, %v), want %q", c.in, back.String(), rest, err, c.out)
		}
		if i > 0 && bytes.Compare(prev, enc) >= 0 {
			t.Errorf("%s does not encode after %s", c.in, cases[i-1].in)
		}
		prev = enc
	}
	for _, bad := range []string{"", "-", "1.2.3", "abc", "--1", "1e", "0x10", "1 "} {
		if _, err := parseDecimal(bad); err == nil {
			t.Errorf("%q parsed as numeric", bad)
		}
	}
}
