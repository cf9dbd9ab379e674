package wire

// COPY's CSV format, as PostgreSQL 15's CopyAttributeOutCSV and
// CopyReadAttributesCSV write and read it.

// appendCSVField appends val for CSV: quoted when forced, when it equals
// the NULL string (so it reads back as a value), when it is \. alone on a
// one-column line (the end marker), or when it holds the delimiter, the
// quote, the escape, CR or LF. Inside quotes the quote and escape bytes
// are preceded by the escape.
func appendCSVField(dst, val []byte, f CopyFormat, force, single bool) []byte {
	quote := force || string(val) == f.Null || (single && string(val) == `\.`)
	for _, c := range val {
		if quote {
			break
		}
		quote = c == f.Delimiter || c == f.Quote || c == f.Escape || c == '\n' || c == '\r'
	}
	if !quote {
		return append(dst, val...)
	}
	dst = append(dst, f.Quote)
	for _, c := range val {
		if c == f.Quote || c == f.Escape {
			dst = append(dst, f.Escape)
		}
		dst = append(dst, c)
	}
	return append(dst, f.Quote)
}

// csvLineEnd finds the end of the first CSV row of buf: the index of the
// first '\n' outside quotes, or -1 when buf holds no whole row.
func csvLineEnd(buf []byte, f CopyFormat) int {
	inQuote, lastEsc := false, false
	for i, c := range buf {
		if inQuote && c == f.Escape && f.Escape != f.Quote {
			lastEsc = !lastEsc
			continue
		}
		switch {
		case c == f.Quote && !lastEsc:
			inQuote = !inQuote
		case c == '\n' && !inQuote:
			return i
		}
		lastEsc = false
	}
	return -1
}

// splitCSVLine splits one CSV row (without its newline) into fields; an
// unquoted field equal to the NULL string is nil (see ForceNotNull and
// ForceNull for the columns they mark). ok is false for an
// unterminated quoted field.
func splitCSVLine(line []byte, f CopyFormat, scratch []byte, fields [][]byte) ([]byte, [][]byte, bool) {
	var ends []int
	var nulls []bool
	i := 0
	for {
		start, quoted := i, false
		for i < len(line) && line[i] != f.Delimiter {
			c := line[i]
			i++
			if c != f.Quote {
				scratch = append(scratch, c)
				continue
			}
			quoted = true
			var ok bool
			if scratch, i, ok = csvQuoted(line, i, f, scratch); !ok {
				return scratch, fields, false
			}
		}
		null := !quoted && string(line[start:i]) == f.Null
		// As PostgreSQL: FORCE_NOT_NULL turns a NULL back into the NULL
		// string; else FORCE_NULL makes a (quoted) value equal to it NULL.
		if n := len(ends); null && f.forceNotNull(n) {
			null = false
		} else if !null && f.forceNull(n) {
			null = string(scratch[fieldStart(ends):]) == f.Null
		}
		ends, nulls = append(ends, len(scratch)), append(nulls, null)
		if i >= len(line) {
			break
		}
		i++
	}
	return scratch, sliceFields(scratch, ends, nulls, fields[:0]), true
}

// fieldStart is where the field being read starts in scratch.
func fieldStart(ends []int) int {
	if len(ends) == 0 {
		return 0
	}
	return ends[len(ends)-1]
}

// csvQuoted reads a quoted part from line[i:], just after its opening
// quote, to its closing quote.
func csvQuoted(line []byte, i int, f CopyFormat, dst []byte) ([]byte, int, bool) {
	for i < len(line) {
		c := line[i]
		i++
		if c == f.Escape && i < len(line) && (line[i] == f.Escape || line[i] == f.Quote) {
			dst = append(dst, line[i])
			i++
			continue
		}
		if c == f.Quote {
			return dst, i, true
		}
		dst = append(dst, c)
	}
	return dst, i, false
}
