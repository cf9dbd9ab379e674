package sqlglotcorpus

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/plan"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/registry"
)

// pair is one line of testdata/sqlglot/pairs.jsonl (extract.py).
type pair struct {
	Commit, File string
	Line         int
	Kind         string
	Postgres     string
	Dialect      string
	Sqlglot      string
	Pretty       bool
}

func loadPairs(t *testing.T) []pair {
	f, err := os.Open("../../testdata/sqlglot/pairs.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []pair
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var p pair
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

// unknownTables accepts every table with an unknown schema, as `pitgate
// transpile` does without a warehouse.
type unknownTables struct{}

func (unknownTables) Table(context.Context, []string) ([]planner.TableColumn, error) {
	return nil, planner.ErrUnknownSchema
}

var statementStart = regexp.MustCompile(`(?is)^\s*(select|with|values|\(|create|insert|update|delete|merge|alter|drop|copy|explain|set|show|begin|commit|call|grant|truncate|comment|analyze|vacuum)\b`)

// statements returns the SQL to plan for the pair's PostgreSQL side and
// the matching statement for sqlglot's side: a bare expression becomes
// SELECT expr, and SELECT expr FROM t when it names columns.
func statements(p pair, withFrom bool) (pg, want string) {
	if statementStart.MatchString(p.Postgres) {
		return p.Postgres, p.Sqlglot
	}
	if withFrom {
		return "SELECT " + p.Postgres + " FROM t", "SELECT " + p.Sqlglot + " FROM t"
	}
	return "SELECT " + p.Postgres, "SELECT " + p.Sqlglot
}

// outcome is how one pair came out.
type outcome struct {
	class  string // same, executed-equal, refused, different, not-planned, not-a-query
	got    string // pitgate's SQL or error
	want   string // sqlglot's SQL as compared
	detail string
	root   plan.Node
}

const (
	classSame          = "same"
	classExecutedEqual = "executed-equal"
	classRefused       = "refused-0A000"
	classDifferent     = "different"
	classNotPlanned    = "not-planned"
	classNotQuery      = "not-a-query"
)

func dialectFor(name string) dialects.Dialect {
	d, err := dialects.ByName(name)
	if err != nil {
		panic(err)
	}
	return d
}

// translate plans and prints one pair.
func translate(ctx context.Context, p pair) outcome {
	pl := planner.New(&registry.Repo{}, unknownTables{})
	pgSQL, want := statements(p, false)
	root, err := planOne(ctx, pl, pgSQL)
	if sqlerr.Code(err) == sqlerr.UndefinedColumn {
		pgSQL, want = statements(p, true)
		root, err = planOne(ctx, pl, pgSQL)
	}
	switch {
	case errors.Is(err, errNotQuery):
		return outcome{class: classNotQuery, got: err.Error(), want: want}
	case sqlerr.Code(err) == sqlerr.FeatureNotSupported:
		return outcome{class: classRefused, got: err.Error(), want: want, detail: "planner"}
	case err != nil:
		return outcome{class: classNotPlanned, got: sqlerr.Code(err) + " " + err.Error(), want: want}
	}
	got, err := dialects.Print(dialectFor(p.Dialect), root)
	switch {
	case sqlerr.Code(err) == sqlerr.FeatureNotSupported:
		return outcome{class: classRefused, got: err.Error(), want: want, root: root}
	case err != nil:
		return outcome{class: classDifferent, got: "error " + err.Error(), want: want, root: root}
	}
	o := outcome{got: got, want: want, root: root, class: classDifferent}
	if strings.Join(normalize(tokens(got), p.Dialect), " ") == strings.Join(normalize(tokens(want), p.Dialect), " ") {
		o.class = classSame
	}
	return o
}

var errNotQuery = errors.New("not a query")

func planOne(ctx context.Context, pl *planner.Planner, sql string) (plan.Node, error) {
	stmts, err := pl.Plan(ctx, sql)
	if err != nil {
		return nil, err
	}
	if len(stmts) != 1 {
		return nil, errNotQuery
	}
	if stmts[0].Err != nil {
		return nil, stmts[0].Err
	}
	if stmts[0].Kind != planner.KindQuery || stmts[0].Query == nil {
		return nil, errNotQuery
	}
	return stmts[0].Query.Root, nil
}
