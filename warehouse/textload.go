package warehouse

// LoadError is a LoadText failure caused by one row of the source: the
// warehouse refused the value of Column in the Row-th row of the source
// (from 1). The caller, who knows where that row came from (a COPY's
// line, an INSERT's VALUES item), says so in the error's CONTEXT; Err is
// the warehouse's own error, with its SQLSTATE (22xxx for bad data).
type LoadError struct {
	Row    int64
	Column string // "" when the warehouse did not say
	Value  string // the rejected value's text, as the warehouse quoted it
	Err    error
}

func (e *LoadError) Error() string { return e.Err.Error() }
func (e *LoadError) Unwrap() error { return e.Err }
