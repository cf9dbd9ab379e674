package wire

import (
	"crypto/md5"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"

	"github.com/jackc/pgx/v5/pgproto3"
)

// md5Hex is the lower-case hex MD5 of s, the digest PostgreSQL's md5
// method is made of.
func md5Hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// authMD5 runs PostgreSQL's md5 exchange: the client answers a random salt
// with "md5" + md5(md5(password || user) || salt). It is weaker than SCRAM
// (the stored digest is as good as the password), so it is opt-in.
func (c *conn) authMD5(user string) (bool, error) {
	var salt [4]byte
	rand.Read(salt[:])
	if err := c.send(&pgproto3.AuthenticationMD5Password{Salt: salt}); err != nil {
		return false, err
	}
	msg, err := c.receiveAuth(pgproto3.AuthTypeMD5Password)
	if err != nil {
		return false, err
	}
	pw, ok := msg.(*pgproto3.PasswordMessage)
	if !ok {
		return false, unexpectedAuthMessage("password", msg)
	}
	cred, known := c.srv.sec.auth.lookup(user)
	want := "md5" + md5Hex(cred.md5+string(salt[:]))
	match := subtle.ConstantTimeCompare([]byte(want), []byte(pw.Password)) == 1
	return known && match, nil
}
