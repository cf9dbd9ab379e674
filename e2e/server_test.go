package e2e

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pitgate/pitgate/internal/datagen"
	"github.com/pitgate/pitgate/internal/testenv"
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "pitgate-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "pitgate")
	build := exec.Command("go", "build", "-o", binary, "./cmd/pitgate")
	build.Dir = testenv.Root()
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building pitgate:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// demo is a running `pitgate demo`.
type demo struct {
	cmd    *exec.Cmd
	host   string
	port   int
	cfg    datagen.Config
	stderr *syncBuffer
}

// syncBuffer is the server's stderr, written by exec's copier while tests read it.
type syncBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var connectLine = regexp.MustCompile(`postgres://pitgate@([0-9.]+):(\d+)/pitgate`)

// startDemo runs `pitgate demo` on a free port with cfg's data and waits
// until it prints its connection string.
func startDemo(t testing.TB, cfg datagen.Config, extra ...string) *demo {
	t.Helper()
	args := []string{"demo", "--listen", "127.0.0.1:0", "--data", t.TempDir(),
		"--seed", strconv.FormatInt(cfg.Seed, 10), "--orders", strconv.Itoa(cfg.Orders),
		"--drivers", strconv.Itoa(cfg.Drivers), "--customers", strconv.Itoa(cfg.Customers),
		"--hours", strconv.Itoa(cfg.HoursOfHistory), "--start", demoStart(cfg).Format(time.RFC3339)}
	cmd := exec.Command(binary, append(args, extra...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	d := &demo{cmd: cmd, cfg: cfg, stderr: &syncBuffer{}}
	cmd.Stderr = d.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.stop(t) })
	found := make(chan []string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := connectLine.FindStringSubmatch(sc.Text()); m != nil {
				found <- m
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case m := <-found:
		d.host = m[1]
		d.port, _ = strconv.Atoi(m[2])
	case <-time.After(2 * time.Minute):
		t.Fatalf("pitgate demo did not start; stderr:\n%s", d.stderr)
	}
	return d
}

func (d *demo) stop(t testing.TB) {
	if d.cmd.ProcessState != nil {
		return
	}
	_ = d.cmd.Process.Signal(os.Interrupt)
	done := make(chan error, 1)
	go func() { done <- d.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("pitgate demo did not stop cleanly on SIGINT: %v\n%s", err, d.stderr)
		}
	case <-time.After(20 * time.Second):
		_ = d.cmd.Process.Kill()
		t.Errorf("pitgate demo ignored SIGINT for 20 s")
	}
}

// demoStart is where cfg's history begins, as datagen reads a zero Start.
func demoStart(cfg datagen.Config) time.Time {
	if cfg.Start.IsZero() {
		return datagen.DefaultStart
	}
	return cfg.Start
}

func (d *demo) url() string {
	return fmt.Sprintf("postgres://pitgate@%s:%d/pitgate?sslmode=disable", d.host, d.port)
}

func (d *demo) addr() string { return fmt.Sprintf("%s:%d", d.host, d.port) }

func testConfig() datagen.Config {
	cfg := testenv.SmallDemo()
	cfg.Orders = 3000
	return cfg
}

func withTimeout(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}
