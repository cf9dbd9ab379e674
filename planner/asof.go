package planner

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

// asofScan is the result of the ASOF pre-scan: SQL the PostgreSQL parser
// accepts, and the byte offsets where the right side of each ASOF join
// starts (the Location of its RangeVar).
type asofScan struct {
	sql    string
	rights map[int32]bool
}

// prescanASOF blanks the ASOF keyword of "left ASOF [LEFT|INNER] JOIN right"
// and rewrites Snowflake's "MATCH_CONDITION (c) ON k" into "ON (c) AND k".
// Every rewrite keeps the text's length where it can, so error positions
// the parser reports still point into what the user wrote.
func prescanASOF(sql string) (*asofScan, error) {
	res := &asofScan{sql: sql, rights: map[int32]bool{}}
	if !strings.Contains(strings.ToLower(sql), "asof") {
		return res, nil
	}
	scan, err := pg.Scan(sql)
	if err != nil {
		return nil, syntaxError(err)
	}
	toks := scan.Tokens
	buf := []byte(sql)
	for i := 0; i < len(toks); i++ {
		if !isWord(sql, toks[i], "asof") || !startsJoin(toks, i+1) {
			continue
		}
		blank(buf, toks[i].Start, toks[i].End)
		j := i + 1
		for j < len(toks) && toks[j].Token != pg.Token_JOIN {
			j++
		}
		if j+1 >= len(toks) {
			return nil, sqlerr.New(sqlerr.Syntax, "syntax error at end of input").At(len(sql) + 1)
		}
		right := toks[j+1]
		if right.Token == pg.Token_ASCII_40 {
			return nil, sqlerr.New(sqlerr.FeatureNotSupported,
				"ASOF JOIN needs a feature view, feature service or table on its right, not a subquery").
				At(int(right.Start) + 1).WithHint("put the subquery in a WITH clause and join its name")
		}
		res.rights[right.Start] = true
		if err := rewriteMatchCondition(sql, buf, toks, j+1); err != nil {
			return nil, err
		}
	}
	res.sql = string(buf)
	return res, nil
}

func isWord(sql string, t *pg.ScanToken, word string) bool {
	return t.Token == pg.Token_IDENT && strings.EqualFold(sql[t.Start:t.End], word)
}

func startsJoin(toks []*pg.ScanToken, i int) bool {
	for ; i < len(toks); i++ {
		switch toks[i].Token {
		case pg.Token_JOIN:
			return true
		case pg.Token_LEFT, pg.Token_INNER_P, pg.Token_OUTER_P:
			continue
		default:
			return false
		}
	}
	return false
}

func blank(buf []byte, start, end int32) {
	for k := start; k < end; k++ {
		buf[k] = ' '
	}
}

// rewriteMatchCondition looks for MATCH_CONDITION after the right relation
// (and its alias) that starts at token i.
func rewriteMatchCondition(sql string, buf []byte, toks []*pg.ScanToken, i int) error {
	k := i
	for k < len(toks) && k < i+6 && !isWord(sql, toks[k], "match_condition") {
		if toks[k].Token == pg.Token_ON || toks[k].Token == pg.Token_JOIN {
			return nil
		}
		k++
	}
	if k >= len(toks) || !isWord(sql, toks[k], "match_condition") {
		return nil
	}
	mc := toks[k]
	if k+1 >= len(toks) || toks[k+1].Token != pg.Token_ASCII_40 {
		return sqlerr.New(sqlerr.Syntax, "MATCH_CONDITION needs a parenthesized condition").At(int(mc.End) + 1)
	}
	closeAt := matchParen(toks, k+1)
	if closeAt < 0 || closeAt+1 >= len(toks) || toks[closeAt+1].Token != pg.Token_ON {
		return sqlerr.New(sqlerr.Syntax, "MATCH_CONDITION (...) must be followed by ON <key equalities>").
			At(int(mc.Start) + 1)
	}
	on := toks[closeAt+1]
	blank(buf, mc.Start, mc.End)
	copy(buf[mc.Start:], "ON")
	// "ON" becomes "AND": take the space before it when there is one, so
	// the text keeps its length.
	gapStart := toks[closeAt].End
	if on.Start > gapStart {
		copy(buf[on.Start-1:], "AND")
		return nil
	}
	return sqlerr.New(sqlerr.Syntax, "put a space between MATCH_CONDITION (...) and ON").At(int(on.Start) + 1)
}

func matchParen(toks []*pg.ScanToken, open int) int {
	depth := 0
	for k := open; k < len(toks); k++ {
		switch toks[k].Token {
		case pg.Token_ASCII_40:
			depth++
		case pg.Token_ASCII_41:
			depth--
			if depth == 0 {
				return k
			}
		}
	}
	return -1
}
