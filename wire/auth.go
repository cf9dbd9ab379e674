package wire

import (
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/xdg-go/scram"
)

// Authentication methods of Config.AuthMethod, named as in pg_hba.conf.
const (
	AuthSCRAM    = "scram-sha-256"
	AuthMD5      = "md5"
	AuthPassword = "password"
)

// User is an account a client may log in as. NewServer derives the
// credentials it keeps from Password and drops the plaintext.
type User struct {
	Name     string
	Password string
}

const (
	// scramIterations is PostgreSQL's default scram_iterations.
	scramIterations = 4096
	scramSaltLen    = 16

	codeInvalidPassword = "28P01"
)

// security is what NewServer derives once from the Config: who may log in
// and how, TLS, and the connection slots.
type security struct {
	auth  *authenticator
	tls   *tlsSetup     // nil: encryption requests are answered 'N'
	slots chan struct{} // one element per connection past its startup packet
}

// connSecurity is one connection's share of it, connection goroutine only.
type connSecurity struct {
	tls   bool // the connection was upgraded to TLS
	slot  bool // holds an element of security.slots
	ready bool // ReadyForQuery was sent: the next wait for a message is idle time
}

func newSecurity(cfg Config) (security, error) {
	t, err := newTLSSetup(cfg)
	if err != nil {
		return security{}, err
	}
	auth, err := newAuthenticator(cfg, hbaContext{tls: t != nil, clientCAs: t != nil && verifiesClientCerts(t.config)})
	if err != nil {
		return security{}, err
	}
	if cfg.AuthMethod == AuthPassword && t == nil {
		return security{}, errors.New("wire: AuthMethod \"password\" sends passwords in cleartext and is allowed only with TLS; configure TLS or use scram-sha-256")
	}
	if auth.trust() && !isLoopbackListen(cfg.Listen) {
		return security{}, errTrustNotLoopback(cfg.Listen)
	}
	return security{auth: auth, tls: t, slots: make(chan struct{}, cfg.MaxConnections)}, nil
}

// authenticator holds the credentials derived from Config.Users.
type authenticator struct {
	method string
	users  map[string]*credential
	// rules decide each connection's method (hba.go): Config.HBA, or one
	// rule for every connection from AuthMethod.
	rules []hbaRule
	// mockKey makes the salt of the exchange a client naming an unknown
	// user is put through, so that the answer does not tell which users
	// exist (PostgreSQL's mock authentication).
	mockKey [32]byte
}

// credential is what is kept of a password: SCRAM's salted keys, and with
// md5 PostgreSQL's md5(password || user).
type credential struct {
	scram scram.StoredCredentials
	md5   string
}

func newAuthenticator(cfg Config, hc hbaContext) (*authenticator, error) {
	a := &authenticator{method: cfg.AuthMethod, users: map[string]*credential{}}
	rand.Read(a.mockKey[:])
	switch a.method {
	case AuthSCRAM, AuthMD5, AuthPassword:
	default:
		return nil, fmt.Errorf("wire: unknown AuthMethod %q (%s, %s, %s)", a.method, AuthSCRAM, AuthMD5, AuthPassword)
	}
	a.rules = defaultHBA(cfg)
	if len(cfg.HBA) > 0 {
		rules, err := compileHBA(cfg.HBA, hc)
		if err != nil {
			return nil, err
		}
		a.rules = rules
	}
	for i, u := range cfg.Users {
		if err := a.add(u); err != nil {
			return nil, fmt.Errorf("wire: Users[%d]: %w", i, err)
		}
	}
	return a, nil
}

func (a *authenticator) add(u User) error {
	switch {
	case u.Name == "":
		return errors.New("user name is empty")
	case u.Password == "":
		return fmt.Errorf("user %q has an empty password", u.Name)
	case a.users[u.Name] != nil:
		return fmt.Errorf("user %q is listed twice", u.Name)
	}
	salt := make([]byte, scramSaltLen)
	rand.Read(salt)
	cred := &credential{scram: scramCredentials(u.Password, string(salt))}
	if hbaUses(a.rules, AuthMD5) {
		cred.md5 = md5Hex(u.Password + u.Name)
	}
	a.users[u.Name] = cred
	return nil
}

// trust reports whether some clients are let in without a proof: no users
// configured (and no HBA), or an HBA rule with method trust.
func (a *authenticator) trust() bool { return hbaHasTrust(a.rules) }

// lookup returns the user's credential, or a mock one that no password
// matches, and whether the user exists.
func (a *authenticator) lookup(user string) (*credential, bool) {
	if cred, ok := a.users[user]; ok {
		return cred, true
	}
	h := sha256.New()
	h.Write(a.mockKey[:])
	h.Write([]byte(user))
	sum := h.Sum(nil)
	mock := scram.StoredCredentials{KeyFactors: scram.KeyFactors{Salt: string(sum[:scramSaltLen]), Iters: scramIterations}}
	mock.StoredKey = make([]byte, sha256.Size)
	mock.ServerKey = make([]byte, sha256.Size)
	rand.Read(mock.StoredKey)
	rand.Read(mock.ServerKey)
	return &credential{scram: mock, md5: "mock"}, false
}

// authenticateUser runs the method of the first HBA rule matching the
// connection for the user and database the startup packet named; nil means
// the client proved who it is.
func (c *conn) authenticateUser(params map[string]string) error {
	user, database := params["user"], params["database"]
	a := c.srv.sec.auth
	rule, err := c.hbaFor(user, database)
	if err != nil {
		c.log.Info("connection matched no HBA rule", "user", user, "database", database)
		return err
	}
	switch rule.method {
	case AuthReject:
		c.log.Info("connection rejected by an HBA rule", "user", user, "database", database)
		return c.hbaRejected(user, database)
	case AuthTrust:
		return a.roleExists(user)
	case AuthCert:
		if err := c.authCert(user); err != nil {
			return err
		}
		if err := a.roleExists(user); err != nil {
			return err
		}
		return c.backend.SetAuthType(pgproto3.AuthTypeOk)
	}
	var ok bool
	switch rule.method {
	case AuthMD5:
		ok, err = c.authMD5(user)
	case AuthPassword:
		ok, err = c.authPassword(user)
	default:
		ok, err = c.authSCRAM(user)
	}
	if err != nil {
		return err
	}
	if !ok {
		c.log.Info("password authentication failed", "user", user, "method", rule.method)
		return newError(codeInvalidPassword, "password authentication failed for user %q", user)
	}
	return c.backend.SetAuthType(pgproto3.AuthTypeOk)
}

// roleExists refuses a user nobody configured once users are configured
// (PostgreSQL's check that the role exists, after trust or cert).
func (a *authenticator) roleExists(user string) error {
	if len(a.users) == 0 || a.users[user] != nil {
		return nil
	}
	return newError(codeInvalidAuthSpec, "role %q does not exist", user)
}

// authPassword asks for the password in cleartext, which only a TLS
// connection may carry, and checks it against the SCRAM keys.
func (c *conn) authPassword(user string) (bool, error) {
	if !c.sec.tls {
		return false, newError(codeInvalidAuthSpec,
			"password authentication in cleartext requires a TLS connection; connect with sslmode=require")
	}
	if err := c.send(&pgproto3.AuthenticationCleartextPassword{}); err != nil {
		return false, err
	}
	msg, err := c.receiveAuth(pgproto3.AuthTypeCleartextPassword)
	if err != nil {
		return false, err
	}
	pw, ok := msg.(*pgproto3.PasswordMessage)
	if !ok {
		return false, unexpectedAuthMessage("password", msg)
	}
	cred, _ := c.srv.sec.auth.lookup(user)
	return scramPasswordMatches(cred.scram, pw.Password), nil
}

// receiveAuth flushes what was sent and reads the client's answer, which
// the backend decodes as authType's response.
func (c *conn) receiveAuth(authType uint32) (pgproto3.FrontendMessage, error) {
	if err := c.flush(); err != nil {
		return nil, err
	}
	if err := c.backend.SetAuthType(authType); err != nil {
		return nil, newError(codeInternal, "%v", err)
	}
	msg, err := c.backend.Receive()
	if err != nil {
		if c.reader.socketFailed() || errors.Is(err, io.ErrUnexpectedEOF) {
			// psql does this: it asks for the password once it knows one is
			// needed, and comes back on a new connection.
			return nil, fmt.Errorf("client closed the connection during authentication: %w", io.EOF)
		}
		return nil, newError(codeProtocolViolation, "invalid authentication message: %v", err)
	}
	return msg, nil
}

func unexpectedAuthMessage(want string, msg pgproto3.FrontendMessage) error {
	return newError(codeProtocolViolation, "expected %s response, got message %T", want, msg)
}

// isLoopbackListen reports whether a listen address (host:port) accepts
// connections from this host only.
func isLoopbackListen(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// checkListener refuses to serve a listener that is not loopback while no
// user is configured: trust is for this host only (DESIGN §4).
func (s *Server) checkListener(ln net.Listener) error {
	if !s.sec.auth.trust() {
		return nil
	}
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok && tcp.IP.IsLoopback() {
		return nil
	}
	return errTrustNotLoopback(ln.Addr().String())
}

func errTrustNotLoopback(addr string) error {
	return fmt.Errorf("wire: refusing to listen on %s without authentication: with no users configured every client is trusted, which is allowed on a loopback address only; configure users (auth.users) or listen on 127.0.0.1", addr)
}
