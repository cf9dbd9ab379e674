package registry

import (
	"maps"
	"slices"
)

func (b *builder) service(r rawService) {
	if !b.name(r.pos, "feature service", r.name) || !b.relationName(r.name, "feature service", r.pos) {
		return
	}
	where := "feature service " + r.name.S
	s := &FeatureService{Name: r.name.S, Description: r.description, Pos: r.pos}
	if len(r.items) == 0 && !r.broken["features"] {
		b.errs.add(r.pos, "%s has no features; list views, e.g. features: [driver_hourly_stats: [conv_rate], customer_profile]", where)
	}
	for _, it := range r.items {
		v := b.views[it.view.S]
		switch {
		case v == nil:
			b.errs.add(it.view.Pos, "%s: unknown feature view %q%s", where, it.view.S, didYouMean(it.view.S, slices.Sorted(maps.Keys(b.views))))
		case slices.ContainsFunc(s.Items, func(i ServiceItem) bool { return i.View == v }):
			b.errs.add(it.view.Pos, "%s: feature view %s is listed twice; put its features in one entry", where, v.Name)
		default:
			s.Items = append(s.Items, ServiceItem{View: v, Features: b.serviceFeatures(it, v, where)})
		}
	}
	b.services[s.Name] = s
}

// serviceFeatures resolves an item's feature names; a bare view name means
// all of the view's features, in the view's order.
func (b *builder) serviceFeatures(it rawItem, v *FeatureView, where string) []*Feature {
	if it.all {
		return slices.Clone(v.Features)
	}
	if len(it.features) == 0 {
		b.errs.add(it.view.Pos, "%s: no features of view %s are listed; write the bare name %s for all of them", where, v.Name, v.Name)
	}
	var features []*Feature
	for _, ref := range it.features {
		f := v.Feature(ref.S)
		switch {
		case f == nil:
			b.errs.add(ref.Pos, "%s: feature view %s has no feature %q%s", where, v.Name, ref.S, didYouMean(ref.S, featureNames(v)))
		case slices.Contains(features, f):
			b.errs.add(ref.Pos, "%s: feature %s of view %s is listed twice", where, ref.S, v.Name)
		default:
			features = append(features, f)
		}
	}
	return features
}

func featureNames(v *FeatureView) []string {
	names := make([]string, len(v.Features))
	for i, f := range v.Features {
		names[i] = f.Name
	}
	return names
}
