package embedded_test

import (
	"testing"

	"github.com/pitgate/pitgate/online"
	"github.com/pitgate/pitgate/online/embedded"
	"github.com/pitgate/pitgate/online/onlinetest"
)

func TestConformance(t *testing.T) {
	onlinetest.Run(t, func(t *testing.T) online.Store {
		s, err := embedded.Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestSecondOpenIsRefused(t *testing.T) {
	dir := t.TempDir()
	s, err := embedded.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := embedded.Open(dir); err == nil {
		t.Fatal("a second open of a locked store succeeded")
	}
}
