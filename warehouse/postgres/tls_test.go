package postgres_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/internal/testenv"
	"github.com/pitgate/pitgate/warehouse/postgres"
)

// TestTLSToTheWarehouse: the DSN's sslmode and sslrootcert reach the
// connection as libpq reads them. sslmode=require gives a TLS session the
// server sees as one; verify-full against a CA that did not sign the
// server's certificate refuses to connect, with 08006 and the reason.
// (The test PostgreSQL has ssl on, as Debian's package sets it up; where it
// has not, the test skips, except under CI.)
func TestTLSToTheWarehouse(t *testing.T) {
	base := testenv.PostgresDSN()
	db, err := postgres.Open(ctx(t), withSSL(t, base, "require", ""))
	if err != nil {
		if !testenv.CI() && (strings.Contains(err.Error(), "server refused TLS") || strings.Contains(err.Error(), "SSL")) {
			t.Skipf("the test PostgreSQL does not offer TLS: %v", err)
		}
		t.Fatal(err)
	}
	defer db.Close()
	_, rows := queryAll(t, db, "SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
	if len(rows) != 1 || rows[0][0] != true || !strings.HasPrefix(rows[0][1].(string), "TLS") {
		t.Fatalf("pg_stat_ssl says %v", rows)
	}
	_, err = postgres.Open(ctx(t), withSSL(t, base, "verify-full", otherCA(t)))
	if code := sqlerr.Code(err); code != sqlerr.ConnectionFailure || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("verify-full with a foreign CA: %s %v", code, err)
	}
}

func withSSL(t *testing.T, dsn, mode, rootCert string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("sslmode", mode)
	if rootCert != "" {
		q.Set("sslrootcert", rootCert)
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// otherCA writes a self-signed CA certificate that signed nothing.
func otherCA(t *testing.T) string {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "not the warehouse's CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
