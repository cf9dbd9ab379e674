package snowflake

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	sf "github.com/snowflakedb/gosnowflake"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

func writePEM(t *testing.T, typ string, der []byte) string {
	path := filepath.Join(t.TempDir(), "key.pem")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestDriverConfig(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	pkcs8, _ := x509.MarshalPKCS8PrivateKey(key)
	keyFile := writePEM(t, "PRIVATE KEY", pkcs8)
	pkcs1File := writePEM(t, "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(key))
	tokenFile := filepath.Join(t.TempDir(), "token")
	os.WriteFile(tokenFile, []byte("tok-from-file\n"), 0o600)
	const dsn = "alice:secret@myorg-acct/ANALYTICS/FEATURES?warehouse=WH_XS&role=ML"

	cfg, err := Config{DSN: dsn}.driverConfig()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Account != "myorg-acct" || cfg.User != "alice" || cfg.Password != "secret" || cfg.Database != "ANALYTICS" ||
		cfg.Schema != "FEATURES" || cfg.Warehouse != "WH_XS" || cfg.Role != "ML" || cfg.Authenticator != sf.AuthTypeSnowflake {
		t.Fatalf("parsed %+v", cfg)
	}
	if *cfg.Params["timezone"] != "UTC" || *cfg.Params["query_tag"] != "pitgate" {
		t.Fatalf("session parameters %v %v", *cfg.Params["timezone"], *cfg.Params["query_tag"])
	}

	cfg, err = Config{DSN: "alice@myorg-acct/ANALYTICS", Authenticator: "jwt", PrivateKeyFile: keyFile, QueryTag: "training"}.driverConfig()
	if err != nil || cfg.Authenticator != sf.AuthTypeJwt || !cfg.PrivateKey.Equal(key) || *cfg.Params["query_tag"] != "training" {
		t.Fatalf("jwt: %v %+v", err, cfg)
	}
	cfg, err = Config{DSN: "alice@myorg-acct/ANALYTICS", Authenticator: "jwt", PrivateKeyFile: pkcs1File}.driverConfig()
	if err != nil || !cfg.PrivateKey.Equal(key) {
		t.Fatalf("jwt with a PKCS#1 key: %v", err)
	}
	cfg, err = Config{DSN: "alice@myorg-acct/ANALYTICS", Authenticator: "oauth", TokenFile: tokenFile}.driverConfig()
	if err != nil || cfg.Authenticator != sf.AuthTypeOAuth || cfg.Token != "tok-from-file" {
		t.Fatalf("oauth: %v %+v", err, cfg)
	}

	bad := []struct {
		c    Config
		code string
		msg  string
	}{
		{Config{DSN: "no-account-here"}, sqlerr.ConnectionFailure, "invalid Snowflake DSN"},
		{Config{DSN: dsn, Authenticator: "kerberos"}, sqlerr.InvalidParameter, "unknown Snowflake authenticator"},
		{Config{DSN: dsn, Authenticator: "jwt"}, sqlerr.InvalidParameter, "needs private_key_file"},
		{Config{DSN: dsn, Authenticator: "jwt", PrivateKeyFile: writePEM(t, "ENCRYPTED PRIVATE KEY", []byte{1})}, sqlerr.InvalidParameter, "is encrypted"},
		{Config{DSN: dsn, Authenticator: "jwt", PrivateKeyFile: tokenFile}, sqlerr.InvalidParameter, "no PEM block"},
		{Config{DSN: dsn, Authenticator: "oauth"}, sqlerr.InvalidParameter, "needs token or token_file"},
	}
	for _, b := range bad {
		_, err := b.c.driverConfig()
		if sqlerr.Code(err) != b.code || err == nil || !strings.Contains(err.Error(), b.msg) {
			t.Errorf("%+v: %s %v, want %s containing %q", b.c, sqlerr.Code(err), err, b.code, b.msg)
		}
	}
}
