package registry

import (
	"cmp"
	"maps"
	"slices"
	"strings"
)

// builder turns the raw YAML into the object model, checking names and
// resolving references. A broken object is still registered where it has a
// usable name, so that one mistake is reported once rather than again at
// every reference to it.
type builder struct {
	errs     *problems
	entities map[string]*Entity
	sources  map[string]*Source
	views    map[string]*FeatureView
	services map[string]*FeatureService
	// relations holds view and service names, which share schema features.
	relations map[string]relation
}

type relation struct {
	kind string
	pos  Pos
}

func build(raw *rawRepo, errs *problems) *Repo {
	b := &builder{
		errs:      errs,
		entities:  map[string]*Entity{},
		sources:   map[string]*Source{},
		views:     map[string]*FeatureView{},
		services:  map[string]*FeatureService{},
		relations: map[string]relation{},
	}
	for _, e := range raw.entities {
		b.entity(e)
	}
	for _, s := range raw.sources {
		b.source(s)
	}
	for _, v := range raw.views {
		b.view(v)
	}
	for _, s := range raw.services {
		b.service(s)
	}
	return &Repo{
		Entities: sortedByName(b.entities, (*Entity).name),
		Sources:  sortedByName(b.sources, (*Source).name),
		Views:    sortedByName(b.views, (*FeatureView).name),
		Services: sortedByName(b.services, (*FeatureService).name),
	}
}

func sortedByName[T any](m map[string]*T, nameOf func(*T) string) []*T {
	return slices.SortedFunc(maps.Values(m), func(a, b *T) int { return cmp.Compare(nameOf(a), nameOf(b)) })
}

// name checks an object's own name: false when it has none to register under.
func (b *builder) name(objPos Pos, kind string, name text) bool {
	if !name.set() {
		b.errs.add(objPos, "%s has no name", kind)
		return false
	}
	b.checkName(name, kind+" "+name.S, "name")
	return true
}

// checkName reports a name that could not be used unquoted in SQL.
func (b *builder) checkName(t text, where, what string) bool {
	if problem := nameProblem(t.S); problem != "" {
		b.errs.add(t.Pos, "%s: %s %q %s", where, what, t.S, problem)
		return false
	}
	return true
}

// duplicate reports a second definition and says where the first one is.
func (b *builder) duplicate(name text, kind string, first Pos) {
	b.errs.add(name.Pos, "%s %s is already defined at %s; names must be unique across files", kind, name.S, first)
}

func (b *builder) entity(r rawEntity) {
	if !b.name(r.pos, "entity", r.name) {
		return
	}
	where := "entity " + r.name.S
	if first, dup := b.entities[r.name.S]; dup {
		b.duplicate(r.name, "entity", first.Pos)
		return
	}
	e := &Entity{Name: r.name.S, Description: r.description, Pos: r.pos}
	if len(r.joinKeys) == 0 && !r.broken["join_keys"] {
		b.errs.add(r.pos, "%s has no join_keys; list the columns that identify it, e.g. join_keys: [%s_id]", where, r.name.S)
	}
	for _, key := range r.joinKeys {
		switch {
		case !b.checkName(key, where, "join key"):
		case key.S == EventTimestamp:
			b.errs.add(key.Pos, "%s: join key %s is reserved for the feature view's event time", where, key.S)
		case slices.Contains(e.JoinKeys, key.S):
			b.errs.add(key.Pos, "%s: join key %s is listed twice", where, key.S)
		}
		e.JoinKeys = append(e.JoinKeys, key.S)
	}
	b.entities[e.Name] = e
}

func (b *builder) source(r rawSource) {
	if !b.name(r.pos, "source", r.name) {
		return
	}
	where := "source " + r.name.S
	if first, dup := b.sources[r.name.S]; dup {
		b.duplicate(r.name, "source", first.Pos)
		return
	}
	s := &Source{
		Name: r.name.S, Table: r.table.S, Query: r.query.S, TimestampField: r.timestamp.S,
		CreatedTimestampField: r.created.S, Description: r.description, Pos: r.pos,
	}
	b.checkRelation(r, where)
	if r.timestamp.S == "" && !r.broken["timestamp_field"] {
		b.errs.add(r.pos, "%s has no timestamp_field; name the column holding each row's event time", where)
	}
	s.FieldMapping = b.fieldMapping(r.fieldMapping, where)
	b.sources[s.Name] = s
}

// checkRelation requires exactly one of table and query, and a table name
// without empty parts. Table parts are the warehouse's own names (a BigQuery
// project may hold a dash), so they are quoted when printed, not checked here.
func (b *builder) checkRelation(r rawSource, where string) {
	switch {
	case r.table.set() && r.query.set():
		b.errs.add(r.query.Pos, "%s has both table and query; keep one", where)
	case !r.table.set() && !r.query.set() && !r.broken["table"] && !r.broken["query"]:
		b.errs.add(r.pos, "%s needs a table (table: schema.name) or a query (query: SELECT ...)", where)
	case r.table.set() && slices.Contains(strings.Split(r.table.S, "."), ""):
		b.errs.add(r.table.Pos, "%s: table %q has an empty name part", where, r.table.S)
	case r.query.set() && strings.TrimSpace(r.query.S) == "":
		b.errs.add(r.query.Pos, "%s: query is empty", where)
	}
}

// fieldMapping checks that each target is a usable name and that no two
// source columns map to the same one, which would make Source.Column ambiguous.
func (b *builder) fieldMapping(pairs [][2]text, where string) map[string]string {
	if len(pairs) == 0 {
		return nil
	}
	mapping := map[string]string{}
	targets := map[string]string{}
	for _, kv := range pairs {
		col, target := kv[0], kv[1]
		if col.S == "" {
			b.errs.add(col.Pos, "%s: field_mapping has an empty source column name", where)
		}
		b.checkName(target, where, "field_mapping of "+col.S+" to")
		if other, dup := targets[target.S]; dup {
			b.errs.add(target.Pos, "%s: field_mapping maps both %s and %s to %s", where, other, col.S, target.S)
		}
		targets[target.S] = col.S
		mapping[col.S] = target.S
	}
	return mapping
}
