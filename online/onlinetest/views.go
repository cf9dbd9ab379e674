package onlinetest

import (
	"time"

	"github.com/pitgate/pitgate/registry"
)

func feature(name, typ string) *registry.Feature {
	t, err := registry.ParseType(typ)
	if err != nil {
		panic(err)
	}
	return &registry.Feature{Name: name, Type: t}
}

var (
	driver = &registry.Entity{Name: "driver", JoinKeys: []string{"driver_id"}}
	city   = &registry.Entity{Name: "city", JoinKeys: []string{"city_id"}}
	zone   = &registry.Entity{Name: "zone", JoinKeys: []string{"zone"}}
	// customer has a join key of another name: its id 1 is not driver 1.
	customer = &registry.Entity{Name: "customer", JoinKeys: []string{"customer_id"}}
)

// Stats is a view of drivers with three features of different types.
var Stats = &registry.FeatureView{
	Name: "stats", Entities: []*registry.Entity{driver}, TTL: 2 * time.Hour,
	Features: []*registry.Feature{feature("conv", "float8"), feature("trips", "int8"), feature("label", "text")},
}

// Profile is a second view of drivers: a feature service reads both.
var Profile = &registry.FeatureView{
	Name: "profile", Entities: []*registry.Entity{driver},
	Features: []*registry.Feature{feature("score", "float8")},
}

// Spend is a view of customers.
var Spend = &registry.FeatureView{
	Name: "spend", Entities: []*registry.Entity{customer},
	Features: []*registry.Feature{feature("avg", "float8")},
}

// Zones has a two-column key (int8, text).
var Zones = &registry.FeatureView{
	Name: "zones", Entities: []*registry.Entity{city, zone},
	Features: []*registry.Feature{feature("demand", "int8")},
}

// Types has a feature of every type the registry knows.
var Types = &registry.FeatureView{
	Name: "types", Entities: []*registry.Entity{driver},
	Features: []*registry.Feature{
		feature("b", "bool"), feature("i2", "int2"), feature("i4", "int4"), feature("i8", "int8"),
		feature("f4", "float4"), feature("f8", "float8"), feature("n", "numeric"), feature("t", "text"),
		feature("by", "bytea"), feature("d", "date"), feature("ts", "timestamp"), feature("tz", "timestamptz"),
		feature("j", "json"), feature("jb", "jsonb"), feature("u", "uuid"), feature("fa", "float8[]"),
		feature("ta", "text[]"),
	},
}
