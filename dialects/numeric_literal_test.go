package dialects

import (
	"testing"

	"github.com/pitgate/pitgate/plan"
)

func TestNumericLiteralKeepsItsScale(t *testing.T) {
	text := func(s string) *plan.Const { return &plan.Const{Value: s} }
	for _, tc := range []struct {
		cast *plan.Cast
		want plan.Type
	}{
		{&plan.Cast{X: text("12.5"), Type: "numeric"}, "numeric(3,1)"},
		{&plan.Cast{X: text("12.50"), Type: "numeric"}, "numeric(4,2)"},
		{&plan.Cast{X: text("-0.05"), Type: "numeric"}, "numeric(2,2)"},
		{&plan.Cast{X: text("100"), Type: "numeric"}, "numeric(3,0)"},
		{&plan.Cast{X: text("0"), Type: "numeric"}, "numeric(1,0)"},
		{&plan.Cast{X: text(".5"), Type: "numeric"}, "numeric(1,1)"},
		{&plan.Cast{X: &plan.Cast{X: text("12.5"), Type: "numeric"}, Type: "numeric"}, "numeric(3,1)"},
		{&plan.Cast{X: text("1e3"), Type: "numeric"}, "numeric"},
		{&plan.Cast{X: text("NaN"), Type: "numeric"}, "numeric"},
		{&plan.Cast{X: text("--1"), Type: "numeric"}, "numeric"},
		{&plan.Cast{X: text("."), Type: "numeric"}, "numeric"},
		{&plan.Cast{X: text("1234567890123456789012345678901234567890"), Type: "numeric"}, "numeric"},
		{&plan.Cast{X: text("12.5"), Type: "numeric(10,2)"}, "numeric(10,2)"},
		{&plan.Cast{X: text("12.5"), Type: "float8"}, "float8"},
		{&plan.Cast{X: &plan.Const{Value: "12.5", Type: "text"}, Type: "numeric"}, "numeric"},
		{&plan.Cast{X: &plan.ColRef{ID: 1}, Type: "numeric"}, "numeric"},
	} {
		if got := literalScale(tc.cast); got != tc.want {
			t.Errorf("%#v: %s, want %s", tc.cast.X, got, tc.want)
		}
	}
}
