package planner_test

import (
	"fmt"
	"testing"

	"github.com/pitgate/pitgate/planner"
)

func TestDeallocate(t *testing.T) {
	p := demoPlanner(t)
	for sql, want := range map[string]string{
		`DEALLOCATE s1`:          "{s1 false}",
		`DEALLOCATE PREPARE "A"`: "{A false}",
		`DEALLOCATE ALL`:         "{ true}",
		`DEALLOCATE PREPARE ALL`: "{ true}",
	} {
		st := planOne(t, p, sql)
		if st.Kind != planner.KindDeallocate || st.Deallocate == nil {
			t.Fatalf("%s: kind %d", sql, st.Kind)
		}
		if got := fmt.Sprint(*st.Deallocate); got != want {
			t.Errorf("%s: %s, want %s", sql, got, want)
		}
	}
}
