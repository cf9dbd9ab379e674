package online

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

// jsonDocument is one JSON document of the state (the materialization
// state, the saved-dataset records), kept by a StateBackend, where a change
// is one atomic read-modify-write, or in a file replaced whole (temporary
// file, fsync, rename), so that a crash leaves the old document or the new,
// never half of one. A missing document reads as fresh().
type jsonDocument[T any] struct {
	path    string
	backend StateBackend
	fresh   func() *T
	// complete fills in what decoding an older document left nil.
	complete func(*T)
	// what and hint word the 22000 error of a document that does not decode.
	what, hint string
}

func (d *jsonDocument[T]) load(ctx context.Context) (*T, error) {
	var data []byte
	var err error
	if d.backend != nil {
		ctx, cancel := context.WithTimeout(ctx, stateTimeout)
		defer cancel()
		data, err = d.backend.Load(ctx)
	} else {
		data, err = os.ReadFile(d.path)
	}
	return d.parse(data, err)
}

// parse decodes a document as read; none (nil, or a missing file) is fresh.
func (d *jsonDocument[T]) parse(data []byte, err error) (*T, error) {
	f := d.fresh()
	if errors.Is(err, fs.ErrNotExist) || (err == nil && data == nil) {
		return f, nil
	}
	var se *sqlerr.Error
	if errors.As(err, &se) {
		return nil, se
	}
	if err == nil {
		err = json.Unmarshal(data, f)
	}
	if err != nil {
		return nil, sqlerr.New(sqlerr.DataException, "%s %s: %v", d.what, d.path, err).WithHint("%s", d.hint)
	}
	d.complete(f)
	return f, nil
}

// change applies fn to the document and persists it: one atomic update on
// a backend; a re-read and an atomic file replacement otherwise.
func (d *jsonDocument[T]) change(ctx context.Context, fn func(*T) error) error {
	if d.backend != nil {
		ctx, cancel := context.WithTimeout(ctx, stateTimeout)
		defer cancel()
		return d.backend.Update(ctx, func(old []byte) ([]byte, error) {
			f, err := d.parse(old, nil)
			if err != nil {
				return nil, err
			}
			if err := fn(f); err != nil {
				return nil, err
			}
			return json.MarshalIndent(f, "", "  ")
		})
	}
	f, err := d.load(ctx)
	if err != nil {
		return err
	}
	if err := fn(f); err != nil {
		return err
	}
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(d.path, append(data, '\n'))
}

// writeFileAtomic replaces path by data: a crash leaves the old file or
// the new, never half of one.
func writeFileAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
