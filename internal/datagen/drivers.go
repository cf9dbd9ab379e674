package datagen

import (
	"iter"
	"math/rand/v2"
	"time"
)

// span is a half-open range of hour (or day) indexes [from, to).
type span struct{ from, to int }

// driverPlan says in which hours one driver reports: from firstHour on,
// every hour outside gaps. driver_stats follows it, and orders read it to
// aim some orders at a gap or at the time before a driver's first row.
type driverPlan struct {
	id        int64
	firstHour int
	gaps      []span // sorted, disjoint
}

func (p driverPlan) reports(h int) bool {
	if h < p.firstHour {
		return false
	}
	for _, g := range p.gaps {
		if h >= g.from && h < g.to {
			return false
		}
	}
	return true
}

// longGaps are the gaps after which a driver's last row is older than
// DriverTTL for a while: at least three missing hours.
func (p driverPlan) longGaps() []span {
	var out []span
	for _, g := range p.gaps {
		if g.to-g.from >= 3 {
			out = append(out, g)
		}
	}
	return out
}

// planDrivers draws every driver's plan: about one in ten starts late, and
// each has now and then a one-hour hole (rows exactly the ttl apart) or a
// gap of 3-12 hours (longer than the ttl).
func planDrivers(cfg Config) []driverPlan {
	r := newRand(cfg, saltDriverPlan)
	hours := max(cfg.HoursOfHistory, 0)
	plans := make([]driverPlan, max(cfg.Drivers, 0))
	for i := range plans {
		p := driverPlan{id: int64(FirstDriverID + i)}
		if hours > 1 && perMille(r, 100) {
			p.firstHour = 1 + r.IntN(hours/2) // still reports in the second half
		}
		for h := p.firstHour + 1; h < hours; {
			switch n := r.IntN(1000); {
			case n < 5:
				length := 3 + r.IntN(10)
				p.gaps = append(p.gaps, span{h, min(h+length, hours)})
				h += length + 1
			case n < 17:
				p.gaps = append(p.gaps, span{h, h + 1})
				h += 2
			default:
				h++
			}
		}
		plans[i] = p
	}
	return plans
}

// driverStatsRows streams driver_stats: one row per driver per reporting
// hour, exactly on the hour, with corrections (a second row for the same
// hour, created later), late arrivals, NULL feature values and a few rows
// with a NULL driver_id.
func driverStatsRows(cfg Config) iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		r := newRand(cfg, saltDriverRows)
		start := cfg.start()
		for _, p := range planDrivers(cfg) {
			d := newDriverValues(r)
			for h := range max(cfg.HoursOfHistory, 0) {
				if p.reports(h) && !d.emitHour(r, p.id, start.Add(time.Duration(h)*time.Hour), yield) {
					return
				}
			}
		}
	}
}

// driverValues is one driver's level, around which its hourly values move.
type driverValues struct {
	conv, acc float64
	trips     int
}

func newDriverValues(r *rand.Rand) driverValues {
	return driverValues{conv: 0.3 + 0.6*r.Float64(), acc: 0.6 + 0.39*r.Float64(), trips: 5 + r.IntN(30)}
}

// emitHour yields the hour's row, then maybe a correction and a stray row
// with a NULL driver_id; it returns false when the consumer stopped.
func (d driverValues) emitHour(r *rand.Rand, id int64, event time.Time, yield func([]any) bool) bool {
	created := event.Add(minutes(r, 2, 20))
	if perMille(r, 20) {
		created = event.Add(minutes(r, 3*60, 18*60)) // late arrival
	}
	if !yield(d.row(r, id, event, created)) {
		return false
	}
	if perMille(r, 30) && !yield(d.row(r, id, event, created.Add(minutes(r, 10, 90)))) {
		return false
	}
	return !perMille(r, 1) || yield(d.row(r, nil, event, created))
}

func (d driverValues) row(r *rand.Rand, id any, event, created time.Time) []any {
	conv := round(clamp(d.conv+0.05*r.NormFloat64(), 0, 1), 4)
	acc := round(clamp(d.acc+0.03*r.NormFloat64(), 0, 1), 4)
	trips := int64(max(0, d.trips+r.IntN(7)-3))
	return []any{id, event, created, nullable(r, 5, conv), nullable(r, 5, acc), nullable(r, 5, trips)}
}
