package gateway

import (
	"context"

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
// may list (nil for COPY FROM).
func copyFormat(o planner.CopyOptions, cols []wire.Column) (wire.CopyFormat, error) {
	f := wire.CopyFormat{Null: o.Null, HasNull: o.HasNull, Header: o.Header, ForceQuoteAll: o.ForceQuoteAll}
	switch o.Format {
	case "csv":
		f.Kind = wire.CopyCSV
	case "binary":
		f.Kind = wire.CopyBinary
	}
	f.Delimiter, f.Quote, f.Escape = firstByte(o.Delimiter), firstByte(o.Quote), firstByte(o.Escape)
	if len(o.ForceQuote) > 0 {
		f.ForceQuote = make([]bool, len(cols))
	}
	for _, name := range o.ForceQuote {
		i := columnIndex(cols, name)
		if i < 0 {
			return f, sqlerr.New(sqlerr.UndefinedColumn, "FORCE_QUOTE column %q not referenced by COPY", name)
		}
		f.ForceQuote[i] = true
	}
	return f, nil
}

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
