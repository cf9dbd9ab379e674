package registry

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Error is one problem in a feature repository, at the line that causes it.
type Error struct {
	Pos Pos
	Msg string
	// cause is kept for errors.As/Is when the problem came from elsewhere (a
	// warehouse refusing to describe a table, say).
	cause error
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

func (e *Error) Unwrap() error { return e.cause }

// Errors is every problem found, sorted by file and line; its text is one
// problem per line.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap lets errors.As find each *Error and any cause.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// problems collects errors as validation goes, so that one run reports all.
type problems struct{ list Errors }

func (p *problems) add(pos Pos, format string, args ...any) {
	p.list = append(p.list, &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

func (p *problems) wrap(pos Pos, cause error, format string, args ...any) {
	msg := fmt.Sprintf(format, args...) + ": " + cause.Error()
	p.list = append(p.list, &Error{Pos: pos, Msg: msg, cause: cause})
}

// err returns nil when nothing was found; the order is the files' and lines'
// so that a user fixes them top to bottom.
func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	slices.SortStableFunc(p.list, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.Pos.File, b.Pos.File), cmp.Compare(a.Pos.Line, b.Pos.Line))
	})
	return p.list
}
