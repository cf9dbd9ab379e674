// Package pitref is the brute-force reference for pitgate's point-in-time
// (ASOF) join, DESIGN §2.2. Differential tests run random scenarios
// (RandomScenario) through every dialect on a real engine and compare the
// results with Evaluate using Compare. It imports nothing of pitgate's, so a
// bug in the planner or a dialect cannot leak into the reference.
//
// It is written to be obviously correct, not fast: for every left row it
// looks at every right row. Do not optimise it; use it on small tables.
//
// # The contract Evaluate implements
//
// Joins apply left to right; each join sees the columns added by the joins
// before it. For one join and one left row L, a right row R is a candidate
// when all of these hold:
//
//   - every key pair is equal, L.key = R.key, and neither side is NULL
//     (NULL never equals anything, not even NULL);
//   - L.ts and R.ts are both non-NULL and R.ts <= L.ts (Strict: R.ts < L.ts);
//   - TTL > 0: R.ts >= L.ts - TTL, inclusive, TTL counted as an exact
//     duration (never calendar days); TTL = 0 means unlimited lookback;
//   - KnownAt: R.created is non-NULL and R.created <= L.ts.
//
// The winner is the candidate that is greatest under this order, compared
// step by step:
//
//  1. greater R.ts;
//  2. when Created is set: greater R.created, a NULL created losing to any
//     value (two NULLs tie);
//  3. each of Features in declared order: the greater value wins, a NULL
//     losing to any value. Text compares byte-wise (as COLLATE "C"), bools
//     false < true, floats numerically (NaN above every number, as in
//     PostgreSQL), integers numerically, times by instant.
//
// Candidates still tied after step 3 are equal in every output column, so
// which one wins cannot be observed. The winner's features are output as
// they are: a NULL feature stays NULL, values never come from another row.
// A left row with no candidate is dropped by an inner join (ASOF JOIN) and
// kept with NULL features by ASOF LEFT JOIN. Every left row is output at
// most once per join, in left row order, so duplicate left rows stay
// duplicates.
//
// Values are nil (NULL), int64, float64, string, bool and time.Time. Key
// pairs and a feature column must hold one Go type (besides nil); Evaluate
// panics on a mixture, and on unknown column names, because either means the
// test building the scenario is wrong.
package pitref
