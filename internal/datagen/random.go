package datagen

import (
	"math"
	"math/rand/v2"
	"time"
)

// Salts give each stream its own PCG sequence from the one seed.
const (
	saltDriverPlan uint64 = 0xd1 + iota<<8
	saltDriverRows
	saltCustomerPlan
	saltCustomerRows
	saltOrders
)

func newRand(cfg Config, salt uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(cfg.Seed), salt))
}

// perMille is true with probability n/1000.
func perMille(r *rand.Rand, n int) bool { return r.IntN(1000) < n }

// round keeps a few decimals so values print nicely.
func round(x float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(x*p) / p
}

func clamp(x, lo, hi float64) float64 { return min(max(x, lo), hi) }

// minutes returns a random duration in [lo, hi) minutes, whole seconds.
func minutes(r *rand.Rand, lo, hi int) time.Duration {
	return time.Duration(lo)*time.Minute + time.Duration(r.IntN((hi-lo)*60))*time.Second
}

// nullable returns NULL with probability perMille/1000, v otherwise.
func nullable(r *rand.Rand, n int, v any) any {
	if perMille(r, n) {
		return nil
	}
	return v
}
