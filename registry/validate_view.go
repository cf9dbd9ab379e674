package registry

import (
	"maps"
	"slices"
	"time"
)

// relationName registers a view or service name in the namespace they share.
func (b *builder) relationName(name text, kind string, pos Pos) bool {
	if first, dup := b.relations[name.S]; dup {
		if first.kind == kind {
			b.duplicate(name, kind, first.pos)
		} else {
			b.errs.add(name.Pos, "%s %s: the name is already used by %s %s at %s; views and services share schema features",
				kind, name.S, first.kind, name.S, first.pos)
		}
		return false
	}
	b.relations[name.S] = relation{kind: kind, pos: pos}
	return true
}

func (b *builder) view(r rawView) {
	if !b.name(r.pos, "feature view", r.name) || !b.relationName(r.name, "feature view", r.pos) {
		return
	}
	where := "feature view " + r.name.S
	v := &FeatureView{
		Name: r.name.S, Online: r.online, KnownAt: r.knownAt, Owner: r.owner,
		Description: r.description, Tags: r.tags, Pos: r.pos,
	}
	v.Entities = b.viewEntities(r, where)
	v.Source = b.viewSource(r, where)
	v.TTL = b.ttl(r.ttl, where)
	if v.KnownAt && v.Source != nil && v.Source.CreatedTimestampField == "" {
		b.errs.add(r.knownAtWritten.Pos, "%s: known_at: true needs created_timestamp_field on source %s", where, v.Source.Name)
	}
	v.Features = b.features(r, v, where)
	b.views[v.Name] = v
}

func (b *builder) viewEntities(r rawView, where string) []*Entity {
	if len(r.entities) == 0 && !r.broken["entities"] {
		b.errs.add(r.pos, "%s has no entities; list the entities its rows describe, e.g. entities: [driver]", where)
	}
	var entities []*Entity
	keyOwner := map[string]string{} // join key -> entity it came from
	for _, ref := range r.entities {
		e := b.entities[ref.S]
		switch {
		case e == nil:
			b.errs.add(ref.Pos, "%s: unknown entity %q%s", where, ref.S, didYouMean(ref.S, slices.Sorted(maps.Keys(b.entities))))
			continue
		case slices.Contains(entities, e):
			b.errs.add(ref.Pos, "%s: entity %s is listed twice", where, ref.S)
			continue
		}
		for _, key := range e.JoinKeys {
			if owner, dup := keyOwner[key]; dup {
				b.errs.add(ref.Pos, "%s: join key %s of entity %s is also a join key of entity %s", where, key, e.Name, owner)
			}
			keyOwner[key] = e.Name
		}
		entities = append(entities, e)
	}
	return entities
}

func (b *builder) viewSource(r rawView, where string) *Source {
	if !r.source.set() {
		if r.broken["source"] {
			return nil
		}
		b.errs.add(r.pos, "%s has no source; name the source its rows come from", where)
		return nil
	}
	s := b.sources[r.source.S]
	if s == nil {
		b.errs.add(r.source.Pos, "%s: unknown source %q%s", where, r.source.S, didYouMean(r.source.S, slices.Sorted(maps.Keys(b.sources))))
	}
	return s
}

// ttl must be whole seconds: every dialect subtracts it as a number of seconds.
func (b *builder) ttl(t text, where string) time.Duration {
	if !t.set() {
		return 0
	}
	d, err := ParseDuration(t.S)
	switch {
	case err != nil:
		b.errs.add(t.Pos, "%s: ttl: %v", where, err)
	case d%time.Second != 0:
		b.errs.add(t.Pos, "%s: ttl %q is not a whole number of seconds", where, t.S)
	}
	return d
}

func (b *builder) features(r rawView, v *FeatureView, where string) []*Feature {
	if len(r.features) == 0 && !r.broken["features"] {
		b.errs.add(r.pos, "%s has no features; list them, e.g. features: [{name: conv_rate, type: float8}]", where)
	}
	joinKeys := v.JoinKeys()
	var features []*Feature
	for _, rf := range r.features {
		if !b.name(rf.pos, where+": feature", rf.name) {
			continue
		}
		if i := slices.IndexFunc(features, func(g *Feature) bool { return g.Name == rf.name.S }); i >= 0 {
			b.errs.add(rf.name.Pos, "%s: feature %s is already defined at %s", where, rf.name.S, features[i].Pos)
			continue
		}
		switch {
		case rf.name.S == EventTimestamp:
			b.errs.add(rf.name.Pos, "%s: feature %s clashes with the view's event time column; rename it with field_mapping", where, rf.name.S)
		case slices.Contains(joinKeys, rf.name.S):
			b.errs.add(rf.name.Pos, "%s: feature %s clashes with the join key of that name", where, rf.name.S)
		}
		b.checkNotRenamed(v.Source, "feature", rf.name.S, rf.name.Pos, where)
		features = append(features, &Feature{Name: rf.name.S, Type: b.featureType(rf, where), Description: rf.description, Pos: rf.pos})
	}
	for _, key := range joinKeys {
		b.checkNotRenamed(v.Source, "join key", key, r.pos, where)
	}
	return features
}

func (b *builder) featureType(rf rawFeature, where string) Type {
	if !rf.typ.set() {
		b.errs.add(rf.pos, "%s: feature %s has no type; give one, e.g. type: float8", where, rf.name.S)
		return Type{}
	}
	t, err := ParseType(rf.typ.S)
	if err != nil {
		b.errs.add(rf.typ.Pos, "%s: feature %s: %v", where, rf.name.S, err)
	}
	return t
}

// checkNotRenamed catches a view naming a source column that field_mapping
// has renamed: the user meant the new name, and the old one would silently
// read the column under a name the source says it does not have.
func (b *builder) checkNotRenamed(s *Source, what, name string, pos Pos, where string) {
	if s == nil {
		return
	}
	target, renamed := s.FieldMapping[name]
	if !renamed || target == name || s.Column(name) != name {
		return
	}
	fix := "use " + target
	if what == "join key" {
		fix = "join keys come from the entity, so drop that mapping or map another column to " + name
	}
	b.errs.add(pos, "%s: %s %s: source column %s is renamed to %s by the field_mapping of source %s; %s",
		where, what, name, name, target, s.Name, fix)
}
