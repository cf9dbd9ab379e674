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
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// testCert is a self-signed certificate for 127.0.0.1 and localhost, made
// for one test: the server's TLS configuration and the PEM file a client
// verifies it with (sslrootcert).
type testCert struct {
	config *tls.Config
	caFile string
}

func newTestCert(t *testing.T) testCert {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "pitgate wire test"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	cert := tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
	return testCert{config: &tls.Config{Certificates: []tls.Certificate{cert}}, caFile: caFile}
}

// clientURL is a connection string for user/password (no password when
// empty) with the given extra parameters.
func clientURL(addr, user, password, app string, params ...string) string {
	u := url.URL{Scheme: "postgres", Host: addr, Path: "/features"}
	if password != "" {
		u.User = url.UserPassword(user, password)
	} else {
		u.User = url.User(user)
	}
	q := url.Values{"application_name": {app}}
	for i := 0; i+1 < len(params); i += 2 {
		q.Set(params[i], params[i+1])
	}
	u.RawQuery = q.Encode()
	return u.String()
}

func tlsServer(t *testing.T, cert testCert, configure ...func(*Config)) *testServer {
	return startServer(t, append([]func(*Config){func(c *Config) { c.TLS = cert.config }}, configure...)...)
}

func TestTLSSSLModes(t *testing.T) {
	cert := newTestCert(t)
	other := newTestCert(t) // a CA that did not sign the server's certificate
	ts := tlsServer(t, cert)
	for _, tc := range []struct {
		name    string
		params  []string
		wantTLS bool
		wantErr string
	}{
		{"disable", []string{"sslmode", "disable"}, false, ""},
		{"prefer", []string{"sslmode", "prefer"}, true, ""},
		{"require", []string{"sslmode", "require"}, true, ""},
		{"verify-ca", []string{"sslmode", "verify-ca", "sslrootcert", cert.caFile}, true, ""},
		{"verify-full", []string{"sslmode", "verify-full", "sslrootcert", cert.caFile}, true, ""},
		{"verify-full, other CA", []string{"sslmode", "verify-full", "sslrootcert", other.caFile}, false, "certificate signed by unknown authority"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			conn, err := pgconn.Connect(testCtx(t), clientURL(ts.addr, "tester", "", "tls", tc.params...))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("connect error = %v, want one saying %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("connect: %v", err)
			}
			defer conn.Close(context.Background())
			if _, isTLS := conn.Conn().(*tls.Conn); isTLS != tc.wantTLS {
				t.Errorf("connection is TLS: %v, want %v", isTLS, tc.wantTLS)
			}
			if got := execSQL(t, conn, "SELECT 1"); string(got[0].Rows[0][0]) != "1" {
				t.Errorf("SELECT 1 = %q", got[0].Rows)
			}
		})
	}
}

func TestRequireTLSRefusesPlainText(t *testing.T) {
	cert := newTestCert(t)
	ts := tlsServer(t, cert, func(c *Config) { c.RequireTLS = true })
	_, err := pgconn.Connect(testCtx(t), clientURL(ts.addr, "tester", "", "plain", "sslmode", "disable"))
	pgErr, ok := asPgError(err)
	if !ok {
		t.Fatalf("connect error = %v, want a PgError", err)
	}
	want := `this server requires TLS: refusing host "127.0.0.1", user "tester", database "features", no encryption`
	if pgErr.Severity != "FATAL" || pgErr.Code != "28000" || pgErr.Message != want || !strings.Contains(pgErr.Hint, "sslmode=require") {
		t.Errorf("got %s %s %q hint %q, want FATAL 28000 %q", pgErr.Severity, pgErr.Code, pgErr.Message, pgErr.Hint, want)
	}
	conn, err := pgconn.Connect(testCtx(t), clientURL(ts.addr, "tester", "", "tls", "sslmode", "require"))
	if err != nil {
		t.Fatalf("connect with sslmode=require: %v", err)
	}
	conn.Close(context.Background())
}

// A client that sends plain-text bytes right behind its SSLRequest (the
// injection of CVE-2021-23214) gets no query run: those bytes go to the
// TLS handshake, which fails.
func TestBytesAfterSSLRequestGoToTheHandshake(t *testing.T) {
	ts := tlsServer(t, newTestCert(t))
	nc := dialRaw(t, ts.addr)
	injected := append(append([]byte{}, sslRequest...), startupMessage(protocol30, "user", "tester", "database", "features")...)
	if _, err := nc.Write(injected); err != nil {
		t.Fatal(err)
	}
	var answer [1]byte
	if _, err := nc.Read(answer[:]); err != nil || answer[0] != 'S' {
		t.Fatalf("answer to SSLRequest = %q, %v; want 'S'", answer, err)
	}
	names, closed := readMessages(t, nc)
	if !closed || len(names) != 0 {
		t.Errorf("after injected bytes: messages %v, closed %v; want the connection closed with no message", names, closed)
	}
}

func TestTLSConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"require without TLS", Config{RequireTLS: true}, "RequireTLS needs a TLS configuration"},
		{"no certificate", Config{TLS: &tls.Config{}}, "has no certificate"},
		{"cleartext without TLS", Config{AuthMethod: AuthPassword, Users: []User{{"u", "p"}}}, "allowed only with TLS"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.cfg.Handler = newTestHandler()
			_, err := NewServer(tc.cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("NewServer error = %v, want one saying %q", err, tc.want)
			}
		})
	}
}

func TestLoadTLSConfig(t *testing.T) {
	cert := newTestCert(t)
	dir := t.TempDir()
	key, err := x509.MarshalPKCS8PrivateKey(cert.config.Certificates[0].PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(dir, "key.pem")
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: key}), 0o600)
	conf, err := LoadTLSConfig(cert.caFile, keyFile)
	if err != nil {
		t.Fatal(err)
	}
	ts := startServer(t, func(c *Config) { c.TLS = conf })
	conn, err := pgconn.Connect(testCtx(t), clientURL(ts.addr, "tester", "", "tls", "sslmode", "verify-full", "sslrootcert", cert.caFile))
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	conn.Close(context.Background())
	if _, err := LoadTLSConfig(filepath.Join(dir, "missing.pem"), keyFile); err == nil {
		t.Error("LoadTLSConfig of a missing file succeeded")
	}
}

// TestDirectTLS: PostgreSQL 17's sslnegotiation=direct opens with a TLS
// ClientHello instead of an SSLRequest. It must negotiate ALPN
// "postgresql"; without ALPN the server refuses as PostgreSQL does.
func TestDirectTLS(t *testing.T) {
	cert := newTestCert(t)
	ts := tlsServer(t, cert)
	conn, err := pgconn.Connect(testCtx(t), clientURL(ts.addr, "tester", "", "direct",
		"sslnegotiation", "direct", "sslmode", "verify-full", "sslrootcert", cert.caFile))
	if err != nil {
		t.Fatalf("connect with sslnegotiation=direct: %v", err)
	}
	if tc, ok := conn.Conn().(*tls.Conn); !ok || tc.ConnectionState().NegotiatedProtocol != "postgresql" {
		t.Errorf("connection %T is not TLS with ALPN postgresql", conn.Conn())
	}
	if got := execSQL(t, conn, "SELECT 1"); string(got[0].Rows[0][0]) != "1" {
		t.Errorf("SELECT 1 = %q", got[0].Rows)
	}
	conn.Close(context.Background())

	noALPN := tls.Client(dialRaw(t, ts.addr), &tls.Config{InsecureSkipVerify: true})
	if err := noALPN.Handshake(); err != nil {
		t.Fatal(err)
	}
	names, closed := readMessages(t, noALPN)
	if !closed || len(names) != 1 || names[0] != "ErrorResponse FATAL 08P01" {
		t.Errorf("direct TLS without ALPN: %v, closed %v; want FATAL 08P01", names, closed)
	}
	// With TLS already up, an SSLRequest is a protocol violation.
	again := tls.Client(dialRaw(t, ts.addr), &tls.Config{InsecureSkipVerify: true, NextProtos: []string{"postgresql"}})
	again.Write(sslRequest)
	if names, _ := readMessages(t, again); len(names) != 1 || names[0] != "ErrorResponse FATAL 08P01" {
		t.Errorf("SSLRequest inside direct TLS: %v, want FATAL 08P01", names)
	}

	// Without TLS configured the ClientHello is a bad startup packet: the
	// server answers FATAL 08P01 in plain text (which the TLS client cannot
	// read) and goes on serving.
	plain := startServer(t)
	if _, err := pgconn.Connect(testCtx(t), clientURL(plain.addr, "tester", "", "direct", "sslnegotiation", "direct", "sslmode", "require")); err == nil {
		t.Error("direct TLS to a server without TLS connected")
	}
	plain.connect(t, "after")
}
