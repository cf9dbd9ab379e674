package online

import "github.com/pitgate/pitgate/internal/sqlerr"

// SQLSTATEs that online/ makes and internal/sqlerr does not list yet
// (kept here rather than editing the shared list while others change it).
const (
	codeNotNull       = "23502" // not_null_violation
	codeOutOfRange    = "22003" // numeric_value_out_of_range
	codeDatatype      = sqlerr.DatatypeMismatch
	codeInvalidText   = sqlerr.InvalidText
	codeObjectInState = "55000" // object_not_in_prerequisite_state
)
