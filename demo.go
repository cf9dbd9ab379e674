// Package pitgate holds what the pitgate binary carries with it: the demo
// feature repository, so that `pitgate demo` works from any directory.
package pitgate

import (
	"embed"
	"io/fs"
	"path"
)

//go:embed testdata/demo/repo/*.yaml
var demoRepo embed.FS

// DemoRepo returns the demo feature repository's files by name, as
// registry.Parse takes them.
func DemoRepo() (map[string][]byte, error) {
	files := map[string][]byte{}
	err := fs.WalkDir(demoRepo, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := demoRepo.ReadFile(p)
		if err != nil {
			return err
		}
		files[path.Join("demo", path.Base(p))] = data
		return nil
	})
	return files, err
}
