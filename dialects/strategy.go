package dialects

import (
	"strings"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

// Strategies lists, per dialect, the PIT strategies it can print, its
// default first (docs/query-language.md says how each was chosen).
var Strategies = map[string][]string{
	"duckdb":    {"native", "window", "dedup"},
	"postgres":  {"auto", "window", "lateral"},
	"bigquery":  {"window", "array_agg"},
	"snowflake": {"native", "window"},
}

// WithStrategy returns d printing ASOF joins with the named strategy;
// "" keeps d's default. A strategy the dialect cannot print is 22023.
func WithStrategy(d Dialect, strategy string) (Dialect, error) {
	s := strings.ToLower(strings.TrimSpace(strategy))
	if s == "" {
		return d, nil
	}
	known := Strategies[d.Name()]
	for _, k := range known {
		if k == s {
			return withKnownStrategy(d, s), nil
		}
	}
	return nil, sqlerr.New(sqlerr.InvalidParameter, "the %s dialect has no PIT strategy %q (%s strategies: %s)",
		d.Name(), strategy, d.Name(), strings.Join(known, ", "))
}

func withKnownStrategy(d Dialect, s string) Dialect {
	switch d.(type) {
	case DuckDB:
		return DuckDB{Window: s == "window", Dedup: s == "dedup"}
	case Postgres:
		return Postgres{Lateral: s == "lateral", Window: s == "window"}
	case Snowflake:
		return Snowflake{Window: s == "window"}
	case BigQuery:
		b := d.(BigQuery)
		b.ArrayAgg = s == "array_agg"
		return b
	}
	return d
}
