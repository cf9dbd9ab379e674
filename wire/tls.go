package wire

import (
	"bytes"
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
)

// alpnPostgres is the ALPN protocol PostgreSQL 17 clients offer.
const alpnPostgres = "postgresql"

// tlsSetup is the server's TLS configuration, made once by NewServer.
type tlsSetup struct {
	config  *tls.Config
	require bool
	// endPoint is the tls-server-end-point channel binding data (RFC 5929):
	// a hash of the server's certificate. nil when it cannot be known for
	// every connection (several certificates, or a signature algorithm
	// without a hash), and then SCRAM-SHA-256-PLUS is not offered.
	endPoint []byte
}

// LoadTLSConfig reads a PEM certificate (chain) and its private key into a
// server TLS configuration for Config.TLS.
func LoadTLSConfig(certFile, keyFile string) (*tls.Config, error) {
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, fmt.Errorf("tls: %w", err)
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}}, nil
}

func newTLSSetup(cfg Config) (*tlsSetup, error) {
	if cfg.TLS == nil {
		if cfg.RequireTLS {
			return nil, errors.New("wire: RequireTLS needs a TLS configuration (a certificate and key)")
		}
		return nil, nil
	}
	conf := cfg.TLS.Clone()
	if len(conf.Certificates) == 0 && conf.GetCertificate == nil && conf.GetConfigForClient == nil {
		return nil, errors.New("wire: the TLS configuration has no certificate")
	}
	if conf.MinVersion == 0 {
		conf.MinVersion = tls.VersionTLS12
	}
	if len(conf.NextProtos) == 0 {
		conf.NextProtos = []string{alpnPostgres}
	}
	if conf.ClientCAs != nil && conf.ClientAuth == tls.NoClientCert {
		// Client CAs are given to verify certificates (method cert):
		// check any certificate a client presents, as PostgreSQL does
		// with ssl_ca_file.
		conf.ClientAuth = tls.VerifyClientCertIfGiven
	}
	t := &tlsSetup{config: conf, require: cfg.RequireTLS}
	if len(conf.Certificates) == 1 && conf.GetCertificate == nil && conf.GetConfigForClient == nil {
		t.endPoint = serverEndPoint(conf.Certificates[0])
	}
	return t, nil
}

// serverEndPoint hashes the certificate with the hash of its signature
// algorithm, SHA-256 for MD5 and SHA-1 (RFC 5929 §4.1); nil when the
// algorithm has no such hash (Ed25519).
func serverEndPoint(cert tls.Certificate) []byte {
	leaf := cert.Leaf
	if leaf == nil {
		if len(cert.Certificate) == 0 {
			return nil
		}
		var err error
		if leaf, err = x509.ParseCertificate(cert.Certificate[0]); err != nil {
			return nil
		}
	}
	var h crypto.Hash
	switch leaf.SignatureAlgorithm {
	case x509.MD5WithRSA, x509.SHA1WithRSA, x509.DSAWithSHA1, x509.ECDSAWithSHA1,
		x509.SHA256WithRSA, x509.SHA256WithRSAPSS, x509.ECDSAWithSHA256, x509.DSAWithSHA256:
		h = crypto.SHA256
	case x509.SHA384WithRSA, x509.SHA384WithRSAPSS, x509.ECDSAWithSHA384:
		h = crypto.SHA384
	case x509.SHA512WithRSA, x509.SHA512WithRSAPSS, x509.ECDSAWithSHA512:
		h = crypto.SHA512
	default:
		return nil
	}
	d := h.New()
	d.Write(leaf.Raw)
	return d.Sum(nil)
}

// answerEncryption answers an SSLRequest with 'S' and the TLS handshake
// when TLS is configured; every other case (GSSENCRequest included) is
// refused with 'N' and the client may go on in plain text.
func (c *conn) answerEncryption(code uint32) error {
	if code != sslRequestCode || c.srv.sec.tls == nil {
		return c.refuseEncryption()
	}
	if c.sec.tls { // already encrypted: direct TLS
		return newError(codeProtocolViolation, "SSLRequest on a connection that is already encrypted")
	}
	if err := c.bw.WriteByte('S'); err != nil {
		return err
	}
	if err := c.flush(); err != nil {
		return err
	}
	return c.startTLS(c.netConn)
}

// startTLS runs the handshake on the socket (under the startup deadline)
// and puts the TLS connection in its place. No plain-text byte can have
// been read ahead: startup packets are read unbuffered, so bytes a client
// sent after the SSLRequest go to the handshake, which refuses them.
func (c *conn) startTLS(raw net.Conn) error {
	tc := tls.Server(raw, c.srv.sec.tls.config)
	if err := tc.Handshake(); err != nil {
		return fmt.Errorf("TLS handshake: %w", err)
	}
	c.srv.mu.Lock() // Shutdown reads netConn under this lock
	c.netConn = tc
	c.srv.mu.Unlock()
	c.bw.Reset(tc)
	c.sec.tls = true
	return nil
}

// requireTLS refuses a plain-text connection when TLS is required, in the
// manner of PostgreSQL's message for a missing pg_hba.conf entry.
func (c *conn) requireTLS(params map[string]string) error {
	if t := c.srv.sec.tls; t == nil || !t.require || c.sec.tls {
		return nil
	}
	host := c.netConn.RemoteAddr().String()
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	return &hintedError{
		wireError: newError(codeInvalidAuthSpec, "this server requires TLS: refusing host %q, user %q, database %q, no encryption",
			host, params["user"], params["database"]),
		hint: "connect with sslmode=require (or verify-full)",
	}
}

// hintedError is a wireError with a HINT field.
type hintedError struct {
	*wireError
	hint string
}

func (e *hintedError) ErrorHint() string { return e.hint }
func (e *hintedError) Unwrap() error     { return e.wireError }

// tlsHandshakeRecord is the first byte of a TLS ClientHello. A startup
// packet's first byte is 0 (its length is under 10,000), so the two cannot
// be confused.
const tlsHandshakeRecord = 0x16

// readFirstPacket reads the connection's first startup packet. With TLS
// configured, a client that opens with a ClientHello instead (PostgreSQL
// 17's sslnegotiation=direct) gets the handshake first, and must have
// negotiated ALPN "postgresql", as PostgreSQL requires against
// cross-protocol attacks; its StartupMessage then comes encrypted.
func (c *conn) readFirstPacket() ([]byte, error) {
	if c.srv.sec.tls == nil {
		return readStartupPacket(c.netConn)
	}
	var first [1]byte
	if _, err := io.ReadFull(c.netConn, first[:]); err != nil {
		return nil, err
	}
	if first[0] != tlsHandshakeRecord {
		return readStartupPacket(io.MultiReader(bytes.NewReader(first[:]), c.netConn))
	}
	if err := c.startTLS(&prefixConn{Conn: c.netConn, prefix: first[:]}); err != nil {
		return nil, err
	}
	if c.netConn.(*tls.Conn).ConnectionState().NegotiatedProtocol != alpnPostgres {
		return nil, newError(codeProtocolViolation, "received direct SSL connection request without ALPN protocol negotiation extension")
	}
	return readStartupPacket(c.netConn)
}

// prefixConn is a net.Conn whose first bytes were already read.
type prefixConn struct {
	net.Conn
	prefix []byte
}

func (p *prefixConn) Read(b []byte) (int, error) {
	if len(p.prefix) > 0 {
		n := copy(b, p.prefix)
		p.prefix = p.prefix[n:]
		return n, nil
	}
	return p.Conn.Read(b)
}

// readPacket reads the next startup packet; the first may open with TLS.
func (c *conn) readPacket(first bool) ([]byte, error) {
	if first {
		return c.readFirstPacket()
	}
	return readStartupPacket(c.netConn)
}
