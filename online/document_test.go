package online_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/online"
)

// TestStateDocumentsInFiles: the materialization state and the dataset
// records read a missing file as empty, persist what they are given, and
// refuse a file that does not decode with 22000 naming it.
func TestStateDocumentsInFiles(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	recs := filepath.Join(dir, "datasets.json")
	d, err := online.OpenDatasets(recs)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Add(ctx, online.SavedDataset{Name: "train", Rows: 3, Created: time.Unix(0, 0).UTC()}); err != nil {
		t.Fatal(err)
	}
	if err := d.Add(ctx, online.SavedDataset{Name: "train"}); sqlerr.Code(err) != "42P07" {
		t.Fatalf("second add: %v, want 42P07", err)
	}
	again, err := online.OpenDatasets(recs)
	if err != nil {
		t.Fatal(err)
	}
	if ds, ok, err := again.Get(ctx, "train"); err != nil || !ok || ds.Rows != 3 {
		t.Fatalf("reopened: %+v %v %v", ds, ok, err)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".*")); len(leftovers) != 0 {
		t.Fatalf("temporary files left: %v", leftovers)
	}
	for _, c := range []struct {
		file string
		open func(string) error
		what string
	}{
		{"datasets.json", func(p string) error { _, err := online.OpenDatasets(p); return err }, "saved datasets"},
		{"materialized.json", func(p string) error { _, err := online.OpenState(p); return err }, "materialization state"},
	} {
		p := filepath.Join(dir, "bad-"+c.file)
		if err := os.WriteFile(p, []byte("{not json"), 0o644); err != nil {
			t.Fatal(err)
		}
		err := c.open(p)
		if sqlerr.Code(err) != sqlerr.DataException || !strings.Contains(err.Error(), c.what+" "+p) {
			t.Errorf("%s: %v, want 22000 naming %s", c.file, err, p)
		}
	}
}
