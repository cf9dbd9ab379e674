package main

import (
	"crypto/tls"
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/pitgate/pitgate/gateway"
	"github.com/pitgate/pitgate/wire"
)

// validateSecurity checks auth:, tls:, max_connections and the idle
// timeouts. Trust (no users) is for a loopback listen address only, and
// cleartext passwords for TLS only.
func (c *Config) validateSecurity() error {
	switch c.Auth.Method {
	case "", wire.AuthSCRAM, wire.AuthMD5, wire.AuthPassword:
	default:
		return fmt.Errorf("auth.method: unknown method %q (%s, %s, %s)", c.Auth.Method, wire.AuthSCRAM, wire.AuthMD5, wire.AuthPassword)
	}
	if err := c.validateUsers(); err != nil {
		return err
	}
	if (c.TLS.Cert == "") != (c.TLS.Key == "") {
		return fmt.Errorf("tls: cert and key go together; give both files")
	}
	if c.TLS.Require && c.TLS.Cert == "" {
		return fmt.Errorf("tls.require: TLS needs tls.cert and tls.key")
	}
	if c.Auth.Method == wire.AuthPassword && c.TLS.Cert == "" {
		return fmt.Errorf("auth.method: password sends passwords in cleartext and is allowed only with TLS (tls.cert and tls.key); use scram-sha-256")
	}
	if c.TLS.ClientCA != "" && c.TLS.Cert == "" {
		return fmt.Errorf("tls.client_ca: verifying client certificates needs TLS (tls.cert and tls.key)")
	}
	if err := c.validateHBA(); err != nil {
		return err
	}
	if len(c.Auth.Users) == 0 && len(c.Auth.HBA) == 0 && !loopbackListen(c.Listen) {
		return fmt.Errorf("listen: %s is not a loopback address, and without auth.users every client is trusted; configure auth.users or listen on 127.0.0.1", c.Listen)
	}
	if c.MaxConnections < 0 {
		return fmt.Errorf("max_connections must be positive, got %d", c.MaxConnections)
	}
	return nil
}

func (c *Config) validateUsers() error {
	seen := map[string]bool{}
	for i, u := range c.Auth.Users {
		switch {
		case u.Name == "":
			return fmt.Errorf("auth.users[%d]: name is empty", i)
		case u.Password == "":
			return fmt.Errorf("auth.users[%d] (%s): password is empty (is the ${...} variable it names set?)", i, u.Name)
		case seen[u.Name]:
			return fmt.Errorf("auth.users[%d]: user %q is listed twice", i, u.Name)
		}
		seen[u.Name] = true
	}
	return nil
}

// HBARuleConfig is one auth.hba rule, a pg_hba.conf line:
// {type: hostssl, database: all, user: alice,bob, address: 10.0.0.0/8, method: cert}.
type HBARuleConfig struct {
	Type     string `yaml:"type"`     // host, hostssl, hostnossl
	Database string `yaml:"database"` // all (default), sameuser, or names separated by commas
	User     string `yaml:"user"`     // all (default) or names separated by commas
	Address  string `yaml:"address"`  // all (default) or a CIDR block
	Method   string `yaml:"method"`   // scram-sha-256, md5, password, cert, trust, reject
}

func (r HBARuleConfig) wire() wire.HBARule {
	return wire.HBARule{Type: r.Type, Databases: splitNames(r.Database), Users: splitNames(r.User),
		Address: r.Address, Method: r.Method}
}

func splitNames(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	names := strings.Split(s, ",")
	for i := range names {
		names[i] = strings.TrimSpace(names[i])
	}
	return names
}

// validateHBA checks each rule as wire will; trust rules, like trust
// without users, are for a loopback listen address only.
func (c *Config) validateHBA() error {
	for i, r := range c.Auth.HBA {
		if err := r.wire().Check(c.TLS.Cert != "", c.TLS.ClientCA != ""); err != nil {
			return fmt.Errorf("auth.hba[%d]: %w", i, err)
		}
		if r.Method == wire.AuthTrust && !loopbackListen(c.Listen) {
			return fmt.Errorf("auth.hba[%d]: method trust lets clients in without a password and is allowed only when listen is a loopback address (listen: %s)", i, c.Listen)
		}
	}
	return nil
}

func loopbackListen(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return host == "localhost" || ip != nil && ip.IsLoopback()
}

// serveSecurity is what serve hands wire and the gateway from auth:, tls:,
// max_connections and the idle timeouts.
type serveSecurity struct {
	Users          []wire.User
	Method         string
	HBA            []wire.HBARule
	TLS            *tls.Config // nil: no TLS
	RequireTLS     bool
	MaxConnections int
	// Settings are the sessions' configured defaults (gateway.Config.Settings).
	Settings map[string]string
}

// security loads the TLS files and gathers c's security settings.
func (c *Config) security() (serveSecurity, error) {
	s := serveSecurity{Method: c.Auth.Method, RequireTLS: c.TLS.Require, MaxConnections: c.MaxConnections,
		Settings: map[string]string{}}
	for _, u := range c.Auth.Users {
		s.Users = append(s.Users, wire.User{Name: u.Name, Password: u.Password})
	}
	for _, r := range c.Auth.HBA {
		s.HBA = append(s.HBA, r.wire())
	}
	if c.TLS.Cert != "" {
		conf, err := wire.LoadTLSConfig(c.TLS.Cert, c.TLS.Key)
		if err != nil {
			return s, err
		}
		s.TLS = conf
		if c.TLS.ClientCA != "" {
			if err := wire.LoadClientCA(conf, c.TLS.ClientCA); err != nil {
				return s, err
			}
		}
	}
	if c.IdleSessionTimeout != "" {
		s.Settings["idle_session_timeout"] = c.IdleSessionTimeout
	}
	if c.IdleInTransactionSessionTimeout != "" {
		s.Settings["idle_in_transaction_session_timeout"] = c.IdleInTransactionSessionTimeout
	}
	return s, nil
}

// apply puts s into the wire and gateway configurations; SHOW
// max_connections then reports the limit in force.
func (s serveSecurity) apply(w *wire.Config, g *gateway.Config) {
	w.HBA = s.HBA
	w.Users, w.AuthMethod, w.TLS, w.RequireTLS, w.MaxConnections = s.Users, s.Method, s.TLS, s.RequireTLS, s.MaxConnections
	max := s.MaxConnections
	if max == 0 {
		max = wire.DefaultMaxConnections
	}
	g.Settings = map[string]string{"max_connections": strconv.Itoa(max)}
	for k, v := range s.Settings {
		g.Settings[k] = v
	}
}
