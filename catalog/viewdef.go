package catalog

import (
	"strings"

	"github.com/pitgate/pitgate/registry"
)

// viewDefinition is pg_get_viewdef's text for a feature view, in the layout
// PostgreSQL 15 prints (columns qualified by the table, one per line): the
// view as a plain view over its source table, which is what it is, renames
// and casts included.
func viewDefinition(v *registry.FeatureView, cols []column) string {
	src := v.Source
	var from, qual string
	if name := src.TableName(); name != nil {
		qual = name[len(name)-1]
		from = qual
		if s := warehouseSchema(name); s != publicSchema {
			from = s + "." + qual
		}
	} else {
		qual = "src"
		from = "(" + strings.TrimSpace(src.Query) + ") src"
	}
	items := make([]string, len(cols))
	for i, c := range cols {
		srcCol := src.Column(c.name)
		if c.name == registry.EventTimestamp {
			srcCol = src.TimestampField
		}
		item := qual + "." + quoteIdent(srcCol)
		if srcCol != c.name {
			item += " AS " + quoteIdent(c.name)
		}
		items[i] = item
	}
	return " SELECT " + strings.Join(items, ",\n    ") + "\n   FROM " + from + ";"
}

// serviceDefinition shows how a feature service is read: on the right of
// an ASOF join, one point-in-time join per view.
func serviceDefinition(s *registry.FeatureService, cols []column) string {
	items := make([]string, len(cols))
	for i, c := range cols {
		items[i] = quoteIdent(c.name)
	}
	var joins []string
	for _, it := range s.Items {
		var on []string
		for _, k := range it.View.JoinKeys() {
			on = append(on, it.View.Name+"."+quoteIdent(k)+" = e."+quoteIdent(k))
		}
		on = append(on, it.View.Name+".event_timestamp <= e.event_timestamp")
		joins = append(joins, "     ASOF LEFT JOIN "+featuresSchema+"."+quoteIdent(it.View.Name)+" "+quoteIdent(it.View.Name)+
			" ON "+strings.Join(on, " AND "))
	}
	return " SELECT " + strings.Join(items, ",\n    ") + "\n   FROM entity_rows e\n" + strings.Join(joins, "\n") + ";"
}

// onlineDefinition says what an online relation holds: the latest row per
// entity key of the offline relation, served from the online store.
func onlineDefinition(offline string, keys []string, cols []column) string {
	items := make([]string, len(cols))
	for i, c := range cols {
		items[i] = quoteIdent(c.name)
	}
	def := " SELECT "
	if len(keys) > 0 {
		def += "DISTINCT ON (" + strings.Join(keys, ", ") + ") "
	}
	def += strings.Join(items, ",\n    ") + "\n   FROM " + offline
	if len(keys) > 0 {
		def += "\n  ORDER BY " + strings.Join(keys, ", ") + ", event_timestamp DESC"
	}
	return def + ";"
}
