package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/registry"
	"github.com/pitgate/pitgate/warehouse/duckdb"
)

func runTranspile(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("transpile", stderr)
	repoDir := fs.String("repo", "./feature_repo", "feature repository directory")
	dialect := fs.String("dialect", "duckdb", "target dialect: "+strings.Join(dialects.Names(), ", "))
	whPath := fs.String("warehouse", "", "DuckDB warehouse file to read table schemas from (optional)")
	strategy := fs.String("pit-strategy", "", "how ASOF joins are lowered (the dialect's default when empty): "+strategyList())
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"give one SQL text, or - to read it from standard input"}
	}
	sql := fs.Arg(0)
	if sql == "-" {
		data, err := io.ReadAll(os.Stdin)
		if err != nil {
			return err
		}
		sql = string(data)
	}
	d, err := dialects.ByName(*dialect)
	if err == nil {
		d, err = dialects.WithStrategy(d, *strategy)
	}
	if err != nil {
		return usageError{err.Error()}
	}
	repo, err := registry.Load(*repoDir)
	if err != nil {
		return err
	}
	var tables planner.Tables = unknownTables{}
	if *whPath != "" {
		wh, err := duckdb.Open(*whPath)
		if err != nil {
			return err
		}
		defer wh.Close()
		tables = gateway.TablesOf(wh)
	}
	return transpile(context.Background(), planner.New(repo, tables), d, sql, stdout)
}

func transpile(ctx context.Context, p *planner.Planner, d dialects.Dialect, sql string, stdout io.Writer) error {
	stmts, err := p.Plan(ctx, sql)
	if err != nil {
		return err
	}
	for _, st := range stmts {
		if st.Err != nil {
			return st.Err
		}
		if st.Query == nil {
			return fmt.Errorf("only queries can be transpiled, not %q", st.Text)
		}
		out, err := dialects.Print(d, st.Query.Root)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s;\n", out)
	}
	return nil
}

// unknownTables lets the planner accept any table: without a warehouse,
// their schemas are unknown.
type unknownTables struct{}

func (unknownTables) Table(context.Context, []string) ([]planner.TableColumn, error) {
	return nil, planner.ErrUnknownSchema
}

// strategyList is "duckdb: native, window; postgres: ..." for the usage text.
func strategyList() string {
	var parts []string
	for _, name := range dialects.Names() {
		parts = append(parts, name+": "+strings.Join(dialects.Strategies[name], ", "))
	}
	return strings.Join(parts, "; ")
}
