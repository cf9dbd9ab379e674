package wire

import (
	"crypto/tls"
	"errors"
	"log/slog"
	"time"
)

// Defaults for the zero values of Config.
const (
	DefaultListen         = "127.0.0.1:5433"
	DefaultMaxMessageSize = 64 << 20
	DefaultStartupTimeout = 60 * time.Second
)

// Config configures a Server.
type Config struct {
	// Listen is the TCP address ListenAndServe listens on; empty means
	// DefaultListen.
	Listen string
	// Handler answers the connections. Required.
	Handler Handler
	// Logger receives connection and error logs; nil means slog.Default().
	Logger *slog.Logger
	// MaxMessageSize caps the body of one client message in bytes; a larger
	// message ends the connection with SQLSTATE 54000. 0 means
	// DefaultMaxMessageSize.
	MaxMessageSize int
	// StartupTimeout is how long a client has from connecting until it is
	// authenticated (PostgreSQL's authentication_timeout); 0 means
	// DefaultStartupTimeout.
	StartupTimeout time.Duration

	// Users are the accounts clients log in as (auth.go); empty means every
	// client is trusted, which NewServer allows only on a loopback Listen
	// and Serve only on a loopback listener.
	Users []User
	// AuthMethod is how a password is checked: AuthSCRAM (the default when
	// empty), AuthMD5, or AuthPassword (cleartext; needs TLS).
	AuthMethod string
	// TLS, when set, makes SSLRequest answered 'S' and the connection
	// encrypted (tls.go); nil answers 'N'. With exactly one certificate,
	// SCRAM-SHA-256-PLUS (tls-server-end-point) is offered too.
	TLS *tls.Config
	// HBA, when set, decides each connection's authentication like
	// pg_hba.conf (hba.go): the first rule matching the connection type,
	// database, user and client address gives the method; no match is
	// FATAL 28000. AuthMethod is then not used. Empty: every connection
	// uses AuthMethod (trust without Users).
	HBA []HBARule
	// RequireTLS refuses plain-text connections with FATAL 28000.
	RequireTLS bool
	// MaxConnections caps the connections past their startup packet; the
	// next one gets FATAL 53300. 0 means DefaultMaxConnections.
	MaxConnections int
}

// withDefaults validates c and fills its zero values.
func (c Config) withDefaults() (Config, error) {
	if c.Handler == nil {
		return c, errors.New("wire: Config.Handler is required")
	}
	if c.MaxMessageSize < 0 {
		return c, errors.New("wire: Config.MaxMessageSize must not be negative")
	}
	if c.StartupTimeout < 0 {
		return c, errors.New("wire: Config.StartupTimeout must not be negative")
	}
	if c.MaxConnections < 0 {
		return c, errors.New("wire: Config.MaxConnections must not be negative")
	}
	if c.MaxConnections == 0 {
		c.MaxConnections = DefaultMaxConnections
	}
	if c.AuthMethod == "" {
		c.AuthMethod = AuthSCRAM
	}
	if c.Listen == "" {
		c.Listen = DefaultListen
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.MaxMessageSize == 0 {
		c.MaxMessageSize = DefaultMaxMessageSize
	}
	if c.StartupTimeout == 0 {
		c.StartupTimeout = DefaultStartupTimeout
	}
	return c, nil
}
