package gateway

import (
	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/planner"
)

// Read-only transactions: BEGIN READ ONLY, or BEGIN while
// default_transaction_read_only is on, makes transaction_read_only on
// until the block ends; outside a block each statement is a transaction
// of its own, read-only when default_transaction_read_only is. A write to
// the warehouse (a writable schema's table, a saved dataset) is then
// refused with 25006, as PostgreSQL refuses it.

// codeReadOnlyTx is read_only_sql_transaction.
const codeReadOnlyTx = "25006"

// readOnly reports whether the current transaction is read-only.
func (s *Session) readOnly() bool {
	name := "default_transaction_read_only"
	if s.tx != txIdle {
		name = "transaction_read_only"
	}
	on, err := parseBool(s.settings[name])
	return err == nil && on
}

// refuseReadOnly is 25006 for the command what in a read-only transaction.
func (s *Session) refuseReadOnly(what string) error {
	if !s.readOnly() {
		return nil
	}
	return sqlerr.New(codeReadOnlyTx, "cannot execute %s in a read-only transaction", what).
		WithHint("COMMIT or ROLLBACK, then write outside the read-only transaction (or SET default_transaction_read_only = off)")
}

// beginReadOnly sets transaction_read_only for a block BEGIN opens.
func (s *Session) beginReadOnly(tx *planner.Transaction) {
	v := s.settings["default_transaction_read_only"]
	if tx.ReadOnly != nil {
		v = "off"
		if *tx.ReadOnly {
			v = "on"
		}
	}
	s.settings["transaction_read_only"] = v
}

// endReadOnly returns transaction_read_only to the default at COMMIT or
// ROLLBACK.
func (s *Session) endReadOnly() {
	s.settings["transaction_read_only"] = s.settings["default_transaction_read_only"]
}

// refuseDatasetReadOnly is refuseReadOnly for saved datasets' statements.
func (s *Session) refuseDatasetReadOnly(st *planner.Statement) error {
	if st.Kind != planner.KindDataset || st.Dataset == nil {
		return nil
	}
	what := "CREATE TABLE AS"
	if st.Dataset.Op == planner.DatasetDrop {
		what = "DROP TABLE"
	}
	return s.refuseReadOnly(what)
}
