package main

import (
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
