package duckdb

import (
	"testing"

	"github.com/pitgate/pitgate/warehouse/warehousetest"
)

func TestSessionTempTables(t *testing.T) { warehousetest.SessionTempTables(t, openMemory(t)) }

func TestSessionTextLoad(t *testing.T) { warehousetest.TextLoad(t, openMemory(t)) }
