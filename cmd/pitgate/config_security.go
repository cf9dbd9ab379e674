package main

import (
	"crypto/tls"
	"fmt"
	"net"
	"strconv"

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
	if len(c.Auth.Users) == 0 && !loopbackListen(c.Listen) {
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
	if c.TLS.Cert != "" {
		conf, err := wire.LoadTLSConfig(c.TLS.Cert, c.TLS.Key)
		if err != nil {
			return s, err
		}
		s.TLS = conf
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
