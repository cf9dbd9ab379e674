// Command wire measures what pitgate's protocol path adds to a statement:
// the same pgx client runs prepared `SELECT 1` round trips through a
// `pitgate demo` it starts and directly against PostgreSQL, in
// alternating rounds of one run, and prints both latency distributions
// and the added median.
//
//	go run ./bench/wire [--n 20000 --rounds 5 --pg postgres://root@127.0.0.1:5432/test]
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

var connectLine = regexp.MustCompile(`psql "(postgres://[^"]+)"`)

func main() {
	n := flag.Int("n", 20000, "round trips per target and round")
	rounds := flag.Int("rounds", 5, "alternating rounds")
	pg := flag.String("pg", "postgres://root@127.0.0.1:5432/test?sslmode=disable", "PostgreSQL to compare with")
	flag.Parse()
	if err := run(*n, *rounds, *pg); err != nil {
		fmt.Fprintln(os.Stderr, "wire:", err)
		os.Exit(1)
	}
}

func run(n, rounds int, pgURL string) error {
	dir, err := os.MkdirTemp("", "pitgate-bench-wire")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	url, stop, err := startDemo(dir)
	if err != nil {
		return err
	}
	defer stop()
	ctx := context.Background()
	targets := []struct {
		name string
		url  string
		lat  []time.Duration
	}{{name: "pitgate", url: url}, {name: "postgres", url: pgURL}}
	conns := make([]*pgx.Conn, len(targets))
	for i, tg := range targets {
		if conns[i], err = pgx.Connect(ctx, tg.url); err != nil {
			return fmt.Errorf("%s: %w", tg.name, err)
		}
		defer conns[i].Close(ctx)
		if _, err := roundTrips(ctx, conns[i], 1000); err != nil { // warm up: prepare, caches
			return fmt.Errorf("%s: %w", tg.name, err)
		}
	}
	for r := 0; r < rounds; r++ {
		for i := range targets {
			lat, err := roundTrips(ctx, conns[i], n)
			if err != nil {
				return fmt.Errorf("%s: %w", targets[i].name, err)
			}
			targets[i].lat = append(targets[i].lat, lat...)
		}
	}
	fmt.Printf("prepared SELECT 1, pgx (QueryExecModeCacheStatement), %d round trips each in %d alternating rounds\n", n*rounds, rounds)
	fmt.Printf("%-9s %10s %10s %10s %10s\n", "target", "mean", "p50", "p99", "p99.9")
	med := map[string]time.Duration{}
	for _, tg := range targets {
		slices.Sort(tg.lat)
		med[tg.name] = pct(tg.lat, 50)
		fmt.Printf("%-9s %10s %10s %10s %10s\n", tg.name, mean(tg.lat), pct(tg.lat, 50), pct(tg.lat, 99), pct(tg.lat, 99.9))
	}
	fmt.Printf("added median latency: %s per statement (pitgate %s - postgres %s)\n",
		med["pitgate"]-med["postgres"], med["pitgate"], med["postgres"])
	return nil
}

func roundTrips(ctx context.Context, conn *pgx.Conn, n int) ([]time.Duration, error) {
	lat := make([]time.Duration, n)
	for i := range lat {
		start := time.Now()
		var one int32
		if err := conn.QueryRow(ctx, "SELECT 1").Scan(&one); err != nil {
			return nil, err
		}
		lat[i] = time.Since(start)
		if one != 1 {
			return nil, fmt.Errorf("SELECT 1 returned %d", one)
		}
	}
	return lat, nil
}

func pct(sorted []time.Duration, p float64) time.Duration {
	return sorted[min(len(sorted)-1, int(float64(len(sorted))*p/100))].Round(100 * time.Nanosecond)
}

func mean(d []time.Duration) time.Duration {
	var sum time.Duration
	for _, x := range d {
		sum += x
	}
	return (sum / time.Duration(len(d))).Round(100 * time.Nanosecond)
}

// startDemo builds pitgate and runs `pitgate demo` on a free port with
// small demo data; it returns the connection URL it prints.
func startDemo(dir string) (string, func(), error) {
	bin := filepath.Join(dir, "pitgate")
	build := exec.Command("go", "build", "-o", bin, "./cmd/pitgate")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return "", nil, err
	}
	cmd := exec.Command(bin, "demo", "--listen", "127.0.0.1:0", "--data", filepath.Join(dir, "data"), "--orders", "1000")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() {
		cmd.Process.Signal(syscall.SIGINT)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
		}
	}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := connectLine.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
	}()
	select {
	case url := <-found:
		return url, stop, nil
	case <-time.After(2 * time.Minute):
		stop()
		return "", nil, fmt.Errorf("pitgate demo did not start")
	}
}
