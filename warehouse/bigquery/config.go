package bigquery

import (
	"encoding/json"
	"os"
	"time"

	"google.golang.org/api/option"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

// defaultPageRows is how many rows one page request asks for: small enough
// that a page of wide rows stays a few megabytes (BigQuery caps a page at
// about 10 MB whatever is asked), large enough that a million rows take a
// hundred round trips.
const defaultPageRows = 10000

// Config is how to reach one BigQuery project.
type Config struct {
	// Project runs the jobs and is billed for them; required.
	Project string
	// Dataset is the default dataset: unqualified table names in queries,
	// Table and Load resolve in it. Optional.
	Dataset string
	// Location is where jobs run (US, EU, europe-west1, ...); "" lets
	// BigQuery infer it from the tables a query reads.
	Location string
	// Endpoint replaces BigQuery's API address (the emulator); requests to
	// it are sent without authentication.
	Endpoint string
	// CredentialsFile is a JSON key file (service account, authorized user,
	// external account or impersonated service account); "" means
	// Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud's
	// user credentials, the metadata server).
	CredentialsFile string
	// Labels are put on every job, for billing reports and audit logs.
	Labels map[string]string
	// MaxBytesBilled makes BigQuery fail a query that would bill more bytes
	// (54000), before it runs; 0 is the project's default (no limit).
	MaxBytesBilled int64
	// PageRows is the page size of a result, in rows; 0 is 10,000.
	PageRows int
	// ScratchDataset holds the sessions' temporary tables (session.go):
	// "dataset" of Project or "project.dataset"; "" is pitgate_scratch.
	// It is created (in Location, its default table expiration
	// ScratchExpiry) when missing.
	ScratchDataset string
	// ScratchExpiry is how long a session's temporary table outlives its
	// creation at most, should pitgate die before it drops it; 0 is 24 h.
	ScratchExpiry time.Duration
}

// clientOptions are the SDK options cfg asks for.
func (cfg Config) clientOptions() ([]option.ClientOption, error) {
	var opts []option.ClientOption
	if cfg.Endpoint != "" {
		opts = append(opts, option.WithEndpoint(cfg.Endpoint), option.WithoutAuthentication())
		if cfg.CredentialsFile != "" {
			return nil, sqlerr.New(sqlerr.InvalidParameter,
				"bigquery: credentials_file and endpoint exclude each other (a custom endpoint is reached without authentication)")
		}
	}
	if cfg.CredentialsFile != "" {
		typ, err := credentialsType(cfg.CredentialsFile)
		if err != nil {
			return nil, err
		}
		opts = append(opts, option.WithAuthCredentialsFile(typ, cfg.CredentialsFile))
	}
	return opts, nil
}

// credentialsType reads the "type" of a JSON key file and accepts only the
// kinds a person configuring pitgate means by a key file, so a file of
// another kind is an error here, not a surprise at the first query.
func credentialsType(path string) (option.CredentialsType, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return "", sqlerr.New(sqlerr.InvalidParameter, "bigquery: credentials_file: %v", err)
	}
	var f struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		return "", sqlerr.New(sqlerr.InvalidParameter, "bigquery: credentials_file %s is not JSON: %v", path, err)
	}
	for _, t := range []option.CredentialsType{option.ServiceAccount, option.AuthorizedUser,
		option.ExternalAccount, option.ImpersonatedServiceAccount} {
		if string(t) == f.Type {
			return t, nil
		}
	}
	return "", sqlerr.New(sqlerr.InvalidParameter,
		"bigquery: credentials_file %s has type %q; expected service_account, authorized_user, external_account or impersonated_service_account",
		path, f.Type)
}
