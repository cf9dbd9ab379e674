package datagen

import (
	"fmt"
	"time"
)

// order reads (order_id, driver_id, customer_id, event_timestamp).
func (o *observer) order(row []any) error {
	if err := o.duplicate(row); err != nil {
		return err
	}
	ts := row[3].(time.Time)
	driver, knownDriver := o.lookup(row[1], o.drivers, &o.stats.NullDriverKeys)
	customer, knownCustomer := o.lookup(row[2], o.customers, &o.stats.NullCustomerKeys)
	if row[1] != nil && !knownDriver || row[2] != nil && !knownCustomer {
		o.stats.UnknownKeys++
	}
	if knownDriver && ts.Before(driver.first) || knownCustomer && ts.Before(customer.first) {
		o.stats.OrdersBeforeAnyFeature++
	}
	if knownDriver {
		o.driverEdges(driver, ts)
	}
	return nil
}

func (o *observer) lookup(key any, keys map[int64]*keySeen, nullKeys *int64) (*keySeen, bool) {
	if key == nil {
		*nullKeys++
		return nil, false
	}
	seen, ok := keys[key.(int64)]
	return seen, ok
}

func (o *observer) driverEdges(d *keySeen, ts time.Time) {
	const µs = time.Microsecond
	edge := ts.Add(-DriverTTL)
	if !ts.Before(d.first) && !o.hasRowBetween(d, edge, ts) {
		o.stats.OrdersOlderThanTTL++
	}
	if o.hasRowBetween(d, ts, ts) {
		o.stats.OrdersAtFeatureTime++
	}
	if o.hasRowBetween(d, edge, edge) && !o.hasRowBetween(d, edge.Add(µs), ts) {
		o.stats.OrdersAtTTLEdge++
	}
}

// duplicate counts an order repeating the first row of its order_id. Ids
// ascend and a duplicate follows its original, so comparing with the
// current id's first row finds every duplicate.
func (o *observer) duplicate(row []any) error {
	if o.run == nil || row[0].(int64) > o.run[0].(int64) {
		o.run = row
		return nil
	}
	if row[0].(int64) < o.run[0].(int64) {
		return fmt.Errorf("datagen: order_id %v after %v; duplicates are counted assuming ids ascend", row[0], o.run[0])
	}
	if row[1] != o.run[1] || !row[3].(time.Time).Equal(o.run[3].(time.Time)) {
		return fmt.Errorf("datagen: order_id %v appears with different contents", row[0])
	}
	o.stats.DuplicateOrders++
	return nil
}
