package registry_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/pitgate/pitgate/registry"
)

// FuzzParse feeds arbitrary YAML to Parse: it must never panic, and every
// problem it reports must name the file and a line.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*/*/*.yaml")
	more, _ := filepath.Glob("../testdata/demo/repo/*.yaml")
	for _, path := range append(seeds, more...) {
		if content, err := os.ReadFile(path); err == nil {
			f.Add(content)
		}
	}
	f.Fuzz(func(t *testing.T, content []byte) {
		_, err := registry.Parse(map[string][]byte{"f.yaml": content})
		var list registry.Errors
		if err != nil && !errors.As(err, &list) {
			t.Fatalf("error is %T, want registry.Errors: %v", err, err)
		}
		for _, e := range list {
			if e.Pos.File != "f.yaml" || e.Pos.Line < 1 {
				t.Errorf("problem without a line: %v", e)
			}
		}
	})
}
