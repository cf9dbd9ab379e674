package e2e

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/pitgate/pitgate/internal/testenv"
)

// e2ePassword is the password of user pitgate in the secured server's
// configuration, which names it through ${PITGATE_E2E_PASSWORD}.
const e2ePassword = "e2e pässword"

// securedServer is `pitgate serve` with auth:, tls: {require: true} and
// max_connections: 3 over the demo data, with the CA file clients verify
// its certificate with.
type securedServer struct {
	*demo
	caFile string
}

func startSecured(t *testing.T) *securedServer {
	t.Helper()
	cfg := testenv.SmallDemo()
	cfg.Orders = 200
	data := t.TempDir()
	startDemo(t, cfg, "--data", data).stop(t) // writes data/warehouse.duckdb
	dir := t.TempDir()
	caFile := writeCert(t, dir)
	yaml := fmt.Sprintf(`listen: 127.0.0.1:0
repo: %q
warehouse: {type: duckdb, path: %q}
auth:
  users: [{name: pitgate, password: "${PITGATE_E2E_PASSWORD}"}]
tls: {cert: cert.pem, key: key.pem, require: true}
max_connections: 3
`, filepath.Join(testenv.Root(), "testdata", "demo", "repo"), filepath.Join(data, "warehouse.duckdb"))
	config := filepath.Join(dir, "pitgate.yaml")
	if err := os.WriteFile(config, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PITGATE_E2E_PASSWORD", e2ePassword) // inherited by the server process
	return &securedServer{demo: startServe(t, config, cfg), caFile: caFile}
}

// writeCert writes a self-signed certificate for 127.0.0.1 (cert.pem, also
// the CA clients trust) and its key (key.pem) into dir.
func writeCert(t *testing.T, dir string) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "pitgate e2e"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:        true, BasicConstraintsValid: true,
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile := filepath.Join(dir, "cert.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(filepath.Join(dir, "key.pem"), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600)
	return certFile
}

// psqlAs runs psql with PGPASSWORD and a connection string of params.
func (s *securedServer) psqlAs(t *testing.T, password string, params string, args ...string) (string, error) {
	t.Helper()
	path, err := exec.LookPath("psql")
	if err != nil {
		if testenv.CI() {
			t.Fatal("psql is not installed (CI must install postgresql-client)")
		}
		t.Skip("psql is not installed")
	}
	conninfo := fmt.Sprintf("host=%s port=%d user=pitgate dbname=pitgate %s", s.host, s.port, params)
	cmd := exec.Command(path, append([]string{"-X", "-A", "-t", "-d", conninfo}, args...)...)
	cmd.Env = append(os.Environ(), "PGPASSWORD="+password, "PGCONNECT_TIMEOUT=20")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// TestPsqlWithPasswordAndTLS: psql logs in with SCRAM over TLS, verified
// against the server's certificate and with channel binding; a wrong
// password gets PostgreSQL's message; plain text is refused.
func TestPsqlWithPasswordAndTLS(t *testing.T) {
	s := startSecured(t)
	for _, params := range []string{
		"sslmode=require",
		"sslmode=verify-full sslrootcert=" + s.caFile,
		"sslmode=require channel_binding=require",
	} {
		out, err := s.psqlAs(t, e2ePassword, params, "-c", `\conninfo`, "-c", "SELECT count(*) FROM orders")
		if err != nil || !strings.Contains(out, "SSL connection (protocol: TLSv1.3") || !strings.HasSuffix(out, "\n200\n") {
			t.Errorf("psql %s: %v\n%s", params, err, out)
		}
	}
	out, err := s.psqlAs(t, "wrong", "sslmode=require", "-c", "SELECT 1")
	if err == nil || !strings.Contains(out, `FATAL:  password authentication failed for user "pitgate"`) {
		t.Errorf("psql with a wrong password: %v\n%s", err, out)
	}
	out, err = s.psqlAs(t, e2ePassword, "sslmode=disable", "-c", "SELECT 1")
	if err == nil || !strings.Contains(out, "FATAL:  this server requires TLS") {
		t.Errorf("psql in plain text: %v\n%s", err, out)
	}
	if !strings.Contains(s.stderr.String(), "password authentication failed") {
		t.Errorf("the server did not log the failed login:\n%s", s.stderr)
	}
	if strings.Contains(s.stderr.String(), e2ePassword) {
		t.Errorf("the server logged the password")
	}
}

// TestMaxConnectionsThroughServe: with max_connections: 3 and three pgx
// clients in, psql gets "sorry, too many clients already"; when one
// leaves, psql gets in.
func TestMaxConnectionsThroughServe(t *testing.T) {
	s := startSecured(t)
	url := fmt.Sprintf("postgres://pitgate:%s@%s/pitgate?sslmode=require", strings.ReplaceAll(e2ePassword, " ", "%20"), s.addr())
	var conns []*pgx.Conn
	for range 3 {
		c, err := pgx.Connect(withTimeout(t), url)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	out, err := s.psqlAs(t, e2ePassword, "sslmode=require", "-c", "SELECT 1")
	if err == nil || !strings.Contains(out, "FATAL:  sorry, too many clients already") {
		t.Errorf("psql over the limit: %v\n%s", err, out)
	}
	conns[0].Close(context.Background())
	deadline := time.Now().Add(20 * time.Second)
	for {
		out, err = s.psqlAs(t, e2ePassword, "sslmode=require", "-c", "SELECT 1")
		if err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond) // the server frees the slot once the connection has ended
	}
	if err != nil || out != "1\n" {
		t.Errorf("psql after a client left: %v\n%s", err, out)
	}
	for _, c := range conns[1:] {
		c.Close(context.Background())
	}
}

// TestJdbcWithSCRAM: pgjdbc logs in with SCRAM-SHA-256 over TLS.
func TestJdbcWithSCRAM(t *testing.T) {
	requireTool(t, "java and libpostgresql-jdbc-java", func() error {
		if _, err := exec.LookPath("java"); err != nil {
			return err
		}
		_, err := os.Stat(jdbcJar)
		return err
	})
	s := startSecured(t)
	url := "jdbc:postgresql://" + s.addr() + "/pitgate?sslmode=require"
	for _, tc := range []struct{ password, want string }{
		{e2ePassword, "ok\t200"},
		{"wrong", "error\t28P01\tFATAL: password authentication failed for user \"pitgate\""},
	} {
		cmd := exec.CommandContext(withTimeout(t), "java", "-cp", jdbcJar, filepath.Join("testdata", "clients", "JdbcAuth.java"), url, "pitgate", tc.password)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil || strings.TrimSpace(string(out)) != tc.want {
			t.Errorf("JdbcAuth with password %q: %v\n%s%s", tc.password, err, out, stderr.String())
		}
	}
}
