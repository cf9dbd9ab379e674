package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/pitgate/pitgate/gateway"
)

// runExport is `pitgate export --config F --query Q --out file.parquet`:
// the query runs as it would through pitgate serve (gateway.Export: the
// same planner and dialect), and its rows stream into a Parquet file, one
// row group at a time, with a progress bar on stderr. The file appears
// under its name only when complete.
func runExport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("export", stderr)
	configPath := fs.String("config", "pitgate.yaml", "configuration file")
	query := fs.String("query", "", "the query (SQL; - reads it from stdin)")
	out := fs.String("out", "", "the Parquet file to write")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *query == "" || *out == "" || fs.NArg() > 0 {
		return usageError{"--query and --out are required, and nothing else: pitgate export --config F --query Q --out file.parquet"}
	}
	sql := *query
	if sql == "-" {
		b, err := io.ReadAll(os.Stdin)
		if err != nil {
			return err
		}
		sql = string(b)
	}
	cfg, err := loadConfig(*configPath)
	if err != nil {
		return err
	}
	wh, repo, err := openWarehouseAndRepo(cfg) // open.go
	if err != nil {
		return err
	}
	defer wh.Close()
	gw, err := gateway.New(gateway.Config{Repo: repo, Warehouse: wh, PITStrategy: cfg.Warehouse.PITStrategy,
		DatasetsSchema: cfg.Datasets.SchemaPath(), Logger: newLogger(io.Discard)})
	if err != nil {
		return err
	}
	defer gw.Close()
	ctx, stop := signalContext()
	defer stop()
	rows, names, err := gw.Export(ctx, sql)
	if err != nil {
		return err
	}
	defer rows.Close()
	bar := exportBar(stderr)
	start := time.Now()
	n, err := writeParquetFile(*out, rows, names, func(n int64) { _ = bar.Set64(n) })
	_ = bar.Finish()
	if err != nil {
		return err
	}
	secs := time.Since(start).Seconds()
	fmt.Fprintf(stderr, "wrote %d rows to %s in %.1fs (%.0f rows/s)\n", n, filepath.Clean(*out), secs, float64(n)/max(secs, 1e-9))
	return nil
}

// exportBar counts rows and shows their rate: the total is unknown until
// the warehouse has sent the last one.
func exportBar(stderr io.Writer) *progressbar.ProgressBar {
	return progressbar.NewOptions64(-1, progressbar.OptionSetDescription("export"),
		progressbar.OptionSetWriter(stderr), progressbar.OptionShowCount(), progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("rows"), progressbar.OptionThrottle(200*time.Millisecond),
		progressbar.OptionOnCompletion(func() { fmt.Fprintln(stderr) }))
}
