package snowflake

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"os"
	"strings"

	sf "github.com/snowflakedb/gosnowflake"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

// Config is what pitgate.yaml says about a Snowflake warehouse.
type Config struct {
	// DSN is gosnowflake's: user[:password]@account/database/schema?warehouse=wh&role=r&...
	DSN string
	// Authenticator is "" or "snowflake" (password), "jwt" (key pair, with
	// PrivateKeyFile) or "oauth" (with Token or TokenFile).
	Authenticator string
	// PrivateKeyFile is a PEM file holding an unencrypted PKCS#8 (or
	// PKCS#1) RSA private key, for "jwt".
	PrivateKeyFile string
	// Token, or the file holding it (re-read at each Open), for "oauth".
	Token, TokenFile string
	// QueryTag labels every query pitgate runs (QUERY_TAG); "" means "pitgate".
	QueryTag string
}

// driverConfig turns c into gosnowflake's configuration.
func (c Config) driverConfig() (*sf.Config, error) {
	cfg, err := sf.ParseDSN(c.dsnWithAuthenticator())
	if err != nil {
		return nil, sqlerr.New(sqlerr.ConnectionFailure, "invalid Snowflake DSN: %v", err).
			WithHint("the form is user:password@account/database/schema?warehouse=WH&role=ROLE")
	}
	switch strings.ToLower(c.Authenticator) {
	case "", "snowflake":
	case "jwt", "snowflake_jwt", "keypair":
		if cfg.PrivateKey, err = readPrivateKey(c.PrivateKeyFile); err != nil {
			return nil, err
		}
		cfg.Authenticator = sf.AuthTypeJwt
	case "oauth":
		if cfg.Token, err = c.token(); err != nil {
			return nil, err
		}
		cfg.Authenticator = sf.AuthTypeOAuth
	default:
		return nil, sqlerr.New(sqlerr.InvalidParameter, "unknown Snowflake authenticator %q", c.Authenticator).
			WithHint("use snowflake (password), jwt (key pair) or oauth")
	}
	tag := c.QueryTag
	if tag == "" {
		tag = "pitgate"
	}
	setParam(cfg, "timezone", "UTC")
	setParam(cfg, "query_tag", tag)
	return cfg, nil
}

// dsnWithAuthenticator names the authenticator in the DSN when the
// configuration chose one and the DSN did not, so that gosnowflake does
// not ask a key-pair or OAuth DSN for a password.
func (c Config) dsnWithAuthenticator() string {
	name := map[string]string{"jwt": "SNOWFLAKE_JWT", "snowflake_jwt": "SNOWFLAKE_JWT", "keypair": "SNOWFLAKE_JWT", "oauth": "OAUTH"}[strings.ToLower(c.Authenticator)]
	if name == "" || strings.Contains(strings.ToLower(c.DSN), "authenticator=") {
		return c.DSN
	}
	sep := "?"
	if strings.Contains(c.DSN, "?") {
		sep = "&"
	}
	return c.DSN + sep + "authenticator=" + name
}

func setParam(cfg *sf.Config, name, value string) {
	if cfg.Params == nil {
		cfg.Params = map[string]*string{}
	}
	cfg.Params[name] = &value
}

func (c Config) token() (string, error) {
	if c.TokenFile == "" {
		if c.Token == "" {
			return "", sqlerr.New(sqlerr.InvalidParameter, "Snowflake oauth needs token or token_file")
		}
		return c.Token, nil
	}
	b, err := os.ReadFile(c.TokenFile)
	if err != nil {
		return "", sqlerr.New(sqlerr.InvalidParameter, "Snowflake token_file: %v", err)
	}
	return strings.TrimSpace(string(b)), nil
}

// readPrivateKey reads the RSA key of key-pair authentication.
func readPrivateKey(path string) (*rsa.PrivateKey, error) {
	if path == "" {
		return nil, sqlerr.New(sqlerr.InvalidParameter, "Snowflake jwt authentication needs private_key_file")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, sqlerr.New(sqlerr.InvalidParameter, "Snowflake private_key_file: %v", err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, sqlerr.New(sqlerr.InvalidParameter, "Snowflake private_key_file %s holds no PEM block", path)
	}
	if block.Type == "ENCRYPTED PRIVATE KEY" {
		return nil, sqlerr.New(sqlerr.InvalidParameter, "Snowflake private_key_file %s is encrypted", path).
			WithHint("decrypt it with: openssl pkcs8 -in key.p8 -out key.pem -nocrypt")
	}
	if k, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, sqlerr.New(sqlerr.InvalidParameter, "Snowflake private_key_file %s: %v", path, err)
	}
	rk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, sqlerr.New(sqlerr.InvalidParameter, "Snowflake private_key_file %s: key-pair authentication needs an RSA key, not %T", path, k)
	}
	return rk, nil
}
