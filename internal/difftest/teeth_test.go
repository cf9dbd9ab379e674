package difftest

import (
	"context"
	"testing"
	"time"

	"github.com/pitgate/pitgate/internal/pitcase"
	"github.com/pitgate/pitgate/internal/pitref"
)

// teethSeeds is how many seeds each mutation has to show itself in.
const teethSeeds = 50

// mutations each change one rule of the reference; pitgate implements the
// unchanged rule, so its result must differ from the mutated reference.
var mutations = []struct {
	name   string
	mutate func(j *pitref.Join)
}{
	{"strict inverted", func(j *pitref.Join) { j.Strict = !j.Strict }},
	{"inner and left swapped", func(j *pitref.Join) { j.Inner = !j.Inner }},
	{"ttl ignored", func(j *pitref.Join) { j.TTL = 0 }},
	{"ttl edge exclusive", func(j *pitref.Join) {
		if j.TTL > 0 {
			j.TTL -= time.Microsecond
		}
	}},
	{"known_at ignored", func(j *pitref.Join) { j.KnownAt = false }},
	{"created tie-break ignored", func(j *pitref.Join) {
		if !j.KnownAt {
			j.Created = ""
		}
	}},
}

// TestComparisonHasTeeth proves the differential test can fail: for each
// mutation, some scenario among the first seeds must tell the mutated
// reference from pitgate, and every scenario where the mutation changes the
// reference's own answer must be caught.
func TestComparisonHasTeeth(t *testing.T) {
	ctx := context.Background()
	h, err := newHarness()
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	caught := make([]int, len(mutations))
	for seed := int64(1); seed <= teethSeeds; seed++ {
		s := pitref.RandomScenario(seed)
		l, err := h.load(ctx, s)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		for _, v := range pitcase.Variants(s) {
			r, err := h.run(ctx, l, v)
			if err != nil {
				t.Fatalf("seed %d (variant %s): %v", seed, v.Name, err)
			}
			for i, m := range mutations {
				if checkMutation(t, s, v, r.got, m.name, m.mutate) {
					caught[i]++
				}
			}
		}
		if err := h.drop(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	for i, m := range mutations {
		if caught[i] == 0 {
			t.Errorf("mutation %q: no run of seeds 1..%d differs from pitgate", m.name, teethSeeds)
		}
		t.Logf("mutation %q: caught in %d runs", m.name, caught[i])
	}
}

// checkMutation reports whether pitgate's result differs from the reference
// with one rule changed, and fails the test when the change alters the
// reference's answer but pitgate's result matches the changed one.
func checkMutation(t *testing.T, s pitref.Scenario, v pitcase.Variant, got *pitref.Table, name string, mutate func(*pitref.Join)) bool {
	t.Helper()
	joins := v.Joins()
	for i := range joins {
		mutate(&joins[i])
	}
	mutated := v.Evaluate(s.Left, joins)
	differs := pitref.Compare(got, mutated) != ""
	observable := pitref.Compare(v.Evaluate(s.Left, v.Joins()), mutated) != ""
	if observable && !differs {
		t.Errorf("seed %d (variant %s): mutation %q changes the reference but pitgate's result matches it", s.Seed, v.Name, name)
	}
	return differs
}
