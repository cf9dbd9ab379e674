package wire

// COPY's text format, as PostgreSQL 15's CopyAttributeOutText and
// CopyReadAttributesText write and read it.

// appendTextField appends val escaped for the text format: backslash,
// the delimiter and the control characters \b \f \n \r \t \v get a
// backslash; other bytes (UTF-8 included) are copied.
func appendTextField(dst, val []byte, delim byte) []byte {
	for _, c := range val {
		switch {
		case c < 0x20:
			if e, ok := textEscapes[c]; ok {
				dst = append(dst, '\\', e)
			} else if c == delim {
				dst = append(dst, '\\', c)
			} else {
				dst = append(dst, c)
			}
		case c == '\\' || c == delim:
			dst = append(dst, '\\', c)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

var textEscapes = map[byte]byte{'\b': 'b', '\f': 'f', '\n': 'n', '\r': 'r', '\t': 't', '\v': 'v'}

// textLineEnd finds the end of the first line of buf: the index of its
// unescaped '\n' (a backslash quotes the next byte, newline included), or
// -1 when buf holds no whole line.
func textLineEnd(buf []byte) int {
	for i := 0; i < len(buf); i++ {
		switch buf[i] {
		case '\\':
			i++
		case '\n':
			return i
		}
	}
	return -1
}

// splitTextLine splits one line (without its newline) into fields,
// appending their unescaped bytes to scratch; a field whose raw text is
// the NULL string is nil. ends are where each field ends in scratch.
func splitTextLine(line []byte, f CopyFormat, scratch []byte, fields [][]byte) ([]byte, [][]byte) {
	var ends []int
	var nulls []bool
	start := 0
	for {
		end := start
		for end < len(line) && line[end] != f.Delimiter {
			if line[end] == '\\' {
				end++
			}
			end++
		}
		end = min(end, len(line))
		raw := line[start:end]
		null := string(raw) == f.Null
		if !null {
			scratch = unescapeText(scratch, raw)
		}
		ends, nulls = append(ends, len(scratch)), append(nulls, null)
		if end >= len(line) {
			break
		}
		start = end + 1
	}
	return scratch, sliceFields(scratch, ends, nulls, fields[:0])
}

// sliceFields cuts scratch at ends, once scratch has stopped growing.
func sliceFields(scratch []byte, ends []int, nulls []bool, fields [][]byte) [][]byte {
	start := 0
	for i, end := range ends {
		if nulls[i] {
			fields = append(fields, nil)
		} else {
			field := scratch[start:end:end]
			if field == nil { // an empty value while scratch is still nil: not NULL
				field = []byte{}
			}
			fields = append(fields, field)
		}
		start = end
	}
	return fields
}

// unescapeText appends raw with its backslash escapes resolved: \b \f \n
// \r \t \v, octal \ooo, hex \xhh, and any other \c as c.
func unescapeText(dst, raw []byte) []byte {
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' || i+1 == len(raw) {
			dst = append(dst, c)
			continue
		}
		i++
		c = raw[i]
		switch {
		case c >= '0' && c <= '7':
			v := int(c - '0')
			for n := 0; n < 2 && i+1 < len(raw) && raw[i+1] >= '0' && raw[i+1] <= '7'; n++ {
				i++
				v = v*8 + int(raw[i]-'0')
			}
			dst = append(dst, byte(v))
		case c == 'x' && i+1 < len(raw) && hexVal(raw[i+1]) >= 0:
			i++
			v := hexVal(raw[i])
			if i+1 < len(raw) && hexVal(raw[i+1]) >= 0 {
				i++
				v = v*16 + hexVal(raw[i])
			}
			dst = append(dst, byte(v))
		default:
			dst = append(dst, textUnescapes[c])
		}
	}
	return dst
}

var textUnescapes = func() [256]byte {
	var t [256]byte
	for i := range t {
		t[i] = byte(i)
	}
	for c, e := range textEscapes {
		t[e] = c
	}
	return t
}()

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}
