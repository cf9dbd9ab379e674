package postgres_test

import (
	"testing"

	"github.com/pitgate/pitgate/warehouse/warehousetest"
)

func TestSessionTempTables(t *testing.T) {
	db, _ := open(t)
	warehousetest.SessionTempTables(t, db)
}

func TestSessionTextLoad(t *testing.T) {
	db, _ := open(t)
	warehousetest.TextLoad(t, db)
}
