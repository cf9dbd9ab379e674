// Package redis is the Redis online store (github.com/redis/go-redis/v9),
// the only importer of go-redis.
//
// Layout: one hash per entity key, named Prefix + the encoded entity key
// (online.EncodeEntity, which includes the join key names), with one field
// per feature view holding that view's encoded row: its event time, tie
// values and features. The views of a feature service that share an entity
// are one HMGET.
//
// Invariants: the latest-wins check runs inside Redis (a Lua script), so
// concurrent writers from several processes never let an older row
// overwrite a newer one; reads and writes are pipelined, one round trip
// per call (per 32768 rows for writes). Every dial and round trip is bounded
// by Options.Timeout: with Redis down a lookup fails fast with 08006, and
// go-redis reconnects by itself once Redis answers. Keys are not grouped by
// cluster slot: this is for a single Redis (or a proxy), not Redis Cluster.
package redis
