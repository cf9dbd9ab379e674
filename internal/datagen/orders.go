package datagen

import (
	"iter"
	"math/rand/v2"
	"time"
)

// ordersRows streams exactly cfg.Orders orders, order_id ascending, spread
// uniformly over the period. A few are aimed at awkward places: before a
// late driver's first row, inside a driver's gap longer than the ttl,
// exactly on a driver's hour, exactly at (and a microsecond past) the ttl
// edge. Some have a NULL or unknown driver_id or customer_id, and a few
// repeat the order just before them.
func ordersRows(cfg Config) iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		g := newOrderGen(cfg)
		var prev []any
		nextID := int64(1)
		for range max(cfg.Orders, 0) {
			var row []any
			if prev != nil && perMille(g.r, 3) {
				row = append([]any(nil), prev...) // a duplicated order
			} else {
				driver, ts := g.driverAndTime()
				row = []any{nextID, driver, g.customer(), ts}
				nextID++
			}
			if !yield(row) {
				return
			}
			prev = row
		}
	}
}

type orderGen struct {
	r           *rand.Rand
	cfg         Config
	start       time.Time
	plans       []driverPlan
	lateDrivers []driverPlan
	gapDrivers  []driverPlan
}

func newOrderGen(cfg Config) *orderGen {
	g := &orderGen{r: newRand(cfg, saltOrders), cfg: cfg, start: cfg.start(), plans: planDrivers(cfg)}
	for _, p := range g.plans {
		if p.firstHour > 0 {
			g.lateDrivers = append(g.lateDrivers, p)
		}
		if len(p.longGaps()) > 0 {
			g.gapDrivers = append(g.gapDrivers, p)
		}
	}
	return g
}

func (g *orderGen) driverAndTime() (driver any, ts time.Time) {
	hour := func(h int) time.Time { return g.start.Add(time.Duration(h) * time.Hour) }
	switch n := g.r.IntN(1000); {
	case n < 5:
		return nil, g.anyTime()
	case n < 10 || len(g.plans) == 0:
		return g.unknownDriver(), g.anyTime()
	case n < 30 && len(g.lateDrivers) > 0:
		p := pick(g.r, g.lateDrivers)
		return p.id, g.start.Add(g.seconds(time.Duration(p.firstHour) * time.Hour))
	case n < 60 && len(g.gapDrivers) > 0:
		p := pick(g.r, g.gapDrivers)
		gap := pick(g.r, p.longGaps())
		// Past the last row's ttl, before the next row.
		return p.id, hour(gap.from + 1).Add(g.seconds(time.Duration(gap.to-gap.from-1) * time.Hour))
	case n < 70:
		return pick(g.r, g.plans).id, hour(g.r.IntN(max(g.cfg.HoursOfHistory, 1)))
	case n < 76 && len(g.gapDrivers) > 0:
		p := pick(g.r, g.gapDrivers)
		edge := hour(pick(g.r, p.longGaps()).from - 1).Add(DriverTTL)
		return p.id, edge.Add(time.Duration(g.r.IntN(2)) * time.Microsecond)
	}
	return pick(g.r, g.plans).id, g.anyTime()
}

func (g *orderGen) anyTime() time.Time {
	return g.start.Add(g.seconds(time.Duration(max(g.cfg.HoursOfHistory, 1)) * time.Hour))
}

// seconds is a random whole number of seconds in [0, d), 0 when d <= 0.
func (g *orderGen) seconds(d time.Duration) time.Duration {
	if d < time.Second {
		return 0
	}
	return time.Duration(g.r.Int64N(int64(d/time.Second))) * time.Second
}

func (g *orderGen) unknownDriver() any {
	return int64(FirstDriverID + max(g.cfg.Drivers, 0) + g.r.IntN(1000))
}

func (g *orderGen) customer() any {
	switch n := g.r.IntN(1000); {
	case n < 5:
		return nil
	case n < 10 || g.cfg.Customers <= 0:
		return int64(FirstCustomerID + max(g.cfg.Customers, 0) + g.r.IntN(1000))
	}
	return int64(FirstCustomerID + g.r.IntN(g.cfg.Customers))
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }
