package pitcase

import (
	"fmt"
	"strings"
	"time"

	"github.com/pitgate/pitgate/internal/pitref"
)

// RepoYAML is the feature repository of a scenario whose tables live in
// schema: per join N a source srcN over schema.rN and a view vN; one entity
// per distinct key column set. It fails only for a join pitgate's registry
// cannot express, which is a gap to report, not a case to skip.
func RepoYAML(schema string, s pitref.Scenario) (string, error) {
	var entities, sources, views strings.Builder
	seen := map[string]bool{}
	for i, j := range s.Joins {
		n := i + 1
		entity := entityName(j.Keys)
		if !seen[entity] {
			seen[entity] = true
			fmt.Fprintf(&entities, "  - name: %s\n    join_keys: [%s]\n", entity, strings.Join(rightKeys(j.Keys), ", "))
		}
		fmt.Fprintf(&sources, "  - name: src%d\n    table: %s.%s\n    timestamp_field: %s\n", n, schema, RightTable(n), j.RightTS)
		if j.Created != "" {
			fmt.Fprintf(&sources, "    created_timestamp_field: %s\n", j.Created)
		}
		ttl, err := ttlText(j.TTL)
		if err != nil {
			return "", fmt.Errorf("join %d: %w", n, err)
		}
		fmt.Fprintf(&views, "  - name: %s\n    entities: [%s]\n    source: src%d\n    ttl: %s\n    known_at: %t\n    online: false\n    features:\n",
			ViewName(n), entity, n, ttl, j.KnownAt)
		for _, f := range j.Features {
			fmt.Fprintf(&views, "      - {name: %s, type: %s}\n", f, pitref.ColumnType(f))
		}
	}
	return "entities:\n" + entities.String() + "sources:\n" + sources.String() + "feature_views:\n" + views.String(), nil
}

// ttlText writes a TTL the way the registry reads it. The registry (and so
// every dialect) counts TTLs in whole seconds; a finer TTL has no spelling.
func ttlText(ttl time.Duration) (string, error) {
	if ttl%time.Second != 0 {
		return "", fmt.Errorf("gap: ttl %v is not a whole number of seconds, which the registry cannot express", ttl)
	}
	return fmt.Sprintf("%ds", int64(ttl/time.Second)), nil
}

func entityName(keys []pitref.KeyPair) string {
	return "e_" + strings.Join(rightKeys(keys), "_")
}

func rightKeys(keys []pitref.KeyPair) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k.Right
	}
	return out
}

func ViewName(n int) string   { return fmt.Sprintf("v%d", n) }
func RightTable(n int) string { return fmt.Sprintf("r%d", n) }
