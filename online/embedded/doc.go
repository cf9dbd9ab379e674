// Package embedded is the embedded online store: one bbolt file
// (go.etcd.io/bbolt, pure Go) under the data directory, the only importer
// of bbolt. bbolt was measured against Pebble for this workload and chosen
// for its reads (docs/benchmarks.md, docs/dependencies.md).
//
// Layout: a bucket per feature view ("view:<name>"), keyed by the encoded
// entity key (online.EncodeEntity), holding the encoded row (a blob whose
// bytes compare in the order of the tie rule).
//
// Invariants: a Put is one bbolt write transaction, so it is applied whole
// or not at all, also across a crash or SIGKILL, and its per-key
// compare-and-set cannot interleave with another writer's. The file is
// locked: one process at a time (serve, demo or materialize).
package embedded
