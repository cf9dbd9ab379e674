package registry

import (
	"fmt"
	"strings"
	"time"
)

// EventTimestamp is the fixed name under which every feature view exposes its
// source's timestamp_field.
const EventTimestamp = "event_timestamp"

// Pos is where an object or value was written: a file and a 1-based line.
type Pos struct {
	File string
	Line int
}

// String gives "file:line", or just the file when the line is unknown.
func (p Pos) String() string {
	if p.Line <= 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d", p.File, p.Line)
}

// Repo is a validated feature repository. Each slice is sorted by name and
// every pointer between objects points into these slices.
type Repo struct {
	Entities []*Entity
	Sources  []*Source
	Views    []*FeatureView
	Services []*FeatureService
}

// Entity names the thing features describe and the columns that identify it.
type Entity struct {
	Name        string
	JoinKeys    []string
	Description string
	Pos         Pos
}

// Source is a warehouse table or query holding feature rows over time.
type Source struct {
	Name, Table, Query, TimestampField, CreatedTimestampField, Description string
	// FieldMapping renames source columns (keys) to view-level names (values).
	FieldMapping map[string]string
	Pos          Pos
}

// TableName splits Table into its qualified name parts; nil for query sources.
func (s *Source) TableName() []string {
	if s.Table == "" {
		return nil
	}
	return strings.Split(s.Table, ".")
}

// Column gives the source column that holds the view-level column name: the
// field_mapping key whose value is name, or name itself when no key maps to it.
func (s *Source) Column(name string) string {
	for col, mapped := range s.FieldMapping {
		if mapped == name {
			return col
		}
	}
	return name
}

// Feature is one typed column of a feature view.
type Feature struct {
	Name        string
	Type        Type
	Description string
	Pos         Pos
}

// FeatureView is a set of features of some entities, read from one source.
// As a relation its columns are JoinKeys(), EventTimestamp, then Features.
type FeatureView struct {
	Name     string
	Entities []*Entity
	Source   *Source
	// TTL bounds how far back a point-in-time join looks; 0 means unlimited.
	TTL time.Duration
	// Online views are materialized into the online store.
	Online bool
	// KnownAt joins only rows whose created timestamp is not after the left row's time.
	KnownAt     bool
	Features    []*Feature
	Owner       string
	Description string
	Tags        map[string]string
	Pos         Pos
}

// JoinKeys lists the view's entities' join keys, in entity order.
func (v *FeatureView) JoinKeys() []string {
	var keys []string
	for _, e := range v.Entities {
		keys = append(keys, e.JoinKeys...)
	}
	return keys
}

// Feature returns the view's feature called name, or nil.
func (v *FeatureView) Feature(name string) *Feature {
	for _, f := range v.Features {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// FeatureService is a named selection of features from one or more views.
type FeatureService struct {
	Name, Description string
	Items             []ServiceItem
	Pos               Pos
}

// ServiceItem is one view's contribution to a service, in the order written.
type ServiceItem struct {
	View     *FeatureView
	Features []*Feature
}

// Entity returns the entity called name, or nil.
func (r *Repo) Entity(name string) *Entity { return find(r.Entities, name, (*Entity).name) }

// Source returns the source called name, or nil.
func (r *Repo) Source(name string) *Source { return find(r.Sources, name, (*Source).name) }

// View returns the feature view called name, or nil.
func (r *Repo) View(name string) *FeatureView { return find(r.Views, name, (*FeatureView).name) }

// Service returns the feature service called name, or nil.
func (r *Repo) Service(name string) *FeatureService {
	return find(r.Services, name, (*FeatureService).name)
}

func (e *Entity) name() string         { return e.Name }
func (s *Source) name() string         { return s.Name }
func (v *FeatureView) name() string    { return v.Name }
func (s *FeatureService) name() string { return s.Name }

// find scans rather than indexing so that a Repo built by hand (in another
// package's tests, say) answers lookups as well as a loaded one.
func find[T any](items []*T, name string, nameOf func(*T) string) *T {
	for _, it := range items {
		if nameOf(it) == name {
			return it
		}
	}
	return nil
}
