package dialects

// duckMoreFunc prints the PostgreSQL functions DuckDB lacks or reads
// otherwise (found by executing the sqlglot corpus); ok false passes the
// call through by name.
func (d DuckDB) duckMoreFunc(name string, args []string) (string, bool) {
	switch {
	case name == "div" && len(args) == 2:
		// DuckDB has no div; PostgreSQL's truncates toward zero and raises on 0.
		// Its result is numeric, as 1 / div(4, 2) = 0.5 shows.
		return "CASE WHEN " + args[1] + " = 0 THEN error(" + d.String("division by zero") + ") ELSE CAST(trunc(" +
			args[0] + " / " + args[1] + ") AS DECIMAL(38,0)) END", true
	case name == "to_hex" && len(args) == 1:
		// DuckDB's hex digits are upper case, PostgreSQL's lower.
		return "lower(to_hex(" + args[0] + "))", true
	case name == "position" && len(args) == 2:
		// position(sub IN s) reaches the printer as position(s, sub), which
		// DuckDB cannot parse; strpos takes the same order.
		return "strpos(" + args[0] + ", " + args[1] + ")", true
	case (name == "substr" || name == "substring") && (len(args) == 2 || len(args) == 3):
		return d.substr(args), true
	case (name == "lpad" || name == "rpad") && len(args) == 2:
		// PostgreSQL pads with spaces by default; DuckDB needs the fill.
		return name + "(" + args[0] + ", " + args[1] + ", ' ')", true
	}
	return "", false
}

// substr prints substr(s, start [, count]) with PostgreSQL's reading of a
// start below 1: the characters before position 1 count against count and
// are not there ('abc' from -1 for 3 is 'a'), where DuckDB counts a
// negative start from the end ('c'). A negative count raises as in
// PostgreSQL.
func (d DuckDB) substr(args []string) string {
	s, start := args[0], args[1]
	if len(args) == 2 {
		return "substring(" + s + ", CASE WHEN " + start + " < 1 THEN 1 ELSE " + start + " END)"
	}
	n := args[2]
	end := "(" + start + " + " + n + " - 1)"
	return "CASE WHEN " + n + " < 0 THEN error(" + d.String("negative substring length not allowed") + ") WHEN " +
		start + " >= 1 THEN substring(" + s + ", " + start + ", " + n + ") WHEN " + end + " >= 1 THEN substring(" +
		s + ", 1, " + end + ") WHEN " + end + " < 1 THEN '' END"
}
