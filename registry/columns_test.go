package registry_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/pitgate/pitgate/registry"
)

// columnsRepo is one source behind one view, with a field_mapping, so each
// case below can drop one column and see exactly one complaint.
const columnsRepo = `entities:
  - name: driver
    join_keys: [driver_id]
sources:
  - name: driver_stats
    table: driver_stats
    timestamp_field: ts
    created_timestamp_field: created
    field_mapping: {acceptance: acc_rate}
feature_views:
  - name: driver_hourly_stats
    entities: [driver]
    source: driver_stats
    features:
      - {name: conv_rate, type: float8}
      - {name: acc_rate, type: float8}
`

var allColumns = []string{"driver_id", "ts", "created", "conv_rate", "acceptance"}

func without(drop string) []string {
	var out []string
	for _, c := range allColumns {
		if c != drop {
			out = append(out, c)
		}
	}
	return out
}

func TestCheckSourceColumns(t *testing.T) {
	cases := []struct {
		name    string
		columns []string
		want    string
	}{
		{"all present", allColumns, ""},
		{"join key", without("driver_id"),
			"repo.yaml:11: feature view driver_hourly_stats: join key driver_id is not a column of source driver_stats (columns: ts, created, conv_rate, acceptance)"},
		{"feature", without("conv_rate"),
			"repo.yaml:15: feature view driver_hourly_stats: feature conv_rate is not a column of source driver_stats (columns: driver_id, ts, created, acceptance)"},
		{"mapped feature", without("acceptance"),
			"repo.yaml:5: source driver_stats: field_mapping key acceptance is not a column of source driver_stats (columns: driver_id, ts, created, conv_rate)\n" +
				"repo.yaml:16: feature view driver_hourly_stats: feature acc_rate (source column acceptance, by field_mapping) is not a column of source driver_stats (columns: driver_id, ts, created, conv_rate)"},
		{"timestamp field", without("ts"),
			"repo.yaml:5: source driver_stats: timestamp_field ts is not a column of source driver_stats (columns: driver_id, created, conv_rate, acceptance)"},
		{"created timestamp field", without("created"),
			"repo.yaml:5: source driver_stats: created_timestamp_field created is not a column of source driver_stats (columns: driver_id, ts, conv_rate, acceptance)"},
		{"case differs", []string{"DRIVER_ID", "ts", "created", "conv_rate", "acceptance"},
			`repo.yaml:11: feature view driver_hourly_stats: join key driver_id is not a column of source driver_stats (columns: DRIVER_ID, ts, created, conv_rate, acceptance); did you mean "DRIVER_ID"?`},
		{"every problem at once", []string{"other"},
			"repo.yaml:5: source driver_stats: timestamp_field ts is not a column of source driver_stats (columns: other)\n" +
				"repo.yaml:5: source driver_stats: created_timestamp_field created is not a column of source driver_stats (columns: other)\n" +
				"repo.yaml:5: source driver_stats: field_mapping key acceptance is not a column of source driver_stats (columns: other)\n" +
				"repo.yaml:11: feature view driver_hourly_stats: join key driver_id is not a column of source driver_stats (columns: other)\n" +
				"repo.yaml:15: feature view driver_hourly_stats: feature conv_rate is not a column of source driver_stats (columns: other)\n" +
				"repo.yaml:16: feature view driver_hourly_stats: feature acc_rate (source column acceptance, by field_mapping) is not a column of source driver_stats (columns: other)"},
	}
	repo := mustParse(t, columnsRepo)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := repo.CheckSourceColumns(func(*registry.Source) ([]string, error) { return c.columns, nil })
			if got := errText(err); got != c.want {
				t.Errorf("got\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}

func TestCheckSourceColumnsCallsOncePerSource(t *testing.T) {
	repo, err := registry.Parse(map[string][]byte{
		"repo.yaml": []byte(columnsRepo + `  - name: driver_daily
    entities: [driver]
    source: driver_stats
    features: [{name: conv_rate, type: float8}]
`),
		"more.yaml": []byte("sources:\n  - {name: unused, table: a.b, timestamp_field: ts}\n"),
	})
	if err != nil {
		t.Fatal(err)
	}
	calls := map[string]int{}
	err = repo.CheckSourceColumns(func(s *registry.Source) ([]string, error) {
		calls[s.Name]++
		return allColumns, nil
	})
	if err != nil || fmt.Sprint(calls) != "map[driver_stats:1 unused:1]" {
		t.Errorf("calls = %v, err = %v; want each source once and no error", calls, err)
	}
}

func TestCheckSourceColumnsWrapsReadErrors(t *testing.T) {
	repo := mustParse(t, columnsRepo)
	cause := errors.New(`relation "driver_stats" does not exist`)
	err := repo.CheckSourceColumns(func(*registry.Source) ([]string, error) { return nil, cause })
	want := `repo.yaml:5: source driver_stats: reading its columns: relation "driver_stats" does not exist`
	if errText(err) != want || !errors.Is(err, cause) {
		t.Errorf("got %v (errors.Is cause: %v), want %q wrapping the cause", err, errors.Is(err, cause), want)
	}
}

func TestCheckSourceColumnsShortensWideTables(t *testing.T) {
	repo := mustParse(t, columnsRepo)
	wide := []string{"driver_id", "created", "conv_rate", "acceptance"}
	for i := range 30 {
		wide = append(wide, fmt.Sprintf("c%02d", i))
	}
	err := repo.CheckSourceColumns(func(*registry.Source) ([]string, error) { return wide, nil })
	if got := errText(err); !strings.HasSuffix(got, "c14, c15, and 14 more)") {
		t.Errorf("got %q, want the column list cut after 20 names", got)
	}
}

func mustParse(t *testing.T, yaml string) *registry.Repo {
	t.Helper()
	repo, err := registry.Parse(map[string][]byte{"repo.yaml": []byte(yaml)})
	if err != nil {
		t.Fatal(err)
	}
	return repo
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
