package wire

import (
	"crypto/hmac"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/xdg-go/scram"
)

// SASL mechanism names (RFC 7677, RFC 5802 for -PLUS).
const (
	mechSCRAM     = "SCRAM-SHA-256"
	mechSCRAMPlus = "SCRAM-SHA-256-PLUS"
)

// scramCredentials derives the keys SCRAM-SHA-256 keeps for a password.
// As PostgreSQL does, a password SASLprep refuses is used as it is.
func scramCredentials(password, salt string) scram.StoredCredentials {
	kf := scram.KeyFactors{Salt: salt, Iters: scramIterations}
	client, err := scram.SHA256.NewClient("", password, "")
	if err != nil {
		client, _ = scram.SHA256.NewClientUnprepped("", password, "")
	}
	return client.GetStoredCredentials(kf)
}

// scramPasswordMatches checks a cleartext password against SCRAM keys, so
// the plaintext never needs to be kept.
func scramPasswordMatches(stored scram.StoredCredentials, password string) bool {
	got := scramCredentials(password, stored.Salt)
	return hmac.Equal(got.StoredKey, stored.StoredKey)
}

// authSCRAM runs a SCRAM-SHA-256 exchange (RFC 5802, 7677) as PostgreSQL
// does: the user is the startup packet's, and the name in the client's
// first message (libpq sends none) is ignored. On a TLS connection whose
// certificate gives tls-server-end-point data, SCRAM-SHA-256-PLUS is offered
// too, and a client that binds the channel must bind this one.
func (c *conn) authSCRAM(user string) (bool, error) {
	cred, _ := c.srv.sec.auth.lookup(user)
	mechs, conv, err := c.scramConversation(cred.scram)
	if err != nil {
		return false, err
	}
	if err := c.send(&pgproto3.AuthenticationSASL{AuthMechanisms: mechs}); err != nil {
		return false, err
	}
	msg, err := c.receiveAuth(pgproto3.AuthTypeSASL)
	if err != nil {
		return false, err
	}
	first, ok := msg.(*pgproto3.SASLInitialResponse)
	if !ok {
		return false, unexpectedAuthMessage("SASL", msg)
	}
	if !slices.Contains(mechs, first.AuthMechanism) {
		return false, newError(codeProtocolViolation, "client selected an invalid SASL authentication mechanism")
	}
	if plus := first.AuthMechanism == mechSCRAMPlus; plus != strings.HasPrefix(string(first.Data), "p=") {
		return false, newError(codeProtocolViolation,
			"malformed SCRAM message: the channel-binding flag does not match the selected mechanism %s", first.AuthMechanism)
	}
	serverFirst, err := conv.Step(string(first.Data))
	if err != nil {
		return false, scramError(err)
	}
	return c.finishSCRAM(conv, serverFirst)
}

// finishSCRAM sends the server-first message, checks the client's proof
// and, when it holds, sends the server's signature.
func (c *conn) finishSCRAM(conv *scram.ServerConversation, serverFirst string) (bool, error) {
	if err := c.send(&pgproto3.AuthenticationSASLContinue{Data: []byte(serverFirst)}); err != nil {
		return false, err
	}
	msg, err := c.receiveAuth(pgproto3.AuthTypeSASLContinue)
	if err != nil {
		return false, err
	}
	final, ok := msg.(*pgproto3.SASLResponse)
	if !ok {
		return false, unexpectedAuthMessage("SASL", msg)
	}
	serverFinal, err := conv.Step(string(final.Data))
	if err != nil || !conv.Valid() {
		// A wrong proof, as PostgreSQL reports it: the password is wrong.
		// A channel binding that does not match is a failure too.
		c.log.Debug("SCRAM exchange failed", "error", err, "reply", serverFinal)
		return false, nil
	}
	if err := c.send(&pgproto3.AuthenticationSASLFinal{Data: []byte(serverFinal)}); err != nil {
		return false, err
	}
	return true, nil
}

// scramConversation starts the server side of the exchange for cred and
// lists the mechanisms to offer.
func (c *conn) scramConversation(cred scram.StoredCredentials) ([]string, *scram.ServerConversation, error) {
	server, err := scram.SHA256.NewServer(func(string) (scram.StoredCredentials, error) { return cred, nil })
	if err != nil {
		return nil, nil, newError(codeInternal, "scram: %v", err)
	}
	if t := c.srv.sec.tls; c.sec.tls && t.endPoint != nil {
		cb := scram.ChannelBinding{Type: scram.ChannelBindingTLSServerEndpoint, Data: t.endPoint}
		return []string{mechSCRAMPlus, mechSCRAM}, server.NewConversationWithChannelBinding(cb), nil
	}
	return []string{mechSCRAM}, server.NewConversation(), nil
}

// scramError reports a client-first message the exchange refused: a
// malformed message, or a channel-binding flag that does not fit what was
// offered (a client claiming PLUS was not offered when it was: a downgrade).
func scramError(err error) error {
	return newError(codeProtocolViolation, "malformed SCRAM message: %v", err)
}
