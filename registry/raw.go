package registry

// The raw types are the YAML as written, every value with its position,
// before names are checked and references resolved (validate.go).

type rawRepo struct {
	entities []rawEntity
	sources  []rawSource
	views    []rawView
	services []rawService
}

type rawEntity struct {
	broken      map[string]bool // keys with a problem already reported
	pos         Pos
	name        text
	joinKeys    []text
	description string
}

type rawSource struct {
	broken                                 map[string]bool // keys with a problem already reported
	pos                                    Pos
	name, table, query, timestamp, created text
	description                            string
	fieldMapping                           [][2]text // source column -> view-level name
}

type rawView struct {
	broken             map[string]bool // keys with a problem already reported
	pos                Pos
	name, source, ttl  text
	entities           []text
	online             bool
	knownAt            bool
	knownAtWritten     text
	features           []rawFeature
	owner, description string
	tags               map[string]string
}

type rawFeature struct {
	pos         Pos
	name, typ   text
	description string
}

type rawService struct {
	broken      map[string]bool // keys with a problem already reported
	pos         Pos
	name        text
	description string
	items       []rawItem
}

// rawItem is one entry of a service's features: a bare view name (all) or
// `view: [feature, ...]`.
type rawItem struct {
	view     text
	all      bool
	features []text
}

var (
	topKeys     = []string{"entities", "sources", "feature_views", "feature_services"}
	entityKeys  = []string{"name", "join_keys", "description"}
	sourceKeys  = []string{"name", "table", "query", "timestamp_field", "created_timestamp_field", "field_mapping", "description"}
	viewKeys    = []string{"name", "entities", "source", "ttl", "online", "known_at", "features", "owner", "description", "tags"}
	featureKeys = []string{"name", "type", "description"}
	serviceKeys = []string{"name", "features", "description"}
)
