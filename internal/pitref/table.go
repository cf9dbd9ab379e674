package pitref

import (
	"fmt"
	"time"
)

// Table is a relation held in memory. Values are nil (NULL), int64,
// float64, string, bool or time.Time.
type Table struct {
	Cols []string
	Rows [][]any
}

// KeyPair says Left (a column of the current left table) must equal Right
// (a column of the join's right table).
type KeyPair struct {
	Left, Right string
}

// Join is one ASOF join; see the package doc for what each field means.
type Join struct {
	Right           *Table
	Keys            []KeyPair
	LeftTS, RightTS string
	// Strict makes the inequality right.ts < left.ts instead of <=.
	Strict bool
	// TTL > 0 also requires right.ts >= left.ts - TTL; 0 is unlimited.
	TTL time.Duration
	// Created is the right table's created-timestamp column, "" for none.
	Created string
	// KnownAt also requires right.created <= left.ts; it needs Created.
	KnownAt bool
	// Inner drops left rows without a candidate (ASOF JOIN).
	Inner bool
	// Features are the right columns output, in order; also the final tie-break.
	Features []string
	// Prefix is put before each feature name in the output column names.
	Prefix string
}

// colIndex finds a column or panics: a missing column is a bug in the test
// that built the scenario, not a case to handle.
func colIndex(t *Table, name string) int {
	for i, c := range t.Cols {
		if c == name {
			return i
		}
	}
	panic(fmt.Sprintf("pitref: no column %q among %q", name, t.Cols))
}
