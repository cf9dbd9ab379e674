package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestConfigMaterializeSchedule: materialize.schedule is a positive Go
// duration or Nd, checked when the file is loaded; absent means no schedule.
func TestConfigMaterializeSchedule(t *testing.T) {
	cases := []struct {
		yaml    string
		want    time.Duration
		wantErr string
	}{
		{"listen: 127.0.0.1:5433\n", 0, ""},
		{"materialize: {schedule: 15m}\n", 15 * time.Minute, ""},
		{"materialize:\n  schedule: 1d\n", 24 * time.Hour, ""},
		{"materialize: {schedule: 250ms}\n", 250 * time.Millisecond, ""},
		{"materialize: {schedule: 0}\n", 0, `materialize.schedule: "0" is not a positive duration`},
		{"materialize: {schedule: -5m}\n", 0, `materialize.schedule: "-5m" is not a positive duration`},
		{"materialize: {schedule: often}\n", 0, `materialize.schedule: "often" is not a positive duration`},
		{"materialize: {every: 5m}\n", 0, "every"},
	}
	for _, c := range cases {
		path := filepath.Join(t.TempDir(), "pitgate.yaml")
		if err := os.WriteFile(path, []byte(c.yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := loadConfig(path)
		switch {
		case c.wantErr == "" && err != nil:
			t.Errorf("%q: %v", c.yaml, err)
		case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
			t.Errorf("%q: error %v, want one containing %q", c.yaml, err, c.wantErr)
		case err == nil && cfg.Materialize.Every() != c.want:
			t.Errorf("%q: every %v, want %v", c.yaml, cfg.Materialize.Every(), c.want)
		}
	}
}
