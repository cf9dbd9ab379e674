package catalog_test

import (
	"context"
	"strings"
	"testing"

	"github.com/pitgate/pitgate/catalog"
	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/planner"
)

func BenchmarkNew(b *testing.B) {
	wh := testenv.Warehouse(b, testenv.SmallDemo())
	repo := testenv.Repo(b)
	for b.Loop() {
		c, err := catalog.New(context.Background(), repo, wh.Table)
		if err != nil {
			b.Fatal(err)
		}
		c.Close()
	}
}

// BenchmarkDescribeView is psql's \d features.driver_hourly_stats: its
// three queries, planned and run as the gateway would.
func BenchmarkDescribeView(b *testing.B) {
	wh := testenv.Warehouse(b, testenv.SmallDemo())
	repo := testenv.Repo(b)
	c, err := catalog.New(context.Background(), repo, wh.Table)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	p := planner.New(repo, nil)
	var queries []string
	for _, q := range readCorpusB(b, "psql.sql") {
		if strings.HasPrefix(q.name, `psql \d features.driver_hourly_stats `) {
			queries = append(queries, strings.ReplaceAll(q.sql, "{{oid features.driver_hourly_stats}}", "1"))
		}
	}
	sess := catalog.Session{User: "u", Settings: map[string]string{"search_path": "public"}}
	for b.Loop() {
		for _, sql := range queries {
			qs, err := p.Catalog(sql)
			if err != nil || qs[0] == nil || qs[0].Err != nil {
				b.Fatal(sql, err)
			}
			rows, err := c.Query(context.Background(), qs[0].SQL, sess)
			if err != nil {
				b.Fatal(err)
			}
			for rows.Next() {
			}
			rows.Close()
		}
	}
}
