package bqemu

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"testing"
	"time"

	"cloud.google.com/go/bigquery"
	"cloud.google.com/go/civil"
	"github.com/goccy/bigquery-emulator/server"
	"github.com/goccy/bigquery-emulator/types"
	"google.golang.org/api/iterator"
	"google.golang.org/api/option"

	"github.com/pitgate/pitgate/internal/pitref"
)

const project = "pitgate"

// emulator is one in-process BigQuery emulator with a client.
type emulator struct {
	client *bigquery.Client
}

// startEmulator serves datasets from a fresh in-memory store, closed with t.
func startEmulator(t testing.TB, datasets ...*types.Dataset) *emulator {
	t.Helper()
	srv, err := server.New(server.TempStorage)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Load(server.StructSource(types.NewProject(project, datasets...))); err != nil {
		t.Fatal(err)
	}
	ts := srv.TestServer()
	ctx := context.Background()
	client, err := bigquery.NewClient(ctx, project, option.WithEndpoint(ts.URL), option.WithoutAuthentication())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		client.Close()
		ts.Close()
		_ = srv.Close()
	})
	return &emulator{client: client}
}

// bqTypes are the BigQuery column types of the PostgreSQL types tests load.
var bqTypes = map[string]types.Type{
	"int2": types.INT64, "int4": types.INT64, "int8": types.INT64, "integer": types.INT64,
	"bigint": types.INT64, "smallint": types.INT64, "float8": types.FLOAT64, "float4": types.FLOAT64,
	"double precision": types.FLOAT64, "real": types.FLOAT64, "text": types.STRING,
	"varchar": types.STRING, "bool": types.BOOL, "boolean": types.BOOL,
	"timestamptz": types.TIMESTAMP, "timestamp with time zone": types.TIMESTAMP,
	"timestamp": types.DATETIME, "date": types.DATE,
}

// table builds an emulator table of pitref rows; colTypes are PostgreSQL types.
func table(name string, t *pitref.Table, colTypes []string) (*types.Table, error) {
	cols := make([]*types.Column, len(t.Cols))
	for i, c := range t.Cols {
		bt, ok := bqTypes[colTypes[i]]
		if !ok {
			return nil, fmt.Errorf("table %s column %s: no BigQuery type for %q", name, c, colTypes[i])
		}
		cols[i] = types.NewColumn(c, bt)
	}
	data := make(types.Data, len(t.Rows))
	for i, row := range t.Rows {
		m := make(map[string]any, len(row))
		for j, v := range row {
			if v != nil {
				m[t.Cols[j]] = v
			}
		}
		data[i] = m
	}
	return types.NewTable(name, cols, data), nil
}

// query runs sql and returns its rows as pitref values: INT64 as int64,
// FLOAT64 float64, STRING string, BOOL bool, TIMESTAMP time.Time in UTC.
func (e *emulator) query(ctx context.Context, sql string) (*pitref.Table, error) {
	it, err := e.client.Query(sql).Read(ctx)
	if err != nil {
		return nil, fmt.Errorf("bigquery emulator: %w", err)
	}
	out := &pitref.Table{}
	for {
		var row []bigquery.Value
		err := it.Next(&row)
		if errors.Is(err, iterator.Done) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("bigquery emulator: %w", err)
		}
		if out.Cols == nil {
			for _, f := range it.Schema {
				out.Cols = append(out.Cols, f.Name)
			}
		}
		vals := make([]any, len(row))
		for i, v := range row {
			vals[i] = refValue(v)
		}
		out.Rows = append(out.Rows, vals)
	}
	return out, nil
}

func refValue(v bigquery.Value) any {
	switch x := v.(type) {
	case time.Time:
		return x.UTC()
	case civil.DateTime:
		return x.In(time.UTC)
	case *big.Rat:
		return x.FloatString(10)
	}
	return v
}
