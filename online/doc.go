// Package online owns online serving's engine: the Store interface and its
// typed layer over byte backends, the key and row encodings, the
// in-process cache, and materialization from the warehouse. The stores
// live in subpackages, each the only importer of its SDK: embedded
// (bbolt), redis (go-redis), postgres (pgxpool); onlinetest is the
// conformance suite they all pass.
//
// What the gateway calls (docs/online.md has the whole picture):
//
//	store, _ := embedded.Open(dir)          // or redis.Open, postgres.Open
//	cache, _ := online.NewCache(store, online.CacheOptions{MaxEntries: n})
//
//	// SELECT ... FROM online.<view> WHERE key IN (...): one Lookup;
//	// a feature service: one Lookup per view, one Read, one round trip.
//	res, err := cache.Read(ctx, []online.Lookup{{View: v, Keys: keys}})
//	// res[0][j] answers keys[j]: Found, EventTS, Values (view order);
//	// res[0][j].Expired(v, now) means NULL features (ttl).
//
//	// INSERT INTO online.<view> / COPY: typed Go values, validated first.
//	err = cache.Write(ctx, v, []online.Row{{Key: k, EventTS: ts, Values: vals}})
//
//	// CALL pitgate.materialize(view, start, end) and materialize_incremental():
//	m := &online.Materializer{Repo: repo, Warehouse: wh, Store: cache, State: state,
//		Sources: plannerBacked, Progress: notice}
//	reports, err := m.Materialize(ctx, []string{view}, start, end) // or m.Incremental(ctx, nil, now)
//	root, sql, err := m.Query(ctx, v, start, end)                  // EXPLAIN
//
// Invariants:
//   - For each (view, entity key) a store keeps one row: the first by the
//     tie rule of DESIGN §2.2 (greatest event time, then greatest created
//     timestamp with none losing, then the compared features in declared
//     order, greatest first, NULL losing, text byte-wise; json, jsonb and
//     arrays are not compared by the rule, but their bytes order what is
//     still tied, so the choice is deterministic). The rule is one byte
//     comparison of the encoded row (blob.go), made
//     atomically by each backend with its write, so concurrent writers in
//     any number of processes converge on the same row.
//   - An entity key is encoded with its join key names, a type tag per
//     part and length prefixes (key.go): distinct keys never collide, and
//     every integer width names the same key.
//   - Values round-trip exactly: float bits (NaN payloads, -0), integers by
//     declared width, numeric as its exact text, timestamps to the
//     microsecond (in UTC), NULL.
//   - The cache never answers an older row than the store held when a
//     write returned (cache.go explains the generation check). Writes by
//     other processes to a Redis or PostgreSQL store reach it by the
//     store's notifications (invalidate.go); while it is not subscribed it
//     caches nothing.
//   - Materialization reads only the warehouse, in its dialect, and writes
//     through the Store; an interval is recorded in the State only after
//     all its rows are written, so a crash means redoing it, and redoing it
//     changes nothing.
package online
