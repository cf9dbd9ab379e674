package pitref

import "time"

// dstAnchors are instants next to daylight-saving changes: a dialect that
// does ttl arithmetic in local calendar units (a "1 day" that is 23 or 25
// hours) goes wrong near them.
var dstAnchors = []time.Time{
	time.Date(2024, 3, 31, 1, 0, 0, 0, time.UTC),  // Europe springs forward
	time.Date(2024, 10, 27, 1, 0, 0, 0, time.UTC), // Europe falls back
	time.Date(2024, 3, 10, 7, 0, 0, 0, time.UTC),  // 02:00 America/New_York springs forward
	time.Date(2024, 11, 3, 6, 0, 0, 0, time.UTC),  // 02:00 EDT, New York falls back
}

// gridOffsets from the anchor; a scenario uses a few, so timestamps repeat.
var gridOffsets = []time.Duration{
	-25 * time.Hour, -24 * time.Hour, -23 * time.Hour,
	-3 * time.Hour, -2 * time.Hour, -90 * time.Minute, -time.Hour, -30 * time.Minute,
	0, 30 * time.Minute, time.Hour, time.Hour + 250*time.Millisecond + time.Microsecond,
	2 * time.Hour, 3 * time.Hour, 23 * time.Hour, 24 * time.Hour, 25 * time.Hour,
}

var ttlPool = []time.Duration{30 * time.Minute, time.Hour, 2 * time.Hour, 24 * time.Hour}

var createdDelays = []time.Duration{-time.Hour, 0, 0, 0, time.Microsecond, 30 * time.Minute, time.Hour, 2 * time.Hour}

var k1Pool = []any{int64(1), int64(2), int64(12)}

// k2Pool has text a printer must escape and text that differs only in case.
var k2Pool = []any{"3", "23", "O'Brien", `back\slash`, `\'`, "Mixed", "mixed", ""}

var labelPool = []any{"a", "b", `it's`}

var (
	intPool   = []any{int64(-2), int64(0), int64(1), int64(7)}
	floatPool = []any{-1.5, 0.0, 0.25, 2.0, 10.0, 9.5}
	// textPool orders differently byte-wise ("B" < "a") than in most collations.
	textPool = []any{"", "a", "B", "b", "Ab", "a'b", `a\b`, "é"}
	boolPool = []any{false, true}
)
