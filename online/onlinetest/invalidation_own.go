package onlinetest

import (
	"testing"
	"time"

	"github.com/pitgate/pitgate/online"
)

// ownWriteRounds repeats testOwnWrite's check: without the sender id a
// cache's own notification races the fill after its write, and drops or
// refuses it in most rounds.
const ownWriteRounds = 10

// testOwnWrite checks that a cache skips the notification of its own
// write: the row it reads back after writing stays a hit once that
// notification has certainly arrived. Notifications arrive in the order
// the writes committed, so when the peer's later write (to another key
// the cache holds) has invalidated that key, a's own came before it.
func testOwnWrite(t *testing.T, _ Shared, a, b *online.Cache) {
	const own, marker = 30, 31
	write(t, b, Profile, scoreRow(marker, T0, 0))
	for r := 1; r <= ownWriteRounds; r++ {
		ts, score := T0.Add(time.Duration(r)*time.Minute), float64(r)
		cached(t, a, marker, score-1)
		write(t, a, Profile, scoreRow(own, ts, score))
		if got := readOne(t, a, Profile, own); !got.Found || got.Values[0] != score {
			t.Fatalf("round %d: read back %+v, want score %v", r, got, score)
		}
		write(t, b, Profile, scoreRow(marker, ts, score))
		eventually(t, a, marker, score)
		before := a.Stats().Misses
		readOne(t, a, Profile, own)
		if a.Stats().Misses != before {
			t.Fatalf("round %d: the key written through the cache missed after the cache's own notification arrived", r)
		}
	}
}
