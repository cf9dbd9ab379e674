package datagen

import (
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

// Config sizes the generated data.
type Config struct {
	Seed int64
	// Drivers, Customers and Orders are how many of each there are; driver
	// ids start at FirstDriverID and customer ids at FirstCustomerID.
	Drivers, Customers, Orders int
	// HoursOfHistory is the period covered, from Start.
	HoursOfHistory int
	// Start is the first instant of the period; zero means DefaultStart.
	Start time.Time
}

// Ids, the default start and the ttl the demo's driver feature view uses;
// Stats counts orders older than DriverTTL.
const (
	FirstDriverID   = 1001
	FirstCustomerID = 20001
	DriverTTL       = 2 * time.Hour
	// LateAfter is how long after its event a row must be created to count
	// as a late arrival.
	LateAfter = time.Hour
)

// DefaultStart is 2024-01-01 00:00 UTC.
var DefaultStart = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// DefaultConfig is the demo's size: 100 drivers, 500 customers, 10,000
// orders over 30 days of hourly driver stats.
func DefaultConfig() Config {
	return Config{Seed: 1, Drivers: 100, Customers: 500, Orders: 10_000, HoursOfHistory: 30 * 24}
}

// start is cfg.Start in UTC at microsecond precision, or DefaultStart.
func (cfg Config) start() time.Time {
	if cfg.Start.IsZero() {
		return DefaultStart
	}
	return cfg.Start.UTC().Truncate(time.Microsecond)
}

func (cfg Config) days() int { return (max(cfg.HoursOfHistory, 0) + 23) / 24 }

func (cfg Config) validate() error {
	for _, f := range []struct {
		name string
		n    int
	}{{"drivers", cfg.Drivers}, {"customers", cfg.Customers}, {"orders", cfg.Orders}, {"hours of history", cfg.HoursOfHistory}} {
		if f.n < 0 {
			return sqlerr.New(sqlerr.InvalidParameter, "demo data: the number of %s must not be negative, got %d", f.name, f.n).
				WithHint("Pass 0 or a positive number.")
		}
	}
	return nil
}
