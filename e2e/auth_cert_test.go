package e2e

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pitgate/pitgate/internal/testenv"
)

// TestAuthPsqlClientCertificate: `pitgate serve` with tls.client_ca and
// auth.hba rules; psql logs in with a client certificate whose CN is the
// user (sslcert/sslkey), is refused with PostgreSQL's messages for a
// certificate naming another user or signed by another CA, and plain text
// meets the reject rule.
func TestAuthPsqlClientCertificate(t *testing.T) {
	cfg := testenv.SmallDemo()
	cfg.Orders = 50
	data := t.TempDir()
	startDemo(t, cfg, "--data", data).stop(t)
	dir := t.TempDir()
	caFile := writeCert(t, dir)
	clients := newClientCA(t, dir, "clients-ca.pem")
	stranger := newClientCA(t, t.TempDir(), "stranger.pem")
	yaml := fmt.Sprintf(`listen: 127.0.0.1:0
repo: %q
warehouse: {type: duckdb, path: %q}
auth:
  users: [{name: pitgate, password: "${PITGATE_E2E_PASSWORD}"}]
  hba:
    - {type: hostssl, user: pitgate, database: pitgate, method: cert}
    - {type: host, address: 127.0.0.0/8, method: reject}
tls: {cert: cert.pem, key: key.pem, client_ca: clients-ca.pem}
`, filepath.Join(testenv.Root(), "testdata", "demo", "repo"), filepath.Join(data, "warehouse.duckdb"))
	config := filepath.Join(dir, "pitgate.yaml")
	if err := os.WriteFile(config, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PITGATE_E2E_PASSWORD", e2ePassword)
	s := &securedServer{demo: startServe(t, config, cfg), caFile: caFile}
	withCert := func(ca clientCA, cn string) string {
		cert, key := ca.issue(t, cn)
		return "sslmode=verify-full sslrootcert=" + caFile + " sslcert=" + cert + " sslkey=" + key
	}
	out, err := s.psqlAs(t, "", withCert(clients, "pitgate"), "-c", "SELECT count(*) FROM orders")
	if err != nil || strings.TrimSpace(out) != "50" {
		t.Errorf("psql with a good certificate: %v\n%s", err, out)
	}
	for _, tc := range []struct{ params, want string }{
		{withCert(clients, "someone"), `FATAL:  certificate authentication failed for user "pitgate"`},
		{withCert(stranger, "pitgate"), "SSL error: tlsv1 alert unknown ca"},
		{"sslmode=require", "FATAL:  connection requires a valid client certificate"},
		{"sslmode=disable", `FATAL:  pg_hba.conf rejects connection for host "127.0.0.1", user "pitgate", database "pitgate", no encryption`},
	} {
		out, err := s.psqlAs(t, e2ePassword, tc.params, "-c", "SELECT 1")
		if err == nil || !strings.Contains(out, tc.want) {
			t.Errorf("psql %s: %v\n%s\nwant %s", tc.params, err, out, tc.want)
		}
	}
}

// clientCA is a CA issuing client certificates, made for one test.
type clientCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

func newClientCA(t *testing.T, dir, name string) clientCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		IsCA:     true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	writePEMFile(t, filepath.Join(dir, name), "CERTIFICATE", der)
	return clientCA{cert: cert, key: key}
}

// issue writes a client certificate for cn and its key (owner-only, as
// libpq wants) and returns their paths.
func (ca clientCA) issue(t *testing.T, cn string) (string, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: cn},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "client.crt"), filepath.Join(dir, "client.key")
	writePEMFile(t, certFile, "CERTIFICATE", der)
	writePEMFile(t, keyFile, "PRIVATE KEY", keyDER)
	return certFile, keyFile
}

func writePEMFile(t *testing.T, file, typ string, der []byte) {
	t.Helper()
	if err := os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}
