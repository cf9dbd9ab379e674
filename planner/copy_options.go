package planner

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

// COPY options beyond the format's characters, as PostgreSQL 15's
// ProcessCopyOptions reads them: FORCE_NOT_NULL and FORCE_NULL (CSV input),
// ENCODING (UTF8 only: pitgate's sessions are UTF8), and FREEZE and HEADER
// MATCH refused by name. DEFAULT is PostgreSQL 16's and not recognized, as
// in 15.

// setMore reads the options set does not.
func (o *CopyOptions) setMore(d *pg.DefElem) error {
	switch d.Defname {
	case "force_not_null":
		return setColumnList(&o.ForceNotNull, d)
	case "force_null":
		return setColumnList(&o.ForceNull, d)
	case "encoding":
		return checkCopyEncoding(d)
	case "freeze":
		if defBool(d) {
			return copyOptionUnsupported("FREEZE", d, "COPY without FREEZE: pitgate's COPY targets are not PostgreSQL heap tables")
		}
		return nil
	}
	return sqlerr.New(sqlerr.Syntax, "option %q not recognized", d.Defname).At(pos(d.Location)).
		WithHint("pitgate's COPY takes FORMAT, HEADER, DELIMITER, NULL, QUOTE, ESCAPE, FORCE_QUOTE, FORCE_NOT_NULL, FORCE_NULL and ENCODING")
}

// setColumnList reads FORCE_NOT_NULL (a, b) or FORCE_NULL (a, b); PostgreSQL
// 15 takes no * for them.
func setColumnList(dst *[]string, d *pg.DefElem) error {
	items := d.Arg.GetList().GetItems()
	if d.Arg.GetList() == nil {
		return sqlerr.New(sqlerr.InvalidParameter, "argument to option %q must be a list of column names", d.Defname).At(pos(d.Location))
	}
	for _, c := range items {
		*dst = append(*dst, c.GetString_().GetSval())
	}
	return nil
}

// checkCopyEncoding accepts UTF8 under the names PostgreSQL does (case and
// punctuation ignored: utf8, UTF-8, unicode); another valid encoding is
// refused with 0A000, an unknown name as PostgreSQL does.
func checkCopyEncoding(d *pg.DefElem) error {
	name := defString(d)
	norm := strings.Map(func(r rune) rune {
		if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' {
			return r
		}
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return -1
	}, name)
	switch {
	case norm == "utf8" || norm == "unicode":
		return nil
	case pgEncodings[norm]:
		return copyOptionUnsupported("ENCODING "+name, d, "send and expect UTF8, pitgate's client_encoding")
	}
	return sqlerr.New(sqlerr.InvalidParameter, "argument to option %q must be a valid encoding name", "encoding").At(pos(d.Location))
}

// pgEncodings are PostgreSQL's encoding names and aliases, normalized as
// pg_char_to_encoding compares them.
var pgEncodings = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields(`abc alt big5 euccn eucjis2004 eucjp euckr euctw gb18030 gbk
		iso88591 iso885910 iso885913 iso885914 iso885915 iso885916 iso88592 iso88593 iso88594 iso88595
		iso88596 iso88597 iso88598 iso88599 johab koi8 koi8r koi8u latin1 latin10 latin2 latin3 latin4
		latin5 latin6 latin7 latin8 latin9 mskanji muleinternal shiftjis shiftjis2004 sjis sqlascii tcvn
		tcvn5712 uhc unicode utf8 vscii win win1250 win1251 win1252 win1253 win1254 win1255 win1256
		win1257 win1258 win866 win874 win932 win936 win949 win950 windows1250 windows1251 windows1252
		windows1253 windows1254 windows1255 windows1256 windows1257 windows1258 windows866 windows874
		windows932 windows936 windows949 windows950`) {
		m[n] = true
	}
	return m
}()

func copyOptionUnsupported(what string, d *pg.DefElem, hint string) error {
	return sqlerr.Unsupported("COPY option "+what).At(pos(d.Location)).WithHint("%s", hint)
}

// checkMore applies PostgreSQL's rules for FORCE_NOT_NULL and FORCE_NULL.
func (o *CopyOptions) checkMore(from bool) error {
	csv := o.Format == "csv"
	switch {
	case len(o.ForceNotNull) > 0 && !csv:
		return sqlerr.New(sqlerr.FeatureNotSupported, "COPY force not null available only in CSV mode")
	case len(o.ForceNotNull) > 0 && !from:
		return sqlerr.New(sqlerr.FeatureNotSupported, "COPY force not null only available using COPY FROM")
	case len(o.ForceNull) > 0 && !csv:
		return sqlerr.New(sqlerr.FeatureNotSupported, "COPY force null available only in CSV mode")
	case len(o.ForceNull) > 0 && !from:
		return sqlerr.New(sqlerr.FeatureNotSupported, "COPY force null only available using COPY FROM")
	}
	return nil
}
