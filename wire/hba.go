package wire

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
)

// Methods an HBARule may name besides the password ones, as in pg_hba.conf.
const (
	AuthTrust  = "trust"
	AuthReject = "reject"
	AuthCert   = "cert"
)

// Connection types an HBARule may name. Every connection pitgate serves is
// TCP, so pg_hba.conf's "local" has no meaning here.
const (
	HBAHost      = "host"
	HBAHostSSL   = "hostssl"
	HBAHostNoSSL = "hostnossl"
)

// HBARule is one line of a pg_hba.conf: which connections it matches and
// how they authenticate. Config.HBA's rules are tried in order and the
// first that matches decides, as in PostgreSQL; a connection none matches
// is refused.
type HBARule struct {
	// Type is HBAHost (any TCP connection), HBAHostSSL (TLS only) or
	// HBAHostNoSSL (plain text only).
	Type string
	// Databases are database names, or "all", or "sameuser" (the database
	// named as the user). Empty means all.
	Databases []string
	// Users are user names, or "all". Empty means all.
	Users []string
	// Address is "all" (or empty) or a CIDR block such as "10.0.0.0/8" the
	// client's address must be in.
	Address string
	// Method is AuthSCRAM, AuthMD5, AuthPassword (hostssl only), AuthCert
	// (hostssl only, needs client CAs in Config.TLS), AuthTrust (loopback
	// listeners only) or AuthReject.
	Method string
}

// hbaRule is an HBARule checked and compiled by NewServer.
type hbaRule struct {
	typ       string
	databases map[string]bool // nil: all
	sameUser  bool
	users     map[string]bool // nil: all
	prefix    netip.Prefix    // invalid: all addresses
	method    string
}

// hbaContext is what NewServer knows when it checks the rules.
type hbaContext struct {
	tls       bool // a TLS configuration is given
	clientCAs bool // and it verifies client certificates
}

func compileHBA(rules []HBARule, hc hbaContext) ([]hbaRule, error) {
	out := make([]hbaRule, 0, len(rules))
	for i, r := range rules {
		c, err := compileHBARule(r, hc)
		if err != nil {
			return nil, fmt.Errorf("wire: HBA[%d]: %w", i, err)
		}
		out = append(out, c)
	}
	return out, nil
}

// Check reports what is wrong with the rule, for a server with TLS
// configured or not and verifying client certificates or not (NewServer
// makes the same check).
func (r HBARule) Check(tlsConfigured, clientCAs bool) error {
	_, err := compileHBARule(r, hbaContext{tls: tlsConfigured, clientCAs: clientCAs})
	return err
}

func compileHBARule(r HBARule, hc hbaContext) (hbaRule, error) {
	c := hbaRule{typ: r.Type, method: r.Method}
	switch r.Type {
	case HBAHost, HBAHostNoSSL:
	case HBAHostSSL:
		if !hc.tls {
			return c, errors.New("hostssl rule cannot match because TLS is not configured")
		}
	case "local":
		return c, errors.New(`type "local" (Unix sockets) does not apply: pitgate listens on TCP only; use host, hostssl or hostnossl`)
	default:
		return c, fmt.Errorf("unknown type %q (host, hostssl, hostnossl)", r.Type)
	}
	if err := c.checkMethod(hc); err != nil {
		return c, err
	}
	var err error
	if c.databases, c.sameUser, err = hbaNames("database", r.Databases, true); err != nil {
		return c, err
	}
	if c.users, _, err = hbaNames("user", r.Users, false); err != nil {
		return c, err
	}
	if r.Address != "" && r.Address != "all" {
		if c.prefix, err = netip.ParsePrefix(r.Address); err != nil {
			return c, fmt.Errorf("address %q: give all or a CIDR block such as 10.0.0.0/8", r.Address)
		}
		c.prefix = c.prefix.Masked()
	}
	return c, nil
}

func (c hbaRule) checkMethod(hc hbaContext) error {
	switch c.method {
	case AuthSCRAM, AuthMD5, AuthTrust, AuthReject:
	case AuthPassword:
		if c.typ != HBAHostSSL {
			return errors.New("method password sends passwords in cleartext and is allowed on hostssl rules only")
		}
	case AuthCert:
		if c.typ != HBAHostSSL {
			return errors.New("cert authentication is only supported on hostssl connections")
		}
		if !hc.clientCAs {
			return errors.New("method cert needs client certificate authorities (tls.client_ca) to verify certificates against")
		}
	case "":
		return errors.New("method is required")
	default:
		return fmt.Errorf("unknown method %q (%s, %s, %s, %s, %s, %s)", c.method,
			AuthSCRAM, AuthMD5, AuthPassword, AuthCert, AuthTrust, AuthReject)
	}
	return nil
}

// hbaNames compiles a database or user list; nil means all.
func hbaNames(what string, names []string, database bool) (map[string]bool, bool, error) {
	set := map[string]bool{}
	sameUser := false
	for _, n := range names {
		switch {
		case n == "all":
			return nil, false, nil
		case database && n == "sameuser":
			sameUser = true
		case n == "" || strings.HasPrefix(n, "+") || strings.HasPrefix(n, "@") ||
			database && (n == "samerole" || n == "samegroup" || n == "replication"):
			return nil, false, fmt.Errorf("%s %q: give names, all%s (groups, files and replication are not supported)",
				what, n, map[bool]string{true: " or sameuser"}[database])
		default:
			set[n] = true
		}
	}
	if len(set) == 0 && !sameUser {
		return nil, false, nil
	}
	return set, sameUser, nil
}

// matches reports whether the rule applies to a connection.
func (c hbaRule) matches(ssl bool, addr netip.Addr, user, database string) bool {
	switch {
	case c.typ == HBAHostSSL && !ssl, c.typ == HBAHostNoSSL && ssl:
		return false
	case c.prefix.IsValid() && !c.prefix.Contains(addr.Unmap()):
		return false
	case c.users != nil && !c.users[user]:
		return false
	case c.databases != nil && !c.databases[database] && !(c.sameUser && database == user):
		return false
	}
	return true
}

// defaultHBA is the single rule that applies without Config.HBA: trust
// when no users are configured, else the configured password method.
func defaultHBA(cfg Config) []hbaRule {
	method := cfg.AuthMethod
	if len(cfg.Users) == 0 {
		method = AuthTrust
	}
	return []hbaRule{{typ: HBAHost, method: method}}
}

// hbaHasTrust reports whether any rule lets a client in without a proof.
func hbaHasTrust(rules []hbaRule) bool {
	for _, r := range rules {
		if r.method == AuthTrust {
			return true
		}
	}
	return false
}

func hbaUses(rules []hbaRule, method string) bool {
	for _, r := range rules {
		if r.method == method {
			return true
		}
	}
	return false
}

// hbaFor returns the first rule matching the connection, or the error
// PostgreSQL gives when none does.
func (c *conn) hbaFor(user, database string) (hbaRule, error) {
	host, addr := c.remoteHost()
	for _, r := range c.srv.sec.auth.rules {
		if r.matches(c.sec.tls, addr, user, database) {
			return r, nil
		}
	}
	return hbaRule{}, newError(codeInvalidAuthSpec, "no pg_hba.conf entry for host %q, user %q, database %q, %s",
		host, user, database, c.encryptionState())
}

// hbaRejected is PostgreSQL's refusal by an explicit reject rule.
func (c *conn) hbaRejected(user, database string) error {
	host, _ := c.remoteHost()
	return newError(codeInvalidAuthSpec, "pg_hba.conf rejects connection for host %q, user %q, database %q, %s",
		host, user, database, c.encryptionState())
}

func (c *conn) encryptionState() string {
	if c.sec.tls {
		return "SSL encryption"
	}
	return "no encryption"
}

// remoteHost is the client's address as PostgreSQL prints it (numeric,
// no port) and parsed; a connection that is not TCP (a test pipe) has the
// invalid address, which only rules for all addresses match.
func (c *conn) remoteHost() (string, netip.Addr) {
	ra := c.netConn.RemoteAddr()
	if tcp, ok := ra.(*net.TCPAddr); ok {
		addr, _ := netip.AddrFromSlice(tcp.IP)
		return addr.Unmap().String(), addr.Unmap()
	}
	host := ra.String()
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	addr, _ := netip.ParseAddr(host)
	return host, addr
}
