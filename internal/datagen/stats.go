package datagen

// Stats counts, from the generated rows, each awkward case the demo data
// holds on purpose. docs/demo-data.md says why each matters.
type Stats struct {
	// Tables is the row count per table.
	Tables map[string]int64
	// TiesOnEventTime counts feature rows (driver_stats and customer_stats)
	// whose key and event_timestamp repeat an earlier row's.
	TiesOnEventTime int64
	// LateArrivals counts feature rows created more than LateAfter after
	// their event_timestamp.
	LateArrivals int64
	// NullDriverKeys and NullCustomerKeys count rows with that key NULL, in
	// the feature table and in orders together.
	NullDriverKeys, NullCustomerKeys int64
	// OrdersBeforeAnyFeature counts orders whose driver or customer has
	// feature rows, but none at or before the order's event_timestamp.
	OrdersBeforeAnyFeature int64
	// OrdersOlderThanTTL counts orders whose driver has a row at or before
	// the order but none within DriverTTL of it.
	OrdersOlderThanTTL int64
	// NullFeatureValues counts NULL feature cells in both feature tables.
	NullFeatureValues int64
	// UnknownKeys counts orders whose non-NULL driver_id or customer_id has
	// no feature row at all.
	UnknownKeys int64
	// DuplicateOrders counts orders repeating an earlier order's
	// (order_id, driver_id, event_timestamp).
	DuplicateOrders int64
	// OrdersAtFeatureTime counts orders at exactly one of their driver's
	// event_timestamps (the inclusive edge of <=).
	OrdersAtFeatureTime int64
	// OrdersAtTTLEdge counts orders whose driver's newest row is exactly
	// DriverTTL old (the inclusive edge of the ttl).
	OrdersAtTTLEdge int64
}
