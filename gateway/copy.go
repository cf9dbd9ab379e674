package gateway

import (
	"context"
	"slices"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/wire"
)

// COPY: TO STDOUT streams the rows of the statement being copied out
// (copy_out.go); FROM STDIN routes by target (copy_in.go). The bytes of
// each format are wire's; the gateway only turns the planner's options
// into a wire.CopyFormat.

func (s *Session) runCopy(ctx context.Context, c *planner.Copy, w wire.ResultWriter) error {
	if c.From {
		return s.copyIn(ctx, c, w)
	}
	return s.copyOut(ctx, c, w)
}

// copyFormat is c's options for wire; cols name the columns FORCE_QUOTE
// (TO), FORCE_NOT_NULL and FORCE_NULL (FROM) may list.
func copyFormat(o planner.CopyOptions, cols []wire.Column) (wire.CopyFormat, error) {
	f := wire.CopyFormat{Null: o.Null, HasNull: o.HasNull, Header: o.Header, ForceQuoteAll: o.ForceQuoteAll}
	switch o.Format {
	case "csv":
		f.Kind = wire.CopyCSV
	case "binary":
		f.Kind = wire.CopyBinary
	}
	f.Delimiter, f.Quote, f.Escape = firstByte(o.Delimiter), firstByte(o.Quote), firstByte(o.Escape)
	var err error
	if f.ForceQuote, err = copyColumnFlags("FORCE_QUOTE", o.ForceQuote, cols); err != nil {
		return f, err
	}
	if f.ForceNotNull, err = copyColumnFlags("FORCE_NOT_NULL", o.ForceNotNull, cols); err != nil {
		return f, err
	}
	f.ForceNull, err = copyColumnFlags("FORCE_NULL", o.ForceNull, cols)
	return f, err
}

// copyInFormat and copyOutFormat are copyFormat for the COPY c of cols.
// Without a column list every column of the relation (or of TO's query)
// is copied, so a FORCE_* name not among them is not a column at all:
// 42703 as PostgreSQL's check of the names against the relation; with a
// list, 42P10 "not referenced by COPY".
func copyInFormat(c *planner.Copy, cols []wire.Column) (wire.CopyFormat, error) {
	return copyFormatOf(c, cols, slices.Concat(c.Options.ForceNotNull, c.Options.ForceNull))
}

func copyOutFormat(c *planner.Copy, cols []wire.Column) (wire.CopyFormat, error) {
	return copyFormatOf(c, cols, c.Options.ForceQuote)
}

func copyFormatOf(c *planner.Copy, cols []wire.Column, named []string) (wire.CopyFormat, error) {
	if len(c.Columns) == 0 {
		for _, name := range named {
			switch {
			case columnIndex(cols, name) >= 0:
			case c.Name == "":
				return wire.CopyFormat{}, sqlerr.New(sqlerr.UndefinedColumn, "column %q does not exist", name)
			default:
				return wire.CopyFormat{}, sqlerr.New(sqlerr.UndefinedColumn, "column %q of relation %q does not exist", name, c.Name)
			}
		}
	}
	return copyFormat(c.Options, cols)
}

// copyColumnFlags marks the columns an option lists, which must be among
// the columns COPY reads (PostgreSQL's 42P10 otherwise).
func copyColumnFlags(option string, names []string, cols []wire.Column) ([]bool, error) {
	if len(names) == 0 {
		return nil, nil
	}
	flags := make([]bool, len(cols))
	for _, name := range names {
		i := columnIndex(cols, name)
		if i < 0 {
			return nil, sqlerr.New(codeInvalidColumnReference, "%s column %q not referenced by COPY", option, name)
		}
		flags[i] = true
	}
	return flags, nil
}

// codeInvalidColumnReference is PostgreSQL's invalid_column_reference.
const codeInvalidColumnReference = "42P10"

func firstByte(s string) byte {
	if s == "" {
		return 0
	}
	return s[0]
}

func columnIndex(cols []wire.Column, name string) int {
	for i, c := range cols {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// copyTag is COPY's command tag.
func copyTag(n int64) string {
	return "COPY " + itoa(n)
}
