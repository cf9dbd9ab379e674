package registry

import "github.com/goccy/go-yaml/ast"

// This file turns one YAML document into raw objects (raw.go).

// readFile adds one file's objects to raw.
func (r *reader) readFile(root ast.Node, raw *rawRepo) {
	top := r.object(root, "", "", topKeys)
	if top == nil {
		return
	}
	for _, n := range top.items("entities", "[{name: driver, join_keys: [driver_id]}]") {
		if o := r.object(n, "", "entity", entityKeys); o != nil {
			raw.entities = append(raw.entities, readEntity(o))
		}
	}
	for _, n := range top.items("sources", "[{name: driver_stats, table: driver_stats, timestamp_field: event_timestamp}]") {
		if o := r.object(n, "", "source", sourceKeys); o != nil {
			raw.sources = append(raw.sources, readSource(o))
		}
	}
	for _, n := range top.items("feature_views", "[{name: driver_hourly_stats, ...}]") {
		if o := r.object(n, "", "feature view", viewKeys); o != nil {
			raw.views = append(raw.views, r.readView(o))
		}
	}
	for _, n := range top.items("feature_services", "[{name: driver_activity, features: [...]}]") {
		if o := r.object(n, "", "feature service", serviceKeys); o != nil {
			raw.services = append(raw.services, r.readService(o))
		}
	}
}

func readEntity(o *object) rawEntity {
	return rawEntity{
		broken:      o.broken,
		pos:         o.pos,
		name:        o.text("name"),
		joinKeys:    o.texts("join_keys"),
		description: o.text("description").S,
	}
}

func readSource(o *object) rawSource {
	return rawSource{
		broken:       o.broken,
		pos:          o.pos,
		name:         o.text("name"),
		table:        o.text("table"),
		query:        o.text("query"),
		timestamp:    o.text("timestamp_field"),
		created:      o.text("created_timestamp_field"),
		description:  o.text("description").S,
		fieldMapping: o.pairs("field_mapping"),
	}
}

func (r *reader) readView(o *object) rawView {
	v := rawView{
		broken:      o.broken,
		pos:         o.pos,
		name:        o.text("name"),
		source:      o.text("source"),
		ttl:         o.text("ttl"),
		entities:    o.texts("entities"),
		owner:       o.text("owner").S,
		description: o.text("description").S,
	}
	v.online, _ = o.flag("online", true)
	v.knownAt, v.knownAtWritten = o.flag("known_at", false)
	if tags := o.pairs("tags"); tags != nil {
		v.tags = map[string]string{}
		for _, kv := range tags {
			v.tags[kv[0].S] = kv[1].S
		}
	}
	for _, n := range o.items("features", "[{name: conv_rate, type: float8}]") {
		f := r.object(n, o.where, "feature", featureKeys)
		if f == nil {
			v.broken["features"] = true
			continue
		}
		v.features = append(v.features, rawFeature{pos: f.pos, name: f.text("name"), typ: f.text("type"), description: f.text("description").S})
	}
	return v
}

func (r *reader) readService(o *object) rawService {
	s := rawService{broken: o.broken, pos: o.pos, name: o.text("name"), description: o.text("description").S}
	for _, n := range o.items("features", "[view_a: [feature_x], view_b]") {
		items := r.readItems(n, o.where)
		if items == nil {
			s.broken["features"] = true
		}
		s.items = append(s.items, items...)
	}
	return s
}

// readItems reads `view` (all its features) or `view: [f, ...]`; a mapping
// with several views gives one item per view.
func (r *reader) readItems(n ast.Node, where string) []rawItem {
	if name, ok := r.scalar(n); ok {
		return []rawItem{{view: text{S: name, Pos: r.pos(n)}, all: true}}
	}
	entries, ok := r.entries(n)
	if !ok {
		r.errs.add(r.pos(n), "%s: each item of features must be a view name or `view: [feature, ...]`", where)
		return nil
	}
	var items []rawItem
	for _, e := range entries {
		view := r.key(e, where)
		if !view.set() {
			continue
		}
		items = append(items, rawItem{view: view, features: r.texts(e.Value, where, "features of "+view.S)})
	}
	return items
}
