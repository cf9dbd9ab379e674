package gateway

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

// ServerVersion is what pitgate reports as server_version: clients choose
// their SQL by it, and pitgate speaks PostgreSQL 15's.
const ServerVersion = "15.8"

// setting is one run-time parameter clients may SET and SHOW.
type setting struct {
	def string
	// report: sent as ParameterStatus at startup and on change.
	report   bool
	validate func(string) (string, error)
	desc     string
}

var settingsTable = map[string]setting{
	"server_version":                      {def: ServerVersion, report: true, validate: readOnly("server_version"), desc: "PostgreSQL version pitgate speaks"},
	"server_version_num":                  {def: "150008", validate: readOnly("server_version_num")},
	"server_encoding":                     {def: "UTF8", report: true, validate: readOnly("server_encoding")},
	"client_encoding":                     {def: "UTF8", report: true, validate: utf8Only, desc: "pitgate speaks UTF8 only"},
	"datestyle":                           {def: "ISO, MDY", report: true, validate: dateStyle},
	"intervalstyle":                       {def: "postgres", report: true, validate: oneOf("postgres")},
	"timezone":                            {def: "UTC", report: true, validate: timeZone, desc: "time zone for timestamptz output"},
	"integer_datetimes":                   {def: "on", report: true, validate: readOnly("integer_datetimes")},
	"standard_conforming_strings":         {def: "on", report: true, validate: oneOf("on")},
	"application_name":                    {def: "", report: true},
	"is_superuser":                        {def: "off", report: true, validate: readOnly("is_superuser")},
	"session_authorization":               {def: "", report: true, validate: readOnly("session_authorization")},
	"default_transaction_read_only":       {def: "off", report: true},
	"in_hot_standby":                      {def: "off", report: true, validate: readOnly("in_hot_standby")},
	"statement_timeout":                   {def: "0", validate: duration, desc: "cancel statements running longer (ms, or with unit)"},
	"search_path":                         {def: `"$user", public`},
	"extra_float_digits":                  {def: "1"},
	"client_min_messages":                 {def: "notice"},
	"bytea_output":                        {def: "hex", validate: oneOf("hex")},
	"transaction_isolation":               {def: "read committed", validate: readOnly("transaction_isolation")},
	"default_transaction_isolation":       {def: "read committed"},
	"transaction_read_only":               {def: "off"},
	"max_identifier_length":               {def: "63", validate: readOnly("max_identifier_length")},
	"lc_messages":                         {def: "C"},
	"lc_monetary":                         {def: "C"},
	"lc_numeric":                          {def: "C"},
	"lc_time":                             {def: "C"},
	"lc_collate":                          {def: "C", validate: readOnly("lc_collate")},
	"lc_ctype":                            {def: "C", validate: readOnly("lc_ctype")},
	"jit":                                 {def: "off"},
	"idle_in_transaction_session_timeout": {def: "0", validate: timeoutSetting("idle_in_transaction_session_timeout"), desc: "end sessions idle this long inside a transaction block (FATAL 25P03)"},
	"idle_session_timeout":                {def: "0", validate: timeoutSetting("idle_session_timeout"), desc: "end sessions idle this long outside a transaction block (FATAL 57P05)"},
	"lock_timeout":                        {def: "0"},
	"row_security":                        {def: "on"},
	"max_connections":                     {def: "100", validate: readOnly("max_connections")},
	"synchronous_commit":                  {def: "on"},
	"geqo":                                {def: "on"},
	"work_mem":                            {def: "4MB"},
	uploadMinCellsSetting:                 {def: uploadMinCellsDefault, validate: validateUploadMinCells, desc: "upload a VALUES list of at least this many cells (rows x columns) to a temporary table; 0 never"},
}

func readOnly(name string) func(string) (string, error) {
	return func(string) (string, error) {
		return "", sqlerr.New(sqlerr.CantChangeRuntime, "parameter %q cannot be changed", name)
	}
}

func oneOf(allowed ...string) func(string) (string, error) {
	return func(v string) (string, error) {
		for _, a := range allowed {
			if strings.EqualFold(v, a) {
				return a, nil
			}
		}
		return "", sqlerr.New(sqlerr.InvalidParameter, "invalid value %q; pitgate supports only %s", v, strings.Join(allowed, ", "))
	}
}

func utf8Only(v string) (string, error) {
	switch strings.ToUpper(strings.ReplaceAll(v, "-", "")) {
	case "UTF8", "UNICODE":
		return "UTF8", nil
	}
	return "", sqlerr.New(sqlerr.InvalidParameter, "invalid value for parameter \"client_encoding\": %q", v).
		WithHint("pitgate speaks UTF8 only")
}

func dateStyle(v string) (string, error) {
	if strings.Contains(strings.ToUpper(v), "ISO") || strings.EqualFold(strings.TrimSpace(v), "MDY") {
		return "ISO, MDY", nil
	}
	return "", sqlerr.New(sqlerr.InvalidParameter, "invalid value for parameter \"DateStyle\": %q", v).
		WithHint("pitgate supports DateStyle ISO only")
}

func timeZone(v string) (string, error) {
	if strings.EqualFold(v, "local") {
		v = "UTC"
	}
	if _, err := loadLocation(v); err != nil {
		return "", sqlerr.New(sqlerr.InvalidParameter, "invalid value for parameter \"TimeZone\": %q", v)
	}
	return v, nil
}

func loadLocation(v string) (*time.Location, error) {
	if strings.EqualFold(v, "utc") || strings.EqualFold(v, "gmt") || v == "Z" {
		return time.UTC, nil
	}
	if off, err := strconv.ParseFloat(v, 64); err == nil {
		// PostgreSQL's numeric time zones are hours east of UTC.
		return time.FixedZone(v, int(off*3600)), nil
	}
	return time.LoadLocation(v)
}

// parseTimeout reads statement_timeout: milliseconds, or with a unit.
func parseTimeout(v string) (time.Duration, error) {
	v = strings.TrimSpace(v)
	if ms, err := strconv.ParseInt(v, 10, 64); err == nil {
		return time.Duration(ms) * time.Millisecond, nil
	}
	units := map[string]time.Duration{"us": time.Microsecond, "ms": time.Millisecond, "s": time.Second, "min": time.Minute, "h": time.Hour, "d": 24 * time.Hour}
	for u, d := range units {
		if n, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(v, u)), 64); err == nil && strings.HasSuffix(v, u) {
			return time.Duration(n * float64(d)), nil
		}
	}
	return 0, sqlerr.New(sqlerr.InvalidParameter, "invalid value for parameter \"statement_timeout\": %q", v)
}

func duration(v string) (string, error) {
	if _, err := parseTimeout(v); err != nil {
		return "", err
	}
	return v, nil
}

// displayName is the parameter's name as PostgreSQL spells it in SHOW and ParameterStatus.
func displayName(name string) string {
	switch name {
	case "datestyle":
		return "DateStyle"
	case "intervalstyle":
		return "IntervalStyle"
	case "timezone":
		return "TimeZone"
	}
	return name
}

func settingNames() []string {
	out := make([]string, 0, len(settingsTable))
	for n := range settingsTable {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
