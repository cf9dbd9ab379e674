package registry

import (
	"fmt"
	"slices"
	"strings"

	"github.com/goccy/go-yaml/ast"
)

// object is one YAML mapping whose keys come from a known set.
type object struct {
	r     *reader
	pos   Pos
	where string // e.g. "feature view driver_hourly_stats", for messages
	vals  map[string]ast.Node
	// broken keys had a problem already reported (a wrong shape, or a typo
	// of the key), so validation does not report them again as missing.
	broken map[string]bool
}

// object reads n as a mapping of kind (e.g. "feature view") with the given
// keys; a "name" key, when known, names the object in messages. It reports
// unknown keys at their lines and returns nil when n is not a mapping.
func (r *reader) object(n ast.Node, parent, kind string, known []string) *object {
	where := joinWhere(parent, kind)
	if where == "" {
		where = "top level"
	}
	entries, ok := r.entries(n)
	if !ok {
		if r.deref(n) != nil {
			r.errs.add(r.pos(n), "%s must be a mapping of keys (%s), not %s", where, strings.Join(known, ", "), describe(r.deref(n)))
		}
		return nil
	}
	o := &object{r: r, pos: r.pos(n), where: where, vals: map[string]ast.Node{}, broken: map[string]bool{}}
	_, alias := n.(*ast.AliasNode)
	if ns, ok := r.deref(n).(*ast.MappingNode); ok && !alias && len(ns.Values) > 0 {
		o.pos = r.pos(ns.Values[0].Key) // the first key's line, not a flow mapping's "{" or an anchor's line
	}
	if slices.Contains(known, "name") {
		o.where = joinWhere(parent, kind+nameOf(r, entries))
	}
	keys := make([]text, 0, len(entries))
	for _, e := range entries {
		if k := r.key(e, o.where); k.set() {
			keys = append(keys, k)
			o.vals[k.S] = e.Value
		}
	}
	for _, k := range keys {
		if !slices.Contains(known, k.S) {
			o.unknownKey(k, known)
		}
	}
	return o
}

func (o *object) unknownKey(k text, known []string) {
	o.r.errs.add(k.Pos, "%s: unknown key %q%s (known keys: %s)", o.where, k.S, didYouMean(k.S, known), strings.Join(known, ", "))
	delete(o.vals, k.S)
	if meant := closest(k.S, known); meant != "" {
		o.broken[meant] = true // so a typo is not reported again as the key missing
	}
}

// track runs read and marks key broken if read reported a problem.
func (o *object) track(key string, read func()) {
	before := len(o.r.errs.list)
	read()
	if len(o.r.errs.list) > before {
		o.broken[key] = true
	}
}

// nameOf finds an object's name before its keys are checked, so that every
// message about the object can say which one it is.
func nameOf(r *reader, entries []*ast.MappingValueNode) string {
	for _, e := range entries {
		if k, _ := r.scalar(e.Key); k == "name" {
			if name, ok := r.scalar(e.Value); ok {
				return " " + name
			}
		}
	}
	return ""
}

func joinWhere(parent, kind string) string {
	if parent == "" {
		return kind
	}
	if kind == "" {
		return parent
	}
	return parent + ": " + kind
}

func (o *object) text(key string) (t text) {
	o.track(key, func() { t = o.r.text(o.vals[key], o.where, key) })
	return t
}

func (o *object) texts(key string) (ts []text) {
	o.track(key, func() { ts = o.r.texts(o.vals[key], o.where, key) })
	return ts
}

func (o *object) pairs(key string) (kvs [][2]text) {
	o.track(key, func() { kvs = o.r.pairs(o.vals[key], o.where, key) })
	return kvs
}

func (o *object) items(key, example string) (ns []ast.Node) {
	o.track(key, func() { ns = o.r.sequence(o.vals[key], o.where, key, example) })
	return ns
}

// flag reads an optional boolean; t is the value as written (unset when absent).
func (o *object) flag(key string, def bool) (v bool, t text) {
	n := o.vals[key]
	if o.r.isNull(n) {
		return def, text{}
	}
	b, ok := o.r.deref(n).(*ast.BoolNode)
	if !ok {
		got, _ := o.r.scalar(n)
		o.r.errs.add(o.r.pos(n), "%s: %s must be true or false, not %q", o.where, key, got)
		return def, text{}
	}
	return b.Value, text{S: fmt.Sprint(b.Value), Pos: o.r.pos(n)}
}
