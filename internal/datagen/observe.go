package datagen

import (
	"fmt"
	"time"
)

// observer counts Stats from rows as they stream past. It keeps per key
// the first and last event time, and per driver one bit per hour of the
// period; never the rows.
type observer struct {
	start     time.Time
	hours     int
	stats     Stats
	drivers   map[int64]*keySeen
	customers map[int64]*keySeen
	run       []any // the first row of the current order_id
}

type keySeen struct {
	first, last time.Time
	hourBits    []uint64 // drivers only: bit h set when a row is at start+h hours
}

func newObserver(cfg Config) *observer {
	return &observer{
		start: cfg.start(), hours: max(cfg.HoursOfHistory, 0),
		stats:   Stats{Tables: map[string]int64{}},
		drivers: map[int64]*keySeen{}, customers: map[int64]*keySeen{},
	}
}

func (o *observer) observe(table string, row []any) error {
	o.stats.Tables[table]++
	switch table {
	case DriverStats:
		return o.featureRow(row, o.drivers, &o.stats.NullDriverKeys, true)
	case CustomerStats:
		return o.featureRow(row, o.customers, &o.stats.NullCustomerKeys, false)
	case Orders:
		return o.order(row)
	}
	return fmt.Errorf("datagen: no statistics for table %q", table)
}

// featureRow reads (key, event_timestamp, created, feature...).
func (o *observer) featureRow(row []any, keys map[int64]*keySeen, nullKeys *int64, hourly bool) error {
	event, created := row[1].(time.Time), row[2].(time.Time)
	if created.Sub(event) > LateAfter {
		o.stats.LateArrivals++
	}
	for _, v := range row[3:] {
		if v == nil {
			o.stats.NullFeatureValues++
		}
	}
	if row[0] == nil {
		*nullKeys++
		return nil
	}
	seen := keys[row[0].(int64)]
	if seen == nil {
		seen = &keySeen{first: event, last: event}
		keys[row[0].(int64)] = seen
	} else if event.Equal(seen.last) {
		o.stats.TiesOnEventTime++
	} else if event.Before(seen.last) {
		return fmt.Errorf("datagen: key %v goes back in time at %v; ties are counted assuming time order", row[0], event)
	}
	seen.last = event
	if hourly {
		return o.setHour(seen, event)
	}
	return nil
}

func (o *observer) setHour(seen *keySeen, event time.Time) error {
	off := event.Sub(o.start)
	h := int(off / time.Hour)
	if off%time.Hour != 0 || off < 0 || h >= o.hours {
		return fmt.Errorf("datagen: driver row at %v is not on an hour of the period; the ttl statistics assume it is", event)
	}
	if seen.hourBits == nil {
		seen.hourBits = make([]uint64, (o.hours+63)/64)
	}
	seen.hourBits[h/64] |= 1 << (h % 64)
	return nil
}

// hasRowBetween reports whether the driver has a row in [lo, hi].
func (o *observer) hasRowBetween(seen *keySeen, lo, hi time.Time) bool {
	from := max(ceilHours(lo.Sub(o.start)), 0)
	to := min(floorHours(hi.Sub(o.start)), o.hours-1)
	for h := from; h <= to; h++ {
		if seen.hourBits[h/64]&(1<<(h%64)) != 0 {
			return true
		}
	}
	return false
}

func floorHours(d time.Duration) int {
	h := d / time.Hour
	if d%time.Hour != 0 && d < 0 {
		h--
	}
	return int(h)
}

func ceilHours(d time.Duration) int { return -floorHours(-d) }
