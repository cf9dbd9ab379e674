package wire

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"log/slog"
	"net"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/xdg-go/scram"
)

var testUsers = []User{{Name: "tester", Password: "s3cret pässword"}, {Name: "other", Password: "other"}}

func withUsers(method string) func(*Config) {
	return func(c *Config) {
		c.Users = testUsers
		c.AuthMethod = method
	}
}

// connectErr connects with pgx's pgconn, returns the server's error, and
// closes the connection if there was none.
func connectErr(t *testing.T, url string) error {
	t.Helper()
	conn, err := pgconn.Connect(testCtx(t), url)
	if err == nil {
		defer conn.Close(context.Background())
		if got := execSQL(t, conn, "SELECT 1"); string(got[0].Rows[0][0]) != "1" {
			t.Errorf("SELECT 1 = %q", got[0].Rows)
		}
	}
	return err
}

func wantFatal(t *testing.T, err error, code, message string) {
	t.Helper()
	pgErr, ok := asPgError(err)
	if !ok {
		t.Fatalf("error = %v (%T), want FATAL %s %q", err, err, code, message)
	}
	if pgErr.Severity != "FATAL" || pgErr.Code != code || pgErr.Message != message {
		t.Errorf("got %s %s %q, want FATAL %s %q", pgErr.Severity, pgErr.Code, pgErr.Message, code, message)
	}
}

// TestPasswordMethods drives each method with pgx: the right password gets
// in; a wrong one, or a user nobody configured, gets PostgreSQL's 28P01.
func TestPasswordMethods(t *testing.T) {
	cert := newTestCert(t)
	for _, tc := range []struct {
		method  string
		sslmode string
	}{
		{AuthSCRAM, "disable"},
		{AuthSCRAM, "require"},
		{AuthMD5, "disable"},
		{AuthPassword, "require"},
	} {
		t.Run(tc.method+"/"+tc.sslmode, func(t *testing.T) {
			ts := tlsServer(t, cert, withUsers(tc.method))
			for _, u := range testUsers {
				if err := connectErr(t, clientURL(ts.addr, u.Name, u.Password, "ok", "sslmode", tc.sslmode)); err != nil {
					t.Errorf("user %s with the right password: %v", u.Name, err)
				}
			}
			err := connectErr(t, clientURL(ts.addr, "tester", "wrong", "bad", "sslmode", tc.sslmode))
			wantFatal(t, err, "28P01", `password authentication failed for user "tester"`)
			err = connectErr(t, clientURL(ts.addr, "tester", testUsers[1].Password, "swapped", "sslmode", tc.sslmode))
			wantFatal(t, err, "28P01", `password authentication failed for user "tester"`)
			err = connectErr(t, clientURL(ts.addr, "nobody", testUsers[0].Password, "unknown", "sslmode", tc.sslmode))
			wantFatal(t, err, "28P01", `password authentication failed for user "nobody"`)
			if s := ts.handler.session("bad"); s != nil {
				t.Error("a client with a wrong password reached the Handler")
			}
		})
	}
}

func TestCleartextPasswordRefusedWithoutTLS(t *testing.T) {
	ts := tlsServer(t, newTestCert(t), withUsers(AuthPassword))
	err := connectErr(t, clientURL(ts.addr, "tester", testUsers[0].Password, "plain", "sslmode", "disable"))
	wantFatal(t, err, "28000", "password authentication in cleartext requires a TLS connection; connect with sslmode=require")
}

// TestSCRAMChannelBinding: over TLS the server offers SCRAM-SHA-256-PLUS,
// and pgx's channel_binding=require proves its tls-server-end-point data is
// the hash of the certificate pgx saw.
func TestSCRAMChannelBinding(t *testing.T) {
	ts := tlsServer(t, newTestCert(t), withUsers(AuthSCRAM))
	for _, cb := range []string{"require", "prefer", "disable"} {
		url := clientURL(ts.addr, "tester", testUsers[0].Password, "cb-"+cb, "sslmode", "require", "channel_binding", cb)
		if err := connectErr(t, url); err != nil {
			t.Errorf("channel_binding=%s: %v", cb, err)
		}
	}
	// Without TLS there is no channel to bind: require must fail on the client.
	url := clientURL(ts.addr, "tester", testUsers[0].Password, "cb-plain", "sslmode", "disable", "channel_binding", "require")
	if err := connectErr(t, url); err == nil || !strings.Contains(err.Error(), "channel binding required") {
		t.Errorf("channel_binding=require in plain text: error %v, want pgx's refusal", err)
	}
}

// rawSCRAM runs a SCRAM exchange by hand on nc (after any TLS) and returns
// the mechanisms offered, the server-first message and the server's last
// message: AuthenticationSASLFinal or an ErrorResponse.
func rawSCRAM(t *testing.T, nc net.Conn, user, password, mech string, newConv func(*scram.Client) *scram.ClientConversation) ([]string, string, pgproto3.BackendMessage) {
	t.Helper()
	fe := pgproto3.NewFrontend(nc, nc)
	fe.Send(&pgproto3.StartupMessage{ProtocolVersion: protocol30, Parameters: map[string]string{"user": user, "database": "features"}})
	sasl, ok := receiveAs[*pgproto3.AuthenticationSASL](t, fe)
	if !ok {
		t.Fatal("no AuthenticationSASL")
	}
	client, err := scram.SHA256.NewClient(user, password, "")
	if err != nil {
		t.Fatal(err)
	}
	conv := newConv(client)
	first, err := conv.Step("")
	if err != nil {
		t.Fatal(err)
	}
	fe.Send(&pgproto3.SASLInitialResponse{AuthMechanism: mech, Data: []byte(first)})
	cont, ok := receiveAs[*pgproto3.AuthenticationSASLContinue](t, fe)
	if !ok {
		return sasl.AuthMechanisms, "", lastMessage
	}
	serverFirst := string(cont.Data) // the frontend reuses its buffer
	final, err := conv.Step(serverFirst)
	if err != nil {
		t.Fatal(err)
	}
	fe.Send(&pgproto3.SASLResponse{Data: []byte(final)})
	if err := fe.Flush(); err != nil {
		t.Fatal(err)
	}
	msg, err := fe.Receive()
	if err != nil {
		t.Fatal(err)
	}
	return sasl.AuthMechanisms, serverFirst, msg
}

// lastMessage is what receiveAs got when it was not the wanted type.
var lastMessage pgproto3.BackendMessage

func receiveAs[T pgproto3.BackendMessage](t *testing.T, fe *pgproto3.Frontend) (T, bool) {
	t.Helper()
	var zero T
	if err := fe.Flush(); err != nil {
		t.Fatal(err)
	}
	msg, err := fe.Receive()
	if err != nil {
		t.Fatal(err)
	}
	lastMessage = msg
	m, ok := msg.(T)
	if !ok {
		return zero, false
	}
	return m, true
}

func dialTLS(t *testing.T, addr string) *tls.Conn {
	t.Helper()
	nc := dialRaw(t, addr)
	nc.Write(sslRequest)
	var answer [1]byte
	if _, err := nc.Read(answer[:]); err != nil || answer[0] != 'S' {
		t.Fatalf("answer to SSLRequest = %q, %v; want 'S'", answer, err)
	}
	tc := tls.Client(nc, &tls.Config{InsecureSkipVerify: true})
	if err := tc.Handshake(); err != nil {
		t.Fatal(err)
	}
	return tc
}

func errorCode(msg pgproto3.BackendMessage) string {
	if e, ok := msg.(*pgproto3.ErrorResponse); ok {
		return e.Severity + " " + e.Code + " " + e.Message
	}
	return ""
}

// TestSCRAMChannelBindingIsChecked: a PLUS client that binds other data
// than this channel's (a man in the middle's certificate) and a client
// that says "y" (the server offered no PLUS) when it was offered (a
// downgrade) are refused; the true binding gets in.
func TestSCRAMChannelBindingIsChecked(t *testing.T) {
	ts := tlsServer(t, newTestCert(t), withUsers(AuthSCRAM))
	pw := testUsers[0].Password
	bind := func(data []byte) func(*scram.Client) *scram.ClientConversation {
		return func(c *scram.Client) *scram.ClientConversation {
			return c.NewConversationWithChannelBinding(scram.ChannelBinding{Type: scram.ChannelBindingTLSServerEndpoint, Data: data})
		}
	}
	tc := dialTLS(t, ts.addr)
	state := tc.ConnectionState()
	good, err := scram.NewTLSServerEndpointBinding(&state)
	if err != nil {
		t.Fatal(err)
	}
	mechs, _, last := rawSCRAM(t, tc, "tester", pw, mechSCRAMPlus, bind(good.Data))
	if strings.Join(mechs, ",") != "SCRAM-SHA-256-PLUS,SCRAM-SHA-256" {
		t.Errorf("mechanisms over TLS = %v", mechs)
	}
	if _, ok := last.(*pgproto3.AuthenticationSASLFinal); !ok {
		t.Errorf("true channel binding: got %T %s, want AuthenticationSASLFinal", last, errorCode(last))
	}
	wrong := sha256.Sum256([]byte("another certificate"))
	_, _, last = rawSCRAM(t, dialTLS(t, ts.addr), "tester", pw, mechSCRAMPlus, bind(wrong[:]))
	if got := errorCode(last); got != `FATAL 28P01 password authentication failed for user "tester"` {
		t.Errorf("wrong channel binding: got %T %q, want FATAL 28P01", last, got)
	}
	_, _, last = rawSCRAM(t, dialTLS(t, ts.addr), "tester", pw, mechSCRAM, (*scram.Client).NewConversationAdvertisingChannelBinding)
	if got := errorCode(last); !strings.HasPrefix(got, "FATAL 08P01 ") {
		t.Errorf("downgrade to y: got %T %q, want FATAL 08P01", last, got)
	}
	plain := dialRaw(t, ts.addr)
	mechs, _, _ = rawSCRAM(t, plain, "tester", pw, mechSCRAM, (*scram.Client).NewConversation)
	if strings.Join(mechs, ",") != "SCRAM-SHA-256" {
		t.Errorf("mechanisms in plain text = %v, want SCRAM-SHA-256 only", mechs)
	}
}

// TestUnknownUserLooksLikeAKnownOne: the exchange of a user nobody
// configured goes to the end like a real one, with a salt that stays the
// same from one try to the next, so its answers do not tell which users
// exist; iterations are 4096.
func TestUnknownUserLooksLikeAKnownOne(t *testing.T) {
	ts := startServer(t, withUsers(AuthSCRAM))
	salts := map[string]string{}
	for _, user := range []string{"tester", "nobody", "tester", "nobody"} {
		_, first, last := rawSCRAM(t, dialRaw(t, ts.addr), user, "wrong", mechSCRAM, (*scram.Client).NewConversation)
		fields := strings.Split(first, ",")
		if len(fields) != 3 || fields[2] != "i=4096" {
			t.Fatalf("server-first for %s = %q, want r=,s=,i=4096", user, first)
		}
		if prev, seen := salts[user]; seen && prev != fields[1] {
			t.Errorf("salt of %s changed between tries: %s, %s", user, prev, fields[1])
		}
		salts[user] = fields[1]
		if got, want := errorCode(last), `FATAL 28P01 password authentication failed for user "`+user+`"`; got != want {
			t.Errorf("%s: got %q, want %q", user, got, want)
		}
	}
	if salts["tester"] == salts["nobody"] {
		t.Error("known and unknown user share a salt")
	}
}

func TestTrustOnlyOnLoopback(t *testing.T) {
	for _, tc := range []struct {
		listen string
		users  []User
		wantOK bool
	}{
		{"127.0.0.1:5433", nil, true},
		{"localhost:5433", nil, true},
		{"[::1]:5433", nil, true},
		{"0.0.0.0:5433", nil, false},
		{":5433", nil, false},
		{"10.1.2.3:5433", nil, false},
		{"0.0.0.0:5433", testUsers, true},
	} {
		_, err := NewServer(Config{Handler: newTestHandler(), Listen: tc.listen, Users: tc.users})
		if (err == nil) != tc.wantOK {
			t.Errorf("NewServer(Listen %s, %d users) error = %v, want success %v", tc.listen, len(tc.users), err, tc.wantOK)
		}
		if err != nil && !strings.Contains(err.Error(), "without authentication") {
			t.Errorf("error %q does not say why", err)
		}
	}
	// Serve checks the listener it is given too.
	srv, err := NewServer(Config{Handler: newTestHandler()})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "0.0.0.0:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Serve(ln); err == nil || !strings.Contains(err.Error(), "without authentication") {
		t.Errorf("Serve on %s without users: %v, want a refusal", ln.Addr(), err)
	}
}

func TestUserConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"empty password", Config{Users: []User{{"u", ""}}}, `user "u" has an empty password`},
		{"empty name", Config{Users: []User{{"", "p"}}}, "user name is empty"},
		{"twice", Config{Users: []User{{"u", "p"}, {"u", "q"}}}, `user "u" is listed twice`},
		{"method", Config{Users: testUsers, AuthMethod: "trust"}, `unknown AuthMethod "trust"`},
	} {
		tc.cfg.Handler = newTestHandler()
		if _, err := NewServer(tc.cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: NewServer error = %v, want one saying %q", tc.name, err, tc.want)
		}
	}
}

// BenchmarkLogin is one connection's startup with each method, pgx client
// and server on this machine (both sides' key derivations included).
func BenchmarkLogin(b *testing.B) {
	for _, method := range []string{"trust", AuthSCRAM, AuthMD5} {
		b.Run(method, func(b *testing.B) {
			cfg := Config{Handler: newTestHandler(), Logger: slog.New(slog.DiscardHandler)}
			password := ""
			if method != "trust" {
				withUsers(method)(&cfg)
				password = testUsers[0].Password
			}
			srv, err := NewServer(cfg)
			if err != nil {
				b.Fatal(err)
			}
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				b.Fatal(err)
			}
			go srv.Serve(ln)
			defer srv.Shutdown(context.Background())
			url := clientURL(ln.Addr().String(), "tester", password, "bench", "sslmode", "disable")
			for b.Loop() {
				conn, err := pgconn.Connect(context.Background(), url)
				if err != nil {
					b.Fatal(err)
				}
				conn.Close(context.Background())
			}
		})
	}
}
