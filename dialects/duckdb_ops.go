package dialects

// duckOp prints the binary operators whose DuckDB spelling or default
// differs from PostgreSQL's; ok false prints the operator as written.
func (d DuckDB) duckOp(op, l, r string) (string, bool) {
	switch op {
	case "LIKE", "NOT LIKE", "ILIKE", "NOT ILIKE":
		// PostgreSQL's patterns escape with \ by default, DuckDB's with nothing:
		// 'a_c' LIKE 'a\_c' is true in PostgreSQL, false in DuckDB as written.
		return "(" + l + " " + op + " " + r + " ESCAPE " + d.String(`\`) + ")", true
	case "#":
		// PostgreSQL's bitwise xor; # is no operator in DuckDB.
		return "xor(" + l + ", " + r + ")", true
	}
	return d.regexMatch(op, l, r)
}
