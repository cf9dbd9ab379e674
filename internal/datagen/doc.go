// Package datagen generates the demo's warehouse tables (driver_stats,
// customer_stats, orders; DESIGN §1) from a seed, and loads them through
// warehouse.Warehouse.Load. docs/demo-data.md describes the tables and the
// awkward cases they contain on purpose.
//
// Invariants:
//   - Deterministic: the same Config yields the same rows, in the same
//     order, on every call; each table has its own PCG stream seeded from
//     Config.Seed, so one table's rows do not depend on another's.
//   - Streaming: rows are produced one at a time and never collected, so a
//     benchmark can load millions. What is kept is per key (a plan of when
//     each driver reports, a bit per driver-hour for the statistics), never
//     per row of a whole table.
//   - Stats are counted from the rows as they stream past, not from what the
//     generator meant to produce; the counting relies on properties of the
//     streams (driver rows on whole hours from Start, each key's rows in time
//     order, duplicate orders next to their original) and fails loudly if
//     one does not hold.
package datagen
