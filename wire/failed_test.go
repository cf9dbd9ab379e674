package wire

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgproto3"
)

// Errors wire raises itself fail an open transaction block through
// Session.Failed, as PostgreSQL fails it for any error: ReadyForQuery says
// E after them inside BEGIN, and I outside it. The messages are
// PostgreSQL 15's for the same scripts.
var failedCases = []scriptCase{
	{"execute of an unknown portal", []pgproto3.FrontendMessage{
		&query{String: "BEGIN"}, &execute{Portal: "nope"}, syncMsg,
	}, []string{
		"CommandComplete BEGIN", "ReadyForQuery T",
		`ErrorResponse 34000 portal "nope" does not exist`, "ReadyForQuery E",
	}},
	{"describe of an unknown portal", []pgproto3.FrontendMessage{
		&query{String: "BEGIN"}, &describe{ObjectType: 'P', Name: "nope"}, syncMsg,
	}, []string{
		"CommandComplete BEGIN", "ReadyForQuery T",
		`ErrorResponse 34000 portal "nope" does not exist`, "ReadyForQuery E",
	}},
	{"bind of an unknown statement", []pgproto3.FrontendMessage{
		&query{String: "BEGIN"}, &bind{PreparedStatement: "nope"}, syncMsg,
	}, []string{
		"CommandComplete BEGIN", "ReadyForQuery T",
		`ErrorResponse 26000 prepared statement "nope" does not exist`, "ReadyForQuery E",
	}},
	{"bind with the wrong parameter count", []pgproto3.FrontendMessage{
		&query{String: "BEGIN"}, &parse{Name: "s", Query: "SELECT series"},
		&bind{PreparedStatement: "s", Parameters: params("1", "2")}, syncMsg,
	}, []string{
		"CommandComplete BEGIN", "ReadyForQuery T", "ParseComplete",
		`ErrorResponse 08P01 bind message supplies 2 parameters, but prepared statement "s" requires 1`, "ReadyForQuery E",
	}},
	{"bad result format code", []pgproto3.FrontendMessage{
		&query{String: "BEGIN"}, &parse{Query: "SELECT value int8"}, &bind{ResultFormatCodes: []int16{7}}, syncMsg,
	}, []string{
		"CommandComplete BEGIN", "ReadyForQuery T", "ParseComplete",
		"ErrorResponse 22023 unsupported format code: 7", "ReadyForQuery E",
	}},
	{"the same error outside a block leaves the session idle", []pgproto3.FrontendMessage{
		&execute{Portal: "nope"}, syncMsg,
	}, []string{`ErrorResponse 34000 portal "nope" does not exist`, "ReadyForQuery I"}},
}

func TestWireErrorsFailTheBlock(t *testing.T) {
	ts := startServer(t)
	for i, c := range failedCases {
		t.Run(c.name, func(t *testing.T) {
			conn := ts.connect(t, fmt.Sprintf("failed-%d", i))
			got := exchange(t, conn, c.send...)
			if !slices.Equal(got, c.want) {
				t.Errorf("server answered\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(c.want, "\n  "))
			}
		})
	}
}
