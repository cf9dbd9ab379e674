package planner

import (
	"context"
	"errors"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	pgparser "github.com/pganalyze/pg_query_go/v6/parser"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/registry"
)

// TableColumn is a column of a warehouse table.
type TableColumn struct {
	Name string
	Type string // PostgreSQL type name, "" when unknown
}

// ErrUnknownSchema is what Tables returns for a table whose columns it
// cannot know (transpiling without a warehouse). The planner then accepts
// any column name of that table, and refuses only what needs the list
// (SELECT *).
var ErrUnknownSchema = errors.New("table schema unknown")

// Tables describes warehouse tables. Table returns a 42P01 error when the
// table does not exist.
type Tables interface {
	Table(ctx context.Context, name []string) ([]TableColumn, error)
}

// Planner plans statements against one registry and one warehouse.
type Planner struct {
	repo   *registry.Repo
	tables Tables
	// datasets is the warehouse schema of datasets.<name> (datasets.go).
	datasets []string
	// writable are the warehouse schemas sessions may write (write.go).
	writable []string
}

// New returns a planner. repo may be empty but not nil.
func New(repo *registry.Repo, tables Tables) *Planner {
	return &Planner{repo: repo, tables: tables}
}

// Plan parses sql, which may hold several statements, and plans each. An
// empty query string gives no statements. A syntax error fails the whole
// string; an error binding one statement is kept in that Statement's Err.
func (p *Planner) Plan(ctx context.Context, sql string) (stmts []*Statement, err error) {
	defer func() {
		// A planner bug must cost the client its statement, never the server.
		if r := recover(); r != nil {
			stmts, err = nil, sqlerr.New(sqlerr.Internal, "internal error while planning: %v", r).
				WithHint("this is a pitgate bug; please report the statement")
		}
	}()
	scan, err := prescanASOF(sql)
	if err != nil {
		return nil, err
	}
	tree, fast := parseFastInsert(scan.sql) // insert_fast.go: to_sql's INSERTs of literals
	if !fast {
		if tree, err = pg.Parse(scan.sql); err != nil {
			return nil, syntaxError(err)
		}
	}
	var out []*Statement
	for _, raw := range tree.Stmts {
		text := statementText(sql, raw)
		if cq := p.catalogStatement(sql, raw, tree.Version); cq != nil {
			out = append(out, &Statement{Kind: KindCatalog, Text: text, Catalog: cq, Err: cq.Err})
			continue
		}
		b := p.newBinder(ctx, scan, int(raw.StmtLocation))
		st, err := b.statement(raw.Stmt)
		if err != nil {
			// PostgreSQL reports a statement's binding error when it runs,
			// after the results of the statements before it.
			st = &Statement{Err: err}
		}
		st.Text = text
		out = append(out, st)
	}
	return out, nil
}

func statementText(sql string, raw *pg.RawStmt) string {
	start := int(raw.StmtLocation)
	end := len(sql)
	if raw.StmtLen > 0 {
		end = start + int(raw.StmtLen)
	}
	if start > len(sql) || end > len(sql) || start > end {
		return sql
	}
	return strings.TrimSpace(sql[start:end])
}

func syntaxError(err error) error {
	var pe *pgparser.Error
	if errors.As(err, &pe) {
		return sqlerr.New(sqlerr.Syntax, "%s", pe.Message).At(pe.Cursorpos)
	}
	return sqlerr.Wrap(sqlerr.Syntax, err)
}

// SourceColumns lists the columns a source provides: its table's, or its
// query's result columns as the planner binds them.
func (p *Planner) SourceColumns(ctx context.Context, s *registry.Source) ([]string, error) {
	b := &binder{ctx: ctx, p: p, asof: map[int32]bool{}}
	_, cols, err := b.sourceNode(s, 0)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Name
	}
	return out, nil
}
