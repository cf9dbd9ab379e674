package datagen

import (
	"iter"
	"math/rand/v2"
	"time"
)

// customerStatsRows streams customer_stats: per customer, about one row a
// day at the customer's own time of day, from a first day that is late for
// about one customer in ten; with corrections, late arrivals (created days
// after the event), NULL feature values and a few NULL customer_id rows.
// Every customer has at least one row.
func customerStatsRows(cfg Config) iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		r := newRand(cfg, saltCustomerRows)
		start := cfg.start()
		for i := range max(cfg.Customers, 0) {
			c := newCustomerValues(r, cfg.days())
			id := int64(FirstCustomerID + i)
			for day := c.firstDay; day < cfg.days(); day++ {
				if day > c.firstDay && perMille(r, 80) {
					continue // no row that day; the first day always has one
				}
				event := start.Add(time.Duration(day)*24*time.Hour + c.timeOfDay)
				if !c.emitDay(r, id, event, yield) {
					return
				}
			}
		}
	}
}

// customerValues is one customer's running state.
type customerValues struct {
	firstDay  int
	timeOfDay time.Duration
	balance   float64
	spend     float64
	orders    int64
}

func newCustomerValues(r *rand.Rand, days int) *customerValues {
	c := &customerValues{
		timeOfDay: minutes(r, 0, 24*60),
		balance:   500 * r.Float64(),
		spend:     5 + 75*r.Float64(),
		orders:    int64(r.IntN(50)),
	}
	if days > 1 && perMille(r, 100) {
		c.firstDay = 1 + r.IntN(days/2) // still reports in the second half
	}
	return c
}

func (c *customerValues) emitDay(r *rand.Rand, id int64, event time.Time, yield func([]any) bool) bool {
	c.balance = max(0, c.balance+20*r.NormFloat64())
	c.spend = clamp(c.spend+2*r.NormFloat64(), 1, 200)
	c.orders += int64(r.IntN(4))
	created := event.Add(minutes(r, 5, 60))
	if perMille(r, 30) {
		created = event.Add(minutes(r, 24*60, 3*24*60)) // late arrival
	}
	if !yield(c.row(r, id, event, created)) {
		return false
	}
	if perMille(r, 30) && !yield(c.row(r, id, event, created.Add(minutes(r, 30, 6*60)))) {
		return false
	}
	return !perMille(r, 2) || yield(c.row(r, nil, event, created))
}

func (c *customerValues) row(r *rand.Rand, id any, event, created time.Time) []any {
	return []any{id, event, created,
		nullable(r, 5, round(c.balance, 2)),
		nullable(r, 5, round(c.spend, 2)),
		nullable(r, 5, c.orders)}
}
