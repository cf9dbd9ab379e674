// Package registry owns the feature repository: the object model (entities,
// sources, feature views, feature services), the YAML loader, and the
// validation that makes a loaded Repo safe to plan against. The format and
// every rule are in docs/feature-repository.md; DESIGN.md §3 is the contract.
//
// Invariants of a *Repo returned by Load or Parse:
//   - every name of an entity, source, view, service, feature and join key is
//     a lower-case SQL identifier that is not a reserved word, so SQL can
//     print it unquoted and every client sees the same name;
//   - names are unique within each kind, and views and services share one
//     namespace (both are relations in schema features);
//   - each view has at least one entity, a source and a feature; its relation
//     columns (join keys, event_timestamp, features) are pairwise distinct;
//   - every reference (view -> entity, view -> source, service -> view ->
//     feature) points at the object in the Repo's own slices;
//   - a known_at view's source has a created_timestamp_field, and a TTL is a
//     non-negative whole number of seconds.
//
// Nothing modifies a Repo after Load or Parse returns it, so it may be
// shared between goroutines; a new repository version is a new Repo.
//
// Whether the named columns exist in the warehouse is not known at load
// time; CheckSourceColumns checks it given a way to read them.
//
// Every problem is an *Error located at file:line, and Load/Parse report all
// of them at once (as Errors), not only the first. This package imports
// nothing of pitgate's, so errors carry no SQLSTATE: callers that show them to
// a SQL client attach one.
package registry
