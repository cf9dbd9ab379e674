package registry_test

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pitgate/pitgate/registry"
)

var update = flag.Bool("update", false, "rewrite the expected errors under testdata/invalid")

// TestInvalidRepos loads each testdata/invalid/<case> directory and compares
// every reported problem, file and line included, with <case>/errors.txt
// (file names there are relative to the case directory).
func TestInvalidRepos(t *testing.T) {
	dirs, err := filepath.Glob("testdata/invalid/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			repo, err := registry.Load(dir)
			if err == nil {
				t.Fatalf("Load succeeded with %d views; want errors", len(repo.Views))
			}
			var list registry.Errors
			if !errors.As(err, &list) {
				t.Fatalf("error is %T, want registry.Errors: %v", err, err)
			}
			got := strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "") + "\n"
			wantFile := filepath.Join(dir, "errors.txt")
			if *update {
				if err := os.WriteFile(wantFile, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("errors differ\n--- got\n%s--- want\n%s", got, want)
			}
		})
	}
}
