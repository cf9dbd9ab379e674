package registry

import "github.com/goccy/go-yaml/ast"

// This file reads go-yaml's syntax tree directly, rather than decoding into
// structs, so that every value keeps the line it was written on and every
// unknown key is caught where it stands.

// text is a scalar and where it was written; the zero text means absent.
type text struct {
	S   string
	Pos Pos
}

func (t text) set() bool { return t.Pos.Line != 0 }

// reader decodes one file, reporting shape problems as it goes.
type reader struct {
	file    string
	anchors map[string]ast.Node
	errs    *problems
	// badAliases are reported once however often decoding looks at them.
	badAliases map[ast.Node]bool
}

func newReader(file string, root ast.Node, errs *problems) *reader {
	r := &reader{file: file, anchors: map[string]ast.Node{}, errs: errs, badAliases: map[ast.Node]bool{}}
	ast.Walk(anchorCollector(r.anchors), root)
	return r
}

type anchorCollector map[string]ast.Node

func (c anchorCollector) Visit(n ast.Node) ast.Visitor {
	if a, ok := n.(*ast.AnchorNode); ok && a.Name != nil {
		c[a.Name.GetToken().Value] = a.Value
	}
	return c
}

func (r *reader) pos(n ast.Node) Pos { return Pos{File: r.file, Line: n.GetToken().Position.Line} }

// deref follows tags, anchors and aliases to the node holding the value. The
// schema's depth is fixed, so a self-referencing alias cannot make decoding loop.
func (r *reader) deref(n ast.Node) ast.Node {
	for range 100 {
		switch v := n.(type) {
		case *ast.TagNode:
			n = v.Value
		case *ast.AnchorNode:
			n = v.Value
		case *ast.AliasNode:
			target, ok := r.anchors[v.Value.GetToken().Value]
			if !ok {
				if !r.badAliases[v] {
					r.errs.add(r.pos(v), "alias *%s names no anchor", v.Value.GetToken().Value)
				}
				r.badAliases[v] = true
				return nil
			}
			n = target
		default:
			return n
		}
	}
	return n
}

// isNull reports an absent value: `key:` with nothing after it counts as not written.
func (r *reader) isNull(n ast.Node) bool {
	n = r.deref(n)
	_, null := n.(*ast.NullNode)
	return n == nil || null
}

// scalar gives a scalar's text as written (unquoted); ok is false for lists and mappings.
func (r *reader) scalar(n ast.Node) (string, bool) {
	switch v := r.deref(n).(type) {
	case *ast.StringNode:
		return v.Value, true
	case *ast.LiteralNode:
		return v.Value.Value, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return v.GetToken().Value, true
	}
	return "", false
}

func (r *reader) text(n ast.Node, where, what string) text {
	if r.isNull(n) {
		return text{}
	}
	s, ok := r.scalar(n)
	if !ok {
		r.errs.add(r.pos(n), "%s: %s must be a single value, not %s", where, what, describe(r.deref(n)))
		return text{}
	}
	return text{S: s, Pos: r.pos(n)}
}

// sequence gives a list's items; a missing list is an empty one.
func (r *reader) sequence(n ast.Node, where, what, example string) []ast.Node {
	if r.isNull(n) {
		return nil
	}
	seq, ok := r.deref(n).(*ast.SequenceNode)
	if !ok {
		r.errs.add(r.pos(n), "%s: %s must be a list, such as %s, not %s", where, what, example, describe(r.deref(n)))
		return nil
	}
	return seq.Values
}

func (r *reader) texts(n ast.Node, where, what string) []text {
	var out []text
	for _, item := range r.sequence(n, where, what, "[a, b]") {
		if t := r.text(item, where, what); t.set() {
			out = append(out, t)
		}
	}
	return out
}

// pairs gives a mapping's entries in the order written, keys and values as text.
func (r *reader) pairs(n ast.Node, where, what string) [][2]text {
	if r.isNull(n) {
		return nil
	}
	entries, ok := r.entries(n)
	if !ok {
		r.errs.add(r.pos(n), "%s: %s must be a mapping, such as {a: b}, not %s", where, what, describe(r.deref(n)))
		return nil
	}
	var out [][2]text
	for _, e := range entries {
		k := r.key(e, where)
		v := r.text(e.Value, where, what+" value")
		if k.set() && v.set() {
			out = append(out, [2]text{k, v})
		}
	}
	return out
}

func (r *reader) entries(n ast.Node) ([]*ast.MappingValueNode, bool) {
	switch v := r.deref(n).(type) {
	case *ast.MappingNode:
		return v.Values, true
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{v}, true
	}
	return nil, false
}

func (r *reader) key(e *ast.MappingValueNode, where string) text {
	if _, merge := e.Key.(*ast.MergeKeyNode); merge {
		r.errs.add(r.pos(e.Key), "%s: merge keys (<<) are not supported; write the keys out", where)
		return text{}
	}
	s, ok := r.scalar(e.Key)
	if !ok {
		r.errs.add(r.pos(e.Key), "%s: a key must be a single value", where)
		return text{}
	}
	return text{S: s, Pos: r.pos(e.Key)}
}

func describe(n ast.Node) string {
	switch n.(type) {
	case *ast.SequenceNode:
		return "a list"
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	}
	return "a single value"
}
