package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// pgbenchTarget is how pgbench reaches a target.
type pgbenchTarget struct {
	host, port, user, db string
	script               string
}

var tpsLine = regexp.MustCompile(`tps = ([0-9.]+) \(without initial connection time\)`)

// runPgbench runs `pgbench -n -M prepared -f script -c conns -j J -T secs`
// with a per-transaction log, whose latencies give p50 and p99; tps is
// pgbench's own.
func runPgbench(bin string, t pgbenchTarget, conns, keys int, d time.Duration, dir string) (result, error) {
	logDir, err := os.MkdirTemp(dir, "pgbench-log-")
	if err != nil {
		return result{}, err
	}
	defer os.RemoveAll(logDir)
	jobs := min(conns, runtime.NumCPU())
	args := []string{"-n", "-M", "prepared", "-f", t.script, "-D", "keys=" + strconv.Itoa(keys),
		"-c", strconv.Itoa(conns), "-j", strconv.Itoa(jobs), "-T", strconv.Itoa(int(d.Seconds())),
		"-l", "--log-prefix", filepath.Join(logDir, "tx"),
		"-h", t.host, "-p", t.port, "-U", t.user, t.db}
	cmd := exec.Command(bin, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return result{}, fmt.Errorf("pgbench %s: %w\n%s", strings.Join(args, " "), err, out.String())
	}
	m := tpsLine.FindStringSubmatch(out.String())
	if m == nil {
		return result{}, fmt.Errorf("pgbench printed no tps:\n%s", out.String())
	}
	lat, err := readTxLogs(logDir)
	if err != nil {
		return result{}, err
	}
	r := summarize(lat, d)
	r.tps, _ = strconv.ParseFloat(m[1], 64)
	return r, nil
}

// readTxLogs reads pgbench's per-transaction logs: "client_id
// transaction_no time script_no time_epoch time_us", time in µs.
func readTxLogs(dir string) ([]time.Duration, error) {
	files, err := filepath.Glob(filepath.Join(dir, "tx*"))
	if err != nil {
		return nil, err
	}
	var lat []time.Duration
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(fh)
		for sc.Scan() {
			fields := strings.Fields(sc.Text())
			if len(fields) < 3 {
				continue
			}
			us, err := strconv.ParseInt(fields[2], 10, 64)
			if err != nil {
				continue
			}
			lat = append(lat, time.Duration(us)*time.Microsecond)
		}
		fh.Close()
	}
	if len(lat) == 0 {
		return nil, fmt.Errorf("pgbench logged no transactions in %s", dir)
	}
	return lat, nil
}
