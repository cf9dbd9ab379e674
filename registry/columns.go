package registry

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// CheckSourceColumns checks the repository against the warehouse: columns
// gives each source's columns (a table's, or a query's result columns) and is
// called once per source, in name order. A source's timestamp_field,
// created_timestamp_field and field_mapping keys must be among them, and so
// must, for each view, the column behind every join key and feature. All
// problems are returned, as Errors.
func (r *Repo) CheckSourceColumns(columns func(src *Source) ([]string, error)) error {
	errs := &problems{}
	known := map[*Source][]string{}
	for _, src := range r.Sources {
		cols, err := columns(src)
		if err != nil {
			errs.wrap(src.Pos, err, "source %s: reading its columns", src.Name)
			continue
		}
		known[src] = cols
		checkSourceFields(src, cols, errs)
	}
	for _, v := range r.Views {
		if cols, ok := known[v.Source]; ok {
			checkViewColumns(v, cols, errs)
		}
	}
	return errs.err()
}

func checkSourceFields(src *Source, cols []string, errs *problems) {
	where := "source " + src.Name
	if !slices.Contains(cols, src.TimestampField) {
		errs.add(src.Pos, "%s: timestamp_field %s %s", where, src.TimestampField, notAColumn(src, src.TimestampField, cols))
	}
	if c := src.CreatedTimestampField; c != "" && !slices.Contains(cols, c) {
		errs.add(src.Pos, "%s: created_timestamp_field %s %s", where, c, notAColumn(src, c, cols))
	}
	for _, col := range slices.Sorted(maps.Keys(src.FieldMapping)) {
		if !slices.Contains(cols, col) {
			errs.add(src.Pos, "%s: field_mapping key %s %s", where, col, notAColumn(src, col, cols))
		}
	}
}

func checkViewColumns(v *FeatureView, cols []string, errs *problems) {
	where := "feature view " + v.Name
	for _, key := range v.JoinKeys() {
		if col := v.Source.Column(key); !slices.Contains(cols, col) {
			errs.add(v.Pos, "%s: join key %s %s", where, viaMapping(key, col), notAColumn(v.Source, col, cols))
		}
	}
	for _, f := range v.Features {
		if col := v.Source.Column(f.Name); !slices.Contains(cols, col) {
			errs.add(f.Pos, "%s: feature %s %s", where, viaMapping(f.Name, col), notAColumn(v.Source, col, cols))
		}
	}
}

// viaMapping names the source column too when field_mapping renamed it.
func viaMapping(name, col string) string {
	if name == col {
		return name
	}
	return fmt.Sprintf("%s (source column %s, by field_mapping)", name, col)
}

// maxListedColumns keeps messages readable for wide tables.
const maxListedColumns = 20

func notAColumn(src *Source, col string, cols []string) string {
	var got string
	if len(cols) > maxListedColumns {
		got = strings.Join(cols[:maxListedColumns], ", ") + fmt.Sprintf(", and %d more", len(cols)-maxListedColumns)
	} else {
		got = strings.Join(cols, ", ")
	}
	return fmt.Sprintf("is not a column of source %s (columns: %s)%s", src.Name, got, didYouMean(col, cols))
}
