package dialects

import "testing"

// TestDatasetStatements: the statements a saved dataset sends, per dialect.
func TestDatasetStatements(t *testing.T) {
	table := []string{"pitgate_datasets", "Train 1"}
	cases := []struct {
		d                    Dialect
		schema, create, drop string
	}{
		{DuckDB{}, `CREATE SCHEMA IF NOT EXISTS "pitgate_datasets"`, `CREATE TABLE "pitgate_datasets"."Train 1" AS SELECT 1`, `DROP TABLE IF EXISTS "pitgate_datasets"."Train 1"`},
		{Postgres{}, `CREATE SCHEMA IF NOT EXISTS "pitgate_datasets"`, `CREATE TABLE "pitgate_datasets"."Train 1" AS SELECT 1`, `DROP TABLE IF EXISTS "pitgate_datasets"."Train 1"`},
		{BigQuery{}, "CREATE SCHEMA IF NOT EXISTS `pitgate_datasets`", "CREATE TABLE `pitgate_datasets`.`Train 1` AS SELECT 1", "DROP TABLE IF EXISTS `pitgate_datasets`.`Train 1`"},
		{Snowflake{}, `CREATE SCHEMA IF NOT EXISTS "PITGATE_DATASETS"`, `CREATE TABLE "PITGATE_DATASETS"."Train 1" AS SELECT 1`, `DROP TABLE IF EXISTS "PITGATE_DATASETS"."Train 1"`},
	}
	for _, c := range cases {
		if got := CreateSchema(c.d, table[:1]); got != c.schema {
			t.Errorf("%s: CreateSchema = %s, want %s", c.d.Name(), got, c.schema)
		}
		if got := CreateTableAs(c.d, table, "SELECT 1"); got != c.create {
			t.Errorf("%s: CreateTableAs = %s, want %s", c.d.Name(), got, c.create)
		}
		if got := DropTable(c.d, table); got != c.drop {
			t.Errorf("%s: DropTable = %s, want %s", c.d.Name(), got, c.drop)
		}
	}
}
