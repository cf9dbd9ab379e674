package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pitgate/pitgate/warehouse"
)

var (
	extraSQL = flag.String("extra", "", "comma-separated SQL files timed with the others (named after the file), e.g. a hand-written variant of pitgate's SQL")
	onlyList = flag.String("only", "", "comma-separated query names to run (pitgate, pitgate-window, pitgate-lateral, feast-template, duckdb-asof-untied, or an --extra file's name); empty: all")
	explain  = flag.Bool("explain", false, "print each query's EXPLAIN ANALYZE once before timing (not timed; on PostgreSQL with BUFFERS)")
)

// selectQueries appends the --extra files to queries and keeps the ones
// --only names, in their order.
func selectQueries(queries []named) ([]named, error) {
	for _, f := range splitList(*extraSQL) {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("--extra: %w", err)
		}
		queries = append(queries, named{strings.TrimSuffix(filepath.Base(f), ".sql"), strings.TrimRight(strings.TrimSpace(string(b)), ";")})
	}
	only := splitList(*onlyList)
	if len(only) == 0 {
		return queries, nil
	}
	var out []named
	for _, q := range queries {
		for _, o := range only {
			if q.name == o {
				out = append(out, q)
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("--only %q names none of the queries", *onlyList)
	}
	return out, nil
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// explainAll prints EXPLAIN ANALYZE of each query when --explain is set:
// the plan and per-operator times say where a query's time goes, which
// the wall-clock medians of a loaded machine cannot.
func explainAll(ctx context.Context, wh warehouse.Warehouse, queries []named, prefix string) error {
	if !*explain {
		return nil
	}
	for _, q := range queries {
		rs, err := wh.Query(ctx, prefix+" "+q.sql)
		if err != nil {
			return fmt.Errorf("explain %s: %w", q.name, err)
		}
		fmt.Printf("-- EXPLAIN ANALYZE %s\n", q.name)
		for rs.Next() {
			for _, v := range rs.Values() {
				if s, ok := v.(string); ok && s != "analyzed_plan" {
					fmt.Println(s)
				}
			}
		}
		err = rs.Err()
		rs.Close()
		if err != nil {
			return fmt.Errorf("explain %s: %w", q.name, err)
		}
	}
	return nil
}

// printExtraRatios prints each --extra query's time over each of bases.
func printExtraRatios(queries []named, results map[string]result, bases ...string) {
	std := map[string]bool{"pitgate": true, "pitgate-window": true, "pitgate-lateral": true, "feast-template": true, "duckdb-asof-untied": true}
	for _, q := range queries {
		if std[q.name] {
			continue
		}
		for _, b := range bases {
			if r, ok := results[b]; ok {
				printRatio(q.name+" / "+b, results[q.name], r)
			}
		}
	}
}
