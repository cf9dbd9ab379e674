package plan

import "testing"

func countTables(n Node, name string) int {
	k := 0
	if t, ok := n.(*Table); ok && t.Name[0] == name {
		k++
	}
	for _, c := range n.Children() {
		k += countTables(c, name)
	}
	return k
}

// TestReplaceNodes: every node kind of the sample plans (all nine with
// inputs) is rebuilt around a replaced child, the input plan is left as
// it was, and a plan with nothing to replace comes back as itself.
func TestReplaceNodes(t *testing.T) {
	for name, build := range samplePlans() {
		root := build()
		before := Format(root)
		want := countTables(root, "t")
		got := ReplaceNodes(root, func(n Node) Node {
			if _, ok := n.(*Table); ok {
				return &Table{Name: []string{"u"}, Cols: n.Columns()}
			}
			return nil
		})
		switch {
		case countTables(got, "t") != 0 || countTables(got, "u") != want:
			t.Errorf("%s: %d tables left, %d replaced, want 0 and %d", name, countTables(got, "t"), countTables(got, "u"), want)
		case Format(root) != before:
			t.Errorf("%s: the input plan changed", name)
		case ReplaceNodes(root, func(Node) Node { return nil }) != root:
			t.Errorf("%s: nothing replaced, yet a new plan", name)
		}
	}
}

// TestWithChildrenKeepsTheRest: a copy with other children keeps every
// other field; a wrong number of children gives the node back.
func TestWithChildrenKeepsTheRest(t *testing.T) {
	a, b := &Table{Name: []string{"a"}}, &Table{Name: []string{"b"}}
	j := &PITJoin{Left: a, Right: a, TTL: 5, Name: "v"}
	got := WithChildren(j, []Node{b, a}).(*PITJoin)
	if got == j || got.Left != b || got.Right != a || got.TTL != 5 || got.Name != "v" || j.Left != a {
		t.Errorf("WithChildren(PITJoin) = %+v", got)
	}
	if WithChildren(j, []Node{b}) != Node(j) {
		t.Error("one child for a join must give the join back")
	}
}
