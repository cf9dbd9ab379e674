package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/wire"
)

// TestConfigSecurity: auth:, tls:, max_connections and the timeouts are
// checked when the file is loaded, with messages naming the key.
func TestConfigSecurity(t *testing.T) {
	t.Setenv("PITGATE_TEST_PASSWORD", "from the environment")
	cases := []struct {
		name, yaml, wantErr string
	}{
		{"trust on loopback", "listen: 127.0.0.1:5433\n", ""},
		{"trust elsewhere", "listen: 0.0.0.0:5433\n", "listen: 0.0.0.0:5433 is not a loopback address"},
		{"users elsewhere", "listen: 0.0.0.0:5433\nauth: {users: [{name: pitgate, password: \"${PITGATE_TEST_PASSWORD}\"}]}\n", ""},
		{"unset variable", "auth: {users: [{name: pitgate, password: \"${PITGATE_TEST_UNSET}\"}]}\n", "auth.users[0] (pitgate): password is empty"},
		{"twice", "auth: {users: [{name: a, password: x}, {name: a, password: y}]}\n", `user "a" is listed twice`},
		{"method", "auth: {method: trust, users: [{name: a, password: x}]}\n", `auth.method: unknown method "trust"`},
		{"md5", "auth: {method: md5, users: [{name: a, password: x}]}\n", ""},
		{"cleartext without tls", "auth: {method: password, users: [{name: a, password: x}]}\n", "allowed only with TLS"},
		{"cleartext with tls", "auth: {method: password, users: [{name: a, password: x}]}\ntls: {cert: c.pem, key: k.pem}\n", ""},
		{"cert without key", "tls: {cert: c.pem}\n", "tls: cert and key go together"},
		{"require without cert", "tls: {require: true}\n", "tls.require: TLS needs tls.cert and tls.key"},
		{"max_connections", "max_connections: -1\n", "max_connections must be positive"},
		{"client_ca without tls", "tls: {client_ca: ca.pem}\n", "tls.client_ca: verifying client certificates needs TLS"},
		{"hba", "listen: 0.0.0.0:5433\ntls: {cert: c.pem, key: k.pem, client_ca: ca.pem}\nauth: {users: [{name: a, password: x}], hba: [" +
			"{type: hostssl, user: a, method: cert}, {type: host, address: 10.0.0.0/8, database: 'features,sameuser', method: md5}, {type: host, method: reject}]}\n", ""},
		{"hba cert without ca", "tls: {cert: c.pem, key: k.pem}\nauth: {hba: [{type: hostssl, method: cert}]}\n", "auth.hba[0]: method cert needs client certificate authorities"},
		{"hba cert on host", "tls: {cert: c.pem, key: k.pem, client_ca: ca.pem}\nauth: {hba: [{type: host, method: cert}]}\n", "auth.hba[0]: cert authentication is only supported on hostssl"},
		{"hba address", "auth: {hba: [{type: host, address: 10.0.0.1, method: md5}]}\n", `auth.hba[0]: address "10.0.0.1": give all or a CIDR block`},
		{"hba method", "auth: {hba: [{type: host, method: ident}]}\n", `auth.hba[0]: unknown method "ident"`},
		{"hba type", "auth: {hba: [{type: hostgssenc, method: md5}]}\n", `auth.hba[0]: unknown type "hostgssenc"`},
		{"hba trust elsewhere", "listen: 0.0.0.0:5433\nauth: {users: [{name: a, password: x}], hba: [{type: host, address: 127.0.0.1/32, method: trust}]}\n", "auth.hba[0]: method trust lets clients in without a password"},
		{"hba trust on loopback", "auth: {hba: [{type: host, method: trust}]}\n", ""},
		{"timeouts", "max_connections: 5\nidle_session_timeout: 60000\nidle_in_transaction_session_timeout: 5min\n", ""},
	}
	for _, c := range cases {
		path := filepath.Join(t.TempDir(), "pitgate.yaml")
		if err := os.WriteFile(path, []byte(c.yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := loadConfig(path)
		switch {
		case c.wantErr == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.wantErr)
		}
	}
}

// TestConfigSecurityApplied: the loaded values reach wire's and the
// gateway's configurations, paths relative to the file.
func TestConfigSecurityApplied(t *testing.T) {
	t.Setenv("PITGATE_TEST_PASSWORD", "pw")
	dir := t.TempDir()
	path := filepath.Join(dir, "pitgate.yaml")
	yml := "auth: {method: md5, users: [{name: pitgate, password: \"${PITGATE_TEST_PASSWORD}\"}]}\n" +
		"tls: {cert: c.pem, key: k.pem, require: true}\nmax_connections: 7\nidle_session_timeout: 10min\n"
	if err := os.WriteFile(path, []byte(yml), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := loadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.TLS.Cert != filepath.Join(dir, "c.pem") {
		t.Errorf("tls.cert = %s, want it relative to the file", cfg.TLS.Cert)
	}
	if _, err := cfg.security(); err == nil || !strings.Contains(err.Error(), "c.pem") {
		t.Errorf("security() with missing cert files: %v, want an error naming c.pem", err)
	}
	cfg.TLS = TLSConfig{}
	sec, err := cfg.security()
	if err != nil {
		t.Fatal(err)
	}
	var w wire.Config
	var g gateway.Config
	sec.apply(&w, &g)
	if w.AuthMethod != "md5" || len(w.Users) != 1 || w.Users[0] != (wire.User{Name: "pitgate", Password: "pw"}) || w.MaxConnections != 7 {
		t.Errorf("wire config = %+v", w)
	}
	if g.Settings["max_connections"] != "7" || g.Settings["idle_session_timeout"] != "10min" {
		t.Errorf("gateway settings = %v", g.Settings)
	}
}

// TestConfigHBAApplied: auth.hba's rules reach wire with their name lists
// split, and tls.client_ca, relative to the file, is loaded into the TLS
// configuration so that certificates are verified (a missing file stops
// the start, naming it).
func TestConfigHBAApplied(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "pitgate.yaml")
	yml := "tls: {cert: c.pem, key: k.pem, client_ca: ca.pem}\nauth: {users: [{name: a, password: x}], hba: [" +
		"{type: hostssl, user: 'a, b', database: sameuser, method: cert}, {type: host, address: 10.0.0.0/8, method: md5}]}\n"
	if err := os.WriteFile(path, []byte(yml), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := loadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.TLS.ClientCA != filepath.Join(dir, "ca.pem") {
		t.Errorf("tls.client_ca = %s, want it relative to the file", cfg.TLS.ClientCA)
	}
	sec, err := cfg.security()
	if err == nil {
		t.Fatal("security() loaded missing TLS files")
	}
	cfg.TLS = TLSConfig{}
	if sec, err = cfg.security(); err != nil {
		t.Fatal(err)
	}
	var w wire.Config
	sec.apply(&w, &gateway.Config{})
	want := []wire.HBARule{
		{Type: "hostssl", Users: []string{"a", "b"}, Databases: []string{"sameuser"}, Method: "cert"},
		{Type: "host", Address: "10.0.0.0/8", Method: "md5"},
	}
	if fmt.Sprint(w.HBA) != fmt.Sprint(want) {
		t.Errorf("wire HBA = %+v, want %+v", w.HBA, want)
	}
}
