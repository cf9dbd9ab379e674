package main

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// buildBinary builds ./cmd/pitgate into dir.
func buildBinary(dir string) (string, error) {
	bin := filepath.Join(dir, "pitgate")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/pitgate")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	return bin, cmd.Run()
}

// storeSetup is one pitgate configuration: an online store and a cache size.
type storeSetup struct {
	name       string // embedded | redis | postgres
	online     string // the online: block's YAML
	maxEntries int
}

// writeConfig writes a pitgate.yaml for s under dir (its data directory
// beside it) and returns its path.
func writeConfig(dir, repo, whDSN string, s storeSetup) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	cfg := fmt.Sprintf(`listen: 127.0.0.1:0
repo: %s
warehouse: {type: postgres, dsn: %q}
online: %s
cache: {max_entries: %d}
state: {path: ./data}
`, repo, whDSN, s.online, s.maxEntries)
	path := filepath.Join(dir, "pitgate.yaml")
	return path, os.WriteFile(path, []byte(cfg), 0o644)
}

var reportLine = regexp.MustCompile(`(\d+) rows, .* in ([0-9.]+(?:ms|s|m[0-9.]+s|µs))`)

// materialize runs `pitgate materialize` over all of history and returns
// the rows written and the elapsed time the command reports.
func materialize(bin, config string) (int64, time.Duration, error) {
	cmd := exec.Command(bin, "materialize", "--config", config, "--start", "2000-01-01")
	out, err := cmd.Output()
	if err != nil {
		return 0, 0, fmt.Errorf("pitgate materialize: %w\n%s", err, out)
	}
	m := reportLine.FindStringSubmatch(string(out))
	if m == nil {
		return 0, 0, fmt.Errorf("pitgate materialize printed no report: %s", out)
	}
	rows, _ := strconv.ParseInt(m[1], 10, 64)
	d, err := time.ParseDuration(m[2])
	return rows, d, err
}

// server is a running `pitgate serve`.
type server struct {
	cmd  *exec.Cmd
	addr string
}

// startServer runs `pitgate serve` and waits for its address.
func startServer(bin, config string) (*server, error) {
	cmd := exec.Command(bin, "serve", "--config", config)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	logFile, err := os.Create(filepath.Join(filepath.Dir(config), "serve.log"))
	if err != nil {
		return nil, err
	}
	cmd.Stderr = logFile
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if i := strings.LastIndex(sc.Text(), " on "); i >= 0 {
				addr <- sc.Text()[i+4:]
			}
		}
		close(addr)
	}()
	select {
	case a, ok := <-addr:
		if !ok {
			cmd.Wait()
			return nil, fmt.Errorf("pitgate serve stopped; see %s", logFile.Name())
		}
		return &server{cmd: cmd, addr: a}, nil
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		return nil, fmt.Errorf("pitgate serve did not start in 60 s")
	}
}

func (s *server) hostPort() (string, string) {
	h, p, _ := net.SplitHostPort(s.addr)
	return h, p
}

func (s *server) stop() {
	s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		s.cmd.Process.Kill()
		<-done
	}
}

// startRedis runs a private redis-server on a free port (nothing saved),
// so the bench neither reads nor clears anyone else's keys.
func startRedis(ctx context.Context) (*exec.Cmd, string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", err
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	cmd := exec.CommandContext(ctx, "redis-server", "--port", port, "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--daemonize", "no")
	if err := cmd.Start(); err != nil {
		return nil, "", fmt.Errorf("redis-server: %w", err)
	}
	addr := "127.0.0.1:" + port
	for i := 0; i < 100; i++ {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return cmd, addr, nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()
	return nil, "", fmt.Errorf("redis-server did not listen on %s", addr)
}
