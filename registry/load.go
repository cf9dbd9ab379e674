package registry

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/parser"
)

// Load reads every *.yaml and *.yml file under dir, recursively and in name
// order, skipping files and directories whose names start with a dot (.git,
// .github). File names in errors are dir joined with the file's path.
func Load(dir string) (*Repo, error) {
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && path != dir {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !isYAML(path) {
			return nil
		}
		content, err := os.ReadFile(path)
		files[path] = content
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("reading feature repository: %w", err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("feature repository %s holds no .yaml or .yml files", dir)
	}
	return Parse(files)
}

func isYAML(path string) bool {
	ext := filepath.Ext(path)
	return ext == ".yaml" || ext == ".yml"
}

// Parse builds a repository from file contents keyed by file name, exactly as
// Load does. On any problem it returns nil and an Errors listing them all.
func Parse(files map[string][]byte) (*Repo, error) {
	errs := &problems{}
	raw := &rawRepo{}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		parseFile(name, files[name], raw, errs)
	}
	repo := build(raw, errs)
	if err := errs.err(); err != nil {
		return nil, err
	}
	return repo, nil
}

func parseFile(name string, content []byte, raw *rawRepo, errs *problems) {
	f, err := parser.ParseBytes(content, 0)
	if err != nil {
		errs.add(syntaxPos(name, err), "invalid YAML: %s", syntaxMessage(err))
		return
	}
	for _, doc := range f.Docs {
		if doc.Body != nil {
			newReader(name, doc.Body, errs).readFile(doc.Body, raw)
		}
	}
}

func syntaxPos(file string, err error) Pos {
	var yerr yaml.Error
	if errors.As(err, &yerr) && yerr.GetToken() != nil {
		return Pos{File: file, Line: yerr.GetToken().Position.Line}
	}
	return Pos{File: file}
}

func syntaxMessage(err error) string {
	var yerr yaml.Error
	if errors.As(err, &yerr) {
		return yerr.GetMessage()
	}
	return err.Error()
}
