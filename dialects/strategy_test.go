package dialects_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/pitgate/pitgate/dialects"
	"github.com/pitgate/pitgate/internal/sqlerr"
)

func TestWithStrategy(t *testing.T) {
	cases := []struct {
		dialect, strategy string
		want              dialects.Dialect
		code              string
	}{
		{"duckdb", "", dialects.DuckDB{}, ""},
		{"duckdb", "native", dialects.DuckDB{}, ""},
		{"duckdb", "Window", dialects.DuckDB{Window: true}, ""},
		{"duckdb", "lateral", nil, sqlerr.InvalidParameter},
		{"postgres", "", dialects.Postgres{}, ""},
		{"postgres", "auto", dialects.Postgres{}, ""},
		{"postgres", "window", dialects.Postgres{Window: true}, ""},
		{"postgres", "lateral", dialects.Postgres{Lateral: true}, ""},
		{"postgres", "native", nil, sqlerr.InvalidParameter},
		{"bigquery", "window", dialects.BigQuery{}, ""},
		{"bigquery", "array_agg", dialects.BigQuery{ArrayAgg: true}, ""},
		{"bigquery", "ARRAY_AGG ", dialects.BigQuery{ArrayAgg: true}, ""},
		{"bigquery", "lateral", nil, sqlerr.InvalidParameter},
		{"snowflake", "native", dialects.Snowflake{}, ""},
		{"snowflake", "window", dialects.Snowflake{Window: true}, ""},
	}
	for _, c := range cases {
		d, _ := dialects.ByName(c.dialect)
		got, err := dialects.WithStrategy(d, c.strategy)
		if c.code != "" {
			var se *sqlerr.Error
			if !errors.As(err, &se) || se.Code != c.code {
				t.Errorf("%s/%s: error %v, want %s", c.dialect, c.strategy, err, c.code)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s/%s = %#v, %v; want %#v", c.dialect, c.strategy, got, err, c.want)
		}
		if first := dialects.Strategies[c.dialect][0]; c.strategy == "" {
			again, _ := dialects.WithStrategy(d, first)
			if !reflect.DeepEqual(again, got) {
				t.Errorf("%s: the first listed strategy %q is not the default", c.dialect, first)
			}
		}
	}
}

// TestWithStrategyKeepsBigQueryPath: choosing a BigQuery strategy keeps
// the project and dataset the warehouse configured.
func TestWithStrategyKeepsBigQueryPath(t *testing.T) {
	d := dialects.BigQuery{Project: "p", Dataset: "ds"}
	for s, want := range map[string]dialects.Dialect{
		"array_agg": dialects.BigQuery{Project: "p", Dataset: "ds", ArrayAgg: true},
		"window":    dialects.BigQuery{Project: "p", Dataset: "ds"},
	} {
		got, err := dialects.WithStrategy(d, s)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %#v, %v; want %#v", s, got, err, want)
		}
	}
}
