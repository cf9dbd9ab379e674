package wire

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"maps"
	"net"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
)

// Codes in the first word of a startup-phase packet.
const (
	sslRequestCode    = 80877103
	gssEncRequestCode = 80877104
	cancelRequestCode = 80877102

	protocol30 = 3 << 16
	// latestMinor is the newest protocol 3 minor version served: 3.2.
	latestMinor = 2
	// maxStartupPacket is PostgreSQL's MAX_STARTUP_PACKET_LENGTH.
	maxStartupPacket = 10000
	// protocolOptionPrefix marks protocol options (as opposed to run-time
	// parameters) in a StartupMessage; we support none of them.
	protocolOptionPrefix = "_pq_."
)

// startup runs the handshake up to the first ReadyForQuery. It reports
// whether the connection goes on to serve queries.
func (c *conn) startup() bool {
	limit := time.Now().Add(c.srv.cfg.StartupTimeout)
	c.netConn.SetDeadline(limit)
	params, err := c.negotiate()
	if err != nil {
		c.rejectStartup(err)
		return false
	}
	if params == nil { // a CancelRequest, already served
		return false
	}
	c.reader = startReader(c.netConn, c.srv.base.Done(), c.srv.dog, func(err error) { c.closeCtx(ErrConnectionClosed) })
	c.reader.limit = limit
	c.backend = pgproto3.NewBackend(c.reader, io.Discard) // we encode replies ourselves, see send
	c.backend.SetMaxBodyLen(c.srv.cfg.MaxMessageSize)
	if err := c.authenticate(params); err != nil {
		c.rejectStartup(err)
		return false
	}
	c.netConn.SetDeadline(time.Time{})
	c.reader.limit = time.Time{}
	if c.srv.base.Err() != nil { // Shutdown may have set a deadline just before we cleared it
		c.sendFatal(errAdminShutdown())
		return false
	}
	return c.openSession(params)
}

// negotiate reads startup packets until a StartupMessage, which it returns
// the parameters of, or a CancelRequest, which it serves (returning nil).
// SSLRequest and GSSENCRequest are each answered once: 'S' and a TLS
// handshake for an SSLRequest when TLS is configured, else 'N', and the
// client goes on in plain text on the same connection. The first packet may
// be a direct TLS ClientHello (tls.go).
func (c *conn) negotiate() (map[string]string, error) {
	answered := map[uint32]bool{}
	for first := true; ; first = false {
		body, err := c.readPacket(first)
		if err != nil {
			return nil, err
		}
		code := binary.BigEndian.Uint32(body)
		switch {
		case (code == sslRequestCode || code == gssEncRequestCode) && !answered[code]:
			answered[code] = true
			if err := c.answerEncryption(code); err != nil {
				return nil, err
			}
		case code == cancelRequestCode:
			c.serveCancelRequest(body)
			return nil, nil
		default:
			return c.startupMessage(body)
		}
	}
}

// refuseEncryption answers an encryption request with 'N' (answerEncryption,
// tls.go, accepts an SSLRequest when TLS is configured).
func (c *conn) refuseEncryption() error {
	if err := c.bw.WriteByte('N'); err != nil {
		return err
	}
	return c.flush()
}

// readStartupPacket reads one length-prefixed startup-phase packet and
// returns its body, which is at least 4 bytes (the code) long. It reads no
// further than the packet.
func readStartupPacket(r io.Reader) ([]byte, error) {
	var header [4]byte
	if _, err := io.ReadFull(r, header[:]); err != nil {
		return nil, err
	}
	n := int64(int32(binary.BigEndian.Uint32(header[:]))) - 4
	if n < 4 || n > maxStartupPacket {
		return nil, newError(codeProtocolViolation, "invalid length of startup packet: %d bytes", n+4)
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, err
	}
	return body, nil
}

// startupMessage checks the protocol version of a StartupMessage body and
// returns its parameters. As PostgreSQL 18 does, the connection speaks the
// client's 3.x up to 3.2 (3.2's one change: a longer cancel secret,
// cancel.go); a client asking for a newer minor version, or for protocol
// options, is told the version it gets (3.2 at most) and none of the
// options.
func (c *conn) startupMessage(body []byte) (map[string]string, error) {
	version := binary.BigEndian.Uint32(body)
	if version>>16 != 3 {
		return nil, newError(codeNotSupported, "unsupported frontend protocol %d.%d: server supports 3.0 to 3.%d",
			version>>16, version&0xffff, latestMinor)
	}
	params, err := parseStartupParams(body[4:])
	if err != nil {
		return nil, err
	}
	c.minor = min(version&0xffff, latestMinor)
	options := takeProtocolOptions(params)
	if version&0xffff > latestMinor || len(options) > 0 {
		if err := c.send(&pgproto3.NegotiateProtocolVersion{NewestMinorProtocol: protocol30 | c.minor, UnrecognizedOptions: options}); err != nil {
			return nil, err
		}
	}
	if params["user"] == "" {
		return nil, newError(codeInvalidAuthSpec, "no PostgreSQL user name specified in startup packet")
	}
	if params["database"] == "" {
		params["database"] = params["user"]
	}
	return params, nil
}

// parseStartupParams parses NUL-terminated name/value pairs ending with an
// empty name, which must be the packet's last byte.
func parseStartupParams(b []byte) (map[string]string, error) {
	malformed := newError(codeProtocolViolation, "invalid startup packet layout: expected terminator as last byte")
	params := map[string]string{}
	for {
		name, rest, ok := bytes.Cut(b, []byte{0})
		if !ok {
			return nil, malformed
		}
		if len(name) == 0 {
			if len(rest) != 0 {
				return nil, malformed
			}
			return params, nil
		}
		value, rest, ok := bytes.Cut(rest, []byte{0})
		if !ok {
			return nil, malformed
		}
		params[string(name)] = string(value)
		b = rest
	}
}

// takeProtocolOptions removes the _pq_. options from params and returns
// their names, sorted.
func takeProtocolOptions(params map[string]string) []string {
	var options []string
	for name := range params {
		if strings.HasPrefix(name, protocolOptionPrefix) {
			options = append(options, name)
			delete(params, name)
		}
	}
	slices.Sort(options)
	return options
}

// authenticate establishes who the client is: after admit (a connection
// slot, TLS where required) the configured password exchange (auth.go),
// reading the client's answers through c.backend. With no users configured
// every client is trusted (DESIGN §4), which NewServer allows on loopback
// listeners only.
func (c *conn) authenticate(params map[string]string) error {
	if err := c.admit(params); err != nil {
		return err
	}
	if err := c.authenticateUser(params); err != nil {
		return err
	}
	return c.send(&pgproto3.AuthenticationOk{})
}

// openSession asks the Handler for the session, then tells the client the
// session's parameters and its cancel key and that it is ready.
func (c *conn) openSession(params map[string]string) bool {
	session, err := c.srv.cfg.Handler.Startup(c.ctx, params)
	if err != nil {
		c.log.Info("startup refused", "user", params["user"], "database", params["database"], "error", err)
		c.sendFatal(err)
		return false
	}
	c.session = session
	if l, ok := session.(PortalLister); ok {
		l.ListPortals(c.boundPortals) // pg_cursors (cursor_formats.go)
	}
	c.srv.register(c)
	c.log = c.log.With("pid", c.key.pid, "user", params["user"], "database", params["database"],
		"application_name", params["application_name"])
	if err := c.sendGreeting(); err != nil {
		c.log.Debug("connection write failed", "error", err)
		return false
	}
	c.log.Info("connection opened")
	return true
}

func (c *conn) sendGreeting() error {
	status := c.session.ParameterStatus()
	for _, name := range slices.Sorted(maps.Keys(status)) {
		if err := c.send(&pgproto3.ParameterStatus{Name: name, Value: status[name]}); err != nil {
			return err
		}
	}
	if err := c.send(&pgproto3.BackendKeyData{ProcessID: c.key.pid, SecretKey: c.key.secret[:c.key.n]}); err != nil {
		return err
	}
	return c.sendReady()
}

// rejectStartup ends a connection whose handshake failed, telling the
// client why when the failure is ours to explain.
func (c *conn) rejectStartup(err error) {
	var we *wireError
	switch {
	case c.srv.base.Err() != nil:
		c.sendFatal(errAdminShutdown())
	case errors.As(err, &we):
		c.log.Warn("startup rejected", "code", we.code, "error", we.message)
		c.sendFatal(err)
	case errors.Is(err, io.EOF):
		// Nothing sent at all: a port probe or health check.
		c.log.Debug("connection closed before startup")
	case errors.Is(err, os.ErrDeadlineExceeded), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed):
		c.log.Warn("incomplete startup packet", "error", err)
	default:
		c.log.Warn("startup failed", "error", err)
	}
}
