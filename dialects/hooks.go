package dialects

// Optional dialect capabilities. A Dialect that does not implement one of
// these prints what DuckDB and PostgreSQL print, so those two need no code
// for them and their output cannot change.

// tableNamer maps a relation's name parts (as written or as the registry
// holds them) to the dialect's qualified, quoted name.
type tableNamer interface {
	TableName(parts []string) string
}

// valuesPrinter prints a VALUES list as a FROM item's body, for dialects
// without VALUES in FROM. rows are printed rows of printed values; names
// are the quoted column names.
type valuesPrinter interface {
	ValuesBody(rows [][]string, names []string) string
}

// qualifyFilter reports that a SELECT with QUALIFY must also have a WHERE,
// GROUP BY or HAVING (BigQuery); the printer adds WHERE TRUE.
type qualifyFilter interface {
	QualifyNeedsWhere() bool
}

// exprRefuser refuses constructs whose meaning the dialect cannot keep
// (an operator, aggregate FILTER, DISTINCT ON), with 0A000; nil means the
// construct prints as usual.
type exprRefuser interface {
	Refuse(construct string) error
}

// refuse asks the dialect whether it refuses construct, when used is true.
func refuse(d Dialect, used bool, construct string) error {
	if r, ok := d.(exprRefuser); ok && used {
		return r.Refuse(construct)
	}
	return nil
}
