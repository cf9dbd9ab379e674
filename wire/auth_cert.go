package wire

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
)

// LoadClientCA makes conf verify client certificates against the PEM
// certificates in file (PostgreSQL's ssl_ca_file): a client that presents
// a certificate no CA there signed fails the handshake, one that presents
// none goes on, and HBA rules with method cert require one whose common
// name is the user name.
func LoadClientCA(conf *tls.Config, file string) error {
	pem, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("tls: client CA: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return fmt.Errorf("tls: client CA %s holds no PEM certificate", file)
	}
	conf.ClientCAs = pool
	conf.ClientAuth = tls.VerifyClientCertIfGiven
	return nil
}

// verifiesClientCerts reports whether conf checks the certificates clients
// present, which method cert relies on.
func verifiesClientCerts(conf *tls.Config) bool {
	if conf == nil || conf.ClientCAs == nil {
		return false
	}
	return conf.ClientAuth == tls.VerifyClientCertIfGiven || conf.ClientAuth == tls.RequireAndVerifyClientCert
}

// authCert is PostgreSQL's cert method (clientcert=verify-full): the client
// must have presented a certificate, verified in the handshake against the
// client CAs, whose common name is the user name.
func (c *conn) authCert(user string) error {
	tc, ok := c.netConn.(*tls.Conn)
	var chains [][]*x509.Certificate
	if ok {
		chains = tc.ConnectionState().VerifiedChains
	}
	if len(chains) == 0 || len(chains[0]) == 0 {
		return newError(codeInvalidAuthSpec, "connection requires a valid client certificate")
	}
	cn := chains[0][0].Subject.CommonName
	if cn != user {
		if cn == "" {
			c.log.Info("certificate authentication failed", "user", user, "reason", "client certificate contains no user name")
		} else {
			c.log.Info("certificate authentication failed", "user", user,
				"reason", fmt.Sprintf("provided user name (%s) and authenticated user name (%s) do not match", user, cn))
		}
		return newError(codeInvalidAuthSpec, "certificate authentication failed for user %q", user)
	}
	return nil
}
