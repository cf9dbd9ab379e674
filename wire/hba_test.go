package wire

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// testCA is a certificate authority made for one test, issuing client
// certificates.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	file string // its certificate, PEM
}

func newTestCA(t *testing.T, name string) testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: name},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "client-ca.pem")
	writePEM(t, file, "CERTIFICATE", der)
	return testCA{cert: cert, key: key, file: file}
}

// issue makes a client certificate with the common name cn and returns
// its certificate and key files (libpq wants the key readable by its owner
// only).
func (ca testCA) issue(t *testing.T, cn string) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: cn},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "client.crt"), filepath.Join(dir, "client.key")
	writePEM(t, certFile, "CERTIFICATE", der)
	writePEM(t, keyFile, "PRIVATE KEY", pkcs8)
	return certFile, keyFile
}

func writePEM(t *testing.T, file, typ string, der []byte) {
	t.Helper()
	if err := os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}

// hbaServer serves over TLS with client certificates checked against ca,
// users configured, and the given rules.
func hbaServer(t *testing.T, cert testCert, ca testCA, rules ...HBARule) *testServer {
	t.Helper()
	conf := cert.config.Clone()
	if err := LoadClientCA(conf, ca.file); err != nil {
		t.Fatal(err)
	}
	return startServer(t, withUsers(AuthSCRAM), func(c *Config) {
		c.TLS = conf
		c.HBA = rules
	})
}

// certURL is a verify-full connection as user presenting certFile/keyFile
// (none when empty). pgx's TLS client presents a certificate only when
// its issuer is among the CAs the server asks for.
func certURL(ts *testServer, cert testCert, user, password, certFile, keyFile string) string {
	params := []string{"sslmode", "verify-full", "sslrootcert", cert.caFile}
	if certFile != "" {
		params = append(params, "sslcert", certFile, "sslkey", keyFile)
	}
	return clientURL(ts.addr, user, password, "hba", params...)
}

// TestCertAuthentication: method cert lets in a client whose certificate,
// signed by the client CA, names the user; refuses one naming another
// user, one without a certificate (PostgreSQL's messages) and one whose
// certificate another CA signed (in the handshake, as OpenSSL does).
func TestCertAuthentication(t *testing.T) {
	cert, ca, stranger := newTestCert(t), newTestCA(t, "pitgate clients"), newTestCA(t, "stranger")
	ts := hbaServer(t, cert, ca, HBARule{Type: HBAHostSSL, Method: AuthCert})
	good, goodKey := ca.issue(t, "tester")
	if err := connectErr(t, certURL(ts, cert, "tester", "", good, goodKey)); err != nil {
		t.Fatalf("good certificate: %v", err)
	}
	other, otherKey := ca.issue(t, "other")
	wantFatal(t, connectErr(t, certURL(ts, cert, "tester", "", other, otherKey)),
		"28000", `certificate authentication failed for user "tester"`)
	wantFatal(t, connectErr(t, certURL(ts, cert, "tester", "", "", "")),
		"28000", "connection requires a valid client certificate")
	// A certificate for a user nobody configured is no way in either.
	ghost, ghostKey := ca.issue(t, "ghost")
	wantFatal(t, connectErr(t, certURL(ts, cert, "ghost", "", ghost, ghostKey)), "28000", `role "ghost" does not exist`)

	// Go's TLS client offers only a certificate of a CA the server's
	// CertificateRequest lists, so pgx presents none here, as it would to
	// PostgreSQL (which lists its ssl_ca_file's CAs too).
	bad, badKey := stranger.issue(t, "tester")
	wantFatal(t, connectErr(t, certURL(ts, cert, "tester", "", bad, badKey)),
		"28000", "connection requires a valid client certificate")
}

// TestCertAuthenticationPsql drives the same with libpq's sslcert, sslkey
// and sslrootcert; its messages are what psql prints against PostgreSQL.
func TestCertAuthenticationPsql(t *testing.T) {
	if _, err := exec.LookPath("psql"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("psql not installed")
		}
		t.Skip("psql not installed")
	}
	cert, ca, stranger := newTestCert(t), newTestCA(t, "pitgate clients"), newTestCA(t, "stranger")
	ts := hbaServer(t, cert, ca, HBARule{Type: HBAHostSSL, Method: AuthCert})
	host, port, _ := net.SplitHostPort(ts.addr)
	psql := func(user, certFile, keyFile string) (string, error) {
		conninfo := "host=" + host + " port=" + port + " dbname=features user=" + user +
			" sslmode=verify-full sslrootcert=" + cert.caFile + " sslcert=" + certFile + " sslkey=" + keyFile
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, "psql", "-X", "-At", "-c", "SELECT 1", conninfo)
		cmd.Env = append(os.Environ(), "PGPASSWORD=", "PGCONNECT_TIMEOUT=10")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	good, goodKey := ca.issue(t, "tester")
	if out, err := psql("tester", good, goodKey); err != nil || strings.TrimSpace(out) != "1" {
		t.Errorf("good certificate: %v: %s", err, out)
	}
	other, otherKey := ca.issue(t, "other")
	if out, _ := psql("tester", other, otherKey); !strings.Contains(out, `FATAL:  certificate authentication failed for user "tester"`) {
		t.Errorf("wrong CN: psql said %q", out)
	}
	bad, badKey := stranger.issue(t, "tester")
	if out, _ := psql("tester", bad, badKey); !strings.Contains(out, "SSL error: tlsv1 alert unknown ca") {
		t.Errorf("untrusted CA: psql said %q", out)
	}
}

// dialFrom is a pgconn configuration for url whose connection leaves from
// the loopback address local (127.0.0.2 is this host too on Linux).
func connectFrom(t *testing.T, url, local string) error {
	t.Helper()
	cfg, err := pgconn.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(local)}, Timeout: testTimeout}
	cfg.DialFunc = d.DialContext
	conn, err := pgconn.ConnectConfig(testCtx(t), cfg)
	if err == nil {
		conn.Close(context.Background())
	}
	return err
}

// TestHBARuleOrder: the first rule matching type, address, user and
// database decides; no match is PostgreSQL's "no pg_hba.conf entry".
func TestHBARuleOrder(t *testing.T) {
	cert, ca := newTestCert(t), newTestCA(t, "pitgate clients")
	ts := hbaServer(t, cert, ca,
		HBARule{Type: HBAHost, Address: "127.0.0.2/32", Method: AuthReject},
		HBARule{Type: HBAHostNoSSL, Users: []string{"other"}, Method: AuthTrust},
		HBARule{Type: HBAHostSSL, Databases: []string{"features"}, Users: []string{"tester"}, Address: "127.0.0.0/8", Method: AuthMD5},
		HBARule{Type: HBAHostNoSSL, Databases: []string{"sameuser"}, Method: AuthSCRAM},
	)
	pw := testUsers[0].Password
	tlsURL := clientURL(ts.addr, "tester", pw, "hba", "sslmode", "require")
	plainURL := clientURL(ts.addr, "tester", pw, "hba", "sslmode", "disable")

	wantFatal(t, connectFrom(t, tlsURL, "127.0.0.2"), "28000",
		`pg_hba.conf rejects connection for host "127.0.0.2", user "tester", database "features", SSL encryption`)
	if err := connectFrom(t, tlsURL, "127.0.0.1"); err != nil {
		t.Errorf("md5 over TLS: %v", err)
	}
	if err := connectErr(t, clientURL(ts.addr, "other", "", "hba", "sslmode", "disable")); err != nil {
		t.Errorf("trust for other in plain text: %v", err)
	}
	wantFatal(t, connectErr(t, plainURL), "28000",
		`no pg_hba.conf entry for host "127.0.0.1", user "tester", database "features", no encryption`)
	u := strings.Replace(plainURL, "/features?", "/tester?", 1)
	if err := connectErr(t, u); err != nil {
		t.Errorf("sameuser database in plain text: %v", err)
	}
	wrong := strings.Replace(clientURL(ts.addr, "tester", "wrong", "hba", "sslmode", "disable"), "/features?", "/tester?", 1)
	wantFatal(t, connectErr(t, wrong), "28P01", `password authentication failed for user "tester"`)
}

func TestHBAConfigErrors(t *testing.T) {
	cert, ca := newTestCert(t), newTestCA(t, "pitgate clients")
	withCA := cert.config.Clone()
	if err := LoadClientCA(withCA, ca.file); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		rule HBARule
		tls  *tls.Config
		want string
	}{
		{HBARule{Type: HBAHost, Method: AuthCert}, withCA, "cert authentication is only supported on hostssl connections"},
		{HBARule{Type: HBAHostSSL, Method: AuthCert}, cert.config, "needs client certificate authorities"},
		{HBARule{Type: HBAHostSSL, Method: AuthSCRAM}, nil, "hostssl rule cannot match because TLS is not configured"},
		{HBARule{Type: HBAHost, Method: AuthPassword}, withCA, "allowed on hostssl rules only"},
		{HBARule{Type: "local", Method: AuthSCRAM}, nil, "TCP only"},
		{HBARule{Type: HBAHost, Method: "ident"}, nil, `unknown method "ident"`},
		{HBARule{Type: HBAHost}, nil, "method is required"},
		{HBARule{Type: HBAHost, Address: "10.0.0.1", Method: AuthSCRAM}, nil, `address "10.0.0.1"`},
		{HBARule{Type: HBAHost, Users: []string{"+admins"}, Method: AuthSCRAM}, nil, `user "+admins"`},
	} {
		cfg := Config{Handler: newTestHandler(), Users: testUsers, TLS: tc.tls, HBA: []HBARule{tc.rule}}
		if _, err := NewServer(cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: NewServer error = %v, want one saying %q", tc.rule, err, tc.want)
		}
	}
	// A trust rule is for loopback listeners only, users or not.
	cfg := Config{Handler: newTestHandler(), Listen: "0.0.0.0:5433", Users: testUsers,
		HBA: []HBARule{{Type: HBAHost, Address: "127.0.0.1/32", Method: AuthTrust}}}
	if _, err := NewServer(cfg); err == nil || !strings.Contains(err.Error(), "without authentication") {
		t.Errorf("trust rule on 0.0.0.0: NewServer error = %v, want a refusal", err)
	}
}

// TestHBAMatches: each field of a rule on its own, IPv6 and IPv4-mapped
// client addresses included.
func TestHBAMatches(t *testing.T) {
	compile := func(r HBARule) hbaRule {
		c, err := compileHBARule(r, hbaContext{tls: true, clientCAs: true})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	v4, v6, mapped := netip.MustParseAddr("10.1.2.3"), netip.MustParseAddr("fd00::1"), netip.MustParseAddr("::ffff:10.1.2.3")
	for _, tc := range []struct {
		rule           HBARule
		ssl            bool
		addr           netip.Addr
		user, database string
		want           bool
	}{
		{HBARule{Type: HBAHost, Method: AuthMD5}, false, v4, "u", "d", true},
		{HBARule{Type: HBAHostSSL, Method: AuthMD5}, false, v4, "u", "d", false},
		{HBARule{Type: HBAHostNoSSL, Method: AuthMD5}, true, v4, "u", "d", false},
		{HBARule{Type: HBAHost, Address: "10.0.0.0/8", Method: AuthMD5}, false, v4, "u", "d", true},
		{HBARule{Type: HBAHost, Address: "10.0.0.0/8", Method: AuthMD5}, false, mapped, "u", "d", true},
		{HBARule{Type: HBAHost, Address: "10.0.0.0/8", Method: AuthMD5}, false, v6, "u", "d", false},
		{HBARule{Type: HBAHost, Address: "fd00::/8", Method: AuthMD5}, false, v6, "u", "d", true},
		{HBARule{Type: HBAHost, Address: "10.1.2.3/8", Method: AuthMD5}, false, netip.MustParseAddr("10.9.9.9"), "u", "d", true},
		{HBARule{Type: HBAHost, Users: []string{"a", "u"}, Method: AuthMD5}, false, v4, "u", "d", true},
		{HBARule{Type: HBAHost, Users: []string{"a"}, Method: AuthMD5}, false, v4, "u", "d", false},
		{HBARule{Type: HBAHost, Users: []string{"a", "all"}, Method: AuthMD5}, false, v4, "u", "d", true},
		{HBARule{Type: HBAHost, Databases: []string{"sameuser"}, Method: AuthMD5}, false, v4, "u", "u", true},
		{HBARule{Type: HBAHost, Databases: []string{"sameuser"}, Method: AuthMD5}, false, v4, "u", "d", false},
		{HBARule{Type: HBAHost, Databases: []string{"sameuser", "d"}, Method: AuthMD5}, false, v4, "u", "d", true},
	} {
		if got := compile(tc.rule).matches(tc.ssl, tc.addr, tc.user, tc.database); got != tc.want {
			t.Errorf("%+v ssl=%t %s %s/%s: matches = %t, want %t", tc.rule, tc.ssl, tc.addr, tc.user, tc.database, got, tc.want)
		}
	}
}
