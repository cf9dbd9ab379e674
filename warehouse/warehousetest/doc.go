// Package warehousetest holds the checks every warehouse connector's tests
// run on it, so that each connector is held to the same contract. It is
// imported only by tests.
package warehousetest
