package catalog

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/registry"
	"github.com/pitgate/pitgate/warehouse"
)

// Schemas pitgate gives a meaning of its own (DESIGN §2.1).
const (
	featuresSchema = "features"
	onlineSchema   = "online"
	publicSchema   = "public"
	// Database is the one database pitgate serves.
	Database = "pitgate"
	// Role is the role that owns everything the registry gives no owner.
	Role = "pitgate"
	// databaseOwner is PostgreSQL 15's role standing for the database's
	// owner; it owns schema public.
	databaseOwner = "pg_database_owner"
)

// relation is one row of pg_class with its columns.
type relation struct {
	schema, name string
	oid, reltype uint32
	kind         string // "r" table, "v" view
	owner        string
	comment      string
	cols         []column
	// def is pg_get_viewdef's answer for a view.
	def string
	// builtin marks pg_catalog's and information_schema's own relations.
	builtin bool
}

type column struct {
	name    string
	typ     colType
	notnull bool
	comment string
}

// TableColumns describes a warehouse table by its qualified name parts; it
// is what warehouse.Warehouse.Table answers.
type TableColumns func(ctx context.Context, name []string) ([]warehouse.Column, error)

// objects are what the catalog describes, gathered before any row is made.
type objects struct {
	types     *typeSet
	oids      *oids
	schemas   map[string]uint32
	rels      []*relation
	roles     map[string]uint32
	srcTables map[*registry.Source]*relation
}

func gather(ctx context.Context, repo *registry.Repo, tables TableColumns) (*objects, error) {
	o := &objects{types: newTypeSet(), oids: newOIDs(), schemas: map[string]uint32{},
		roles: map[string]uint32{Role: oidBootstrapRole, databaseOwner: oidDatabaseOwner}, srcTables: map[*registry.Source]*relation{}}
	o.reserveBuiltins()
	o.addBuiltinRelations()
	if err := o.addSourceTables(ctx, repo, tables); err != nil {
		return nil, err
	}
	for _, v := range repo.Views {
		o.rels = append(o.rels, o.viewRelation(featuresSchema, v))
	}
	for _, s := range repo.Services {
		o.rels = append(o.rels, o.serviceRelation(featuresSchema, s))
	}
	o.addOnline(repo)
	o.assignOIDs()
	return o, nil
}

func (o *objects) reserveBuiltins() {
	for _, t := range pg15Types {
		o.oids.reserve(t.oid, "type:"+t.schema+"."+t.name)
	}
	for _, r := range pg15Relations {
		o.oids.reserve(r.oid, "class:"+r.schema+"."+r.name)
		o.oids.reserve(r.reltype, "type:"+r.schema+"."+r.name)
	}
	o.schemas["pg_catalog"] = oidPgCatalog
	o.schemas[publicSchema] = oidPublic
	o.oids.reserve(oidPgCatalog, "namespace:pg_catalog")
	o.oids.reserve(oidPublic, "namespace:public")
	o.oids.reserve(oidBootstrapRole, "role:"+Role)
	o.oids.reserve(oidDatabaseOwner, "role:"+databaseOwner)
}

func (o *objects) addBuiltinRelations() {
	for _, r := range pg15Relations {
		rel := &relation{schema: r.schema, name: r.name, oid: r.oid, reltype: r.reltype, kind: r.kind,
			owner: Role, builtin: true}
		for _, c := range r.cols {
			name, typ, _ := strings.Cut(c, " ")
			typ, notnull := strings.CutSuffix(typ, "!")
			t := o.types.byFormat[typ]
			if t == nil {
				panic(fmt.Sprintf("pg15_spec.go: %s.%s column %s has type %q, which pg15Types lacks", r.schema, r.name, name, typ))
			}
			rel.cols = append(rel.cols, column{name: name, typ: colType{oid: t.oid, typmod: -1}, notnull: notnull})
		}
		o.rels = append(o.rels, rel)
	}
}

// warehouseSchema names the schema a source table is shown in: its own
// schema part, with unqualified names and DuckDB's main shown as public.
func warehouseSchema(name []string) string {
	if len(name) < 2 || name[len(name)-2] == "main" {
		return publicSchema
	}
	return name[len(name)-2]
}

func (o *objects) addSourceTables(ctx context.Context, repo *registry.Repo, tables TableColumns) error {
	byName := map[string]*relation{}
	for _, src := range repo.Sources {
		name := src.TableName()
		if name == nil {
			continue
		}
		key := strings.Join(name, ".")
		if rel, ok := byName[key]; ok {
			o.srcTables[src] = rel
			continue
		}
		cols, err := tables(ctx, name)
		if err != nil {
			return sqlerr.New(sqlerr.Code(err), "catalog: describing table %s of source %s: %v", key, src.Name, err)
		}
		rel := &relation{schema: warehouseSchema(name), name: name[len(name)-1], kind: "r", owner: Role,
			comment: src.Description}
		for _, c := range cols {
			rel.cols = append(rel.cols, column{name: c.Name, typ: o.types.ofColumn(c)})
		}
		byName[key] = rel
		o.srcTables[src] = rel
		o.rels = append(o.rels, rel)
	}
	return nil
}

// sourceColumn is the type of a source's column, text when the source is
// a query or lacks it (the registry's own check reports the latter).
func (o *objects) sourceColumn(src *registry.Source, name string) colType {
	if rel := o.srcTables[src]; rel != nil {
		for _, c := range rel.cols {
			if c.name == name {
				return c.typ
			}
		}
	}
	if name == src.TimestampField {
		return o.types.ofColumn(warehouse.Column{Type: "timestamptz"})
	}
	return o.types.ofColumn(warehouse.Column{Type: "text"})
}

func (o *objects) viewRelation(schema string, v *registry.FeatureView) *relation {
	rel := &relation{schema: schema, name: v.Name, kind: "v", owner: ownerOf(v), comment: v.Description}
	for _, e := range v.Entities {
		for _, k := range e.JoinKeys {
			rel.cols = append(rel.cols, column{name: k, typ: o.sourceColumn(v.Source, v.Source.Column(k)), comment: e.Description})
		}
	}
	rel.cols = append(rel.cols, column{name: registry.EventTimestamp, typ: o.sourceColumn(v.Source, v.Source.TimestampField),
		comment: "Event time of the row (source column " + v.Source.TimestampField + ")"})
	for _, f := range v.Features {
		rel.cols = append(rel.cols, column{name: f.Name, typ: o.types.ofColumn(warehouse.Column{Type: f.Type.String()}), comment: f.Description})
	}
	rel.def = viewDefinition(v, rel.cols)
	return rel
}

func ownerOf(v *registry.FeatureView) string {
	if v.Owner != "" {
		return v.Owner
	}
	return Role
}

// serviceRelation has the columns planner's serviceColumns gives: the
// views' join keys, then the selected features, <view>__<feature> where
// two views share a feature name.
func (o *objects) serviceRelation(schema string, s *registry.FeatureService) *relation {
	rel := &relation{schema: schema, name: s.Name, kind: "v", owner: Role, comment: s.Description}
	seen := map[string]bool{}
	count := map[string]int{}
	for _, it := range s.Items {
		view := o.viewRelation(schema, it.View)
		for _, c := range view.cols[:len(it.View.JoinKeys())] {
			if !seen[c.name] {
				seen[c.name] = true
				rel.cols = append(rel.cols, c)
			}
		}
		for _, f := range it.Features {
			count[f.Name]++
		}
	}
	for _, it := range s.Items {
		for _, f := range it.Features {
			name := f.Name
			if count[f.Name] > 1 {
				name = it.View.Name + "__" + f.Name
			}
			rel.cols = append(rel.cols, column{name: name, typ: o.types.ofColumn(warehouse.Column{Type: f.Type.String()}), comment: f.Description})
		}
	}
	rel.def = serviceDefinition(s, rel.cols)
	return rel
}

// addOnline lists online.<view> for views materialized online, and
// online.<service> for services all of whose views are.
func (o *objects) addOnline(repo *registry.Repo) {
	for _, v := range repo.Views {
		if !v.Online {
			continue
		}
		rel := o.viewRelation(onlineSchema, v)
		rel.comment = onlineComment(v.Description)
		rel.def = onlineDefinition(featuresSchema+"."+v.Name, v.JoinKeys(), rel.cols)
		o.rels = append(o.rels, rel)
	}
	for _, s := range repo.Services {
		if !slices.ContainsFunc(s.Items, func(it registry.ServiceItem) bool { return !it.View.Online }) {
			rel := o.serviceRelation(onlineSchema, s)
			rel.comment = onlineComment(s.Description)
			rel.def = onlineDefinition(featuresSchema+"."+s.Name, nil, rel.cols)
			o.rels = append(o.rels, rel)
		}
	}
}

func onlineComment(desc string) string {
	if desc == "" {
		return "Latest values per entity key"
	}
	return desc + " (latest values per entity key)"
}

// assignOIDs gives schemas, relations, row types and roles their OIDs, in
// name order so that collisions resolve the same way on every build.
func (o *objects) assignOIDs() {
	var schemas []string
	for _, r := range o.rels {
		if _, ok := o.schemas[r.schema]; !ok {
			o.schemas[r.schema] = 0
			schemas = append(schemas, r.schema)
		}
	}
	sort.Strings(schemas)
	for _, s := range schemas {
		o.schemas[s] = o.oids.of("namespace", s)
	}
	sort.SliceStable(o.rels, func(i, j int) bool {
		return o.rels[i].schema+"."+o.rels[i].name < o.rels[j].schema+"."+o.rels[j].name
	})
	for _, r := range o.rels {
		if !r.builtin {
			r.oid = o.oids.of("class", r.schema+"."+r.name)
			r.reltype = o.oids.of("type", r.schema+"."+r.name)
		}
	}
	var owners []string
	for _, r := range o.rels {
		if _, ok := o.roles[r.owner]; !ok {
			o.roles[r.owner] = 0
			owners = append(owners, r.owner)
		}
	}
	sort.Strings(owners)
	for _, name := range owners {
		o.roles[name] = o.oids.of("role", name)
	}
}

func (o *objects) relation(schema, name string) *relation {
	for _, r := range o.rels {
		if r.schema == schema && r.name == name {
			return r
		}
	}
	return nil
}
