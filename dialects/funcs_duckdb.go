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
	case (name == "lpad" || name == "rpad") && len(args) == 2:
		// PostgreSQL pads with spaces by default; DuckDB needs the fill.
		return name + "(" + args[0] + ", " + args[1] + ", ' ')", true
	}
	return "", false
}
