package gateway

import (
	"fmt"
	"math"
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/wire"
)

// IdleTimeouts gives wire the session's idle_session_timeout and
// idle_in_transaction_session_timeout (wire.IdleTimeouter): wire, which
// knows no SQL, asks after each ReadyForQuery, so a SET applies from the
// next wait on.
func (s *Session) IdleTimeouts() (idle, idleInTransaction time.Duration) {
	idle, _ = parseTimeout(s.settings["idle_session_timeout"])
	idleInTransaction, _ = parseTimeout(s.settings["idle_in_transaction_session_timeout"])
	return idle, idleInTransaction
}

var _ wire.IdleTimeouter = (*Session)(nil)

// timeoutSetting validates a timeout parameter as PostgreSQL does:
// milliseconds, or a number with a unit, from 0 (none) to INT_MAX ms.
func timeoutSetting(name string) func(string) (string, error) {
	return func(v string) (string, error) {
		d, err := parseTimeout(v)
		if err != nil {
			return "", sqlerr.New(sqlerr.InvalidParameter, "invalid value for parameter %q: %q", name, v)
		}
		if ms := d.Milliseconds(); ms < 0 || ms > math.MaxInt32 {
			return "", sqlerr.New(sqlerr.InvalidParameter, "%d ms is outside the valid range for parameter %q (0 .. %d)", ms, name, math.MaxInt32)
		}
		return v, nil
	}
}

// settingDefaults checks the configured defaults of run-time parameters
// (Config.Settings): each must be a known parameter with a valid value.
// Read-only parameters may be given too (max_connections reports the
// server's limit): they are not the client's to change, but they are the
// configuration's.
func settingDefaults(configured map[string]string) (map[string]string, error) {
	out := map[string]string{}
	for name, v := range configured {
		st, known := settingsTable[name]
		if !known {
			return nil, fmt.Errorf("gateway: unknown setting %q", name)
		}
		if st.validate != nil && !isReadOnly(name) {
			checked, err := st.validate(v)
			if err != nil {
				return nil, fmt.Errorf("gateway: setting %s: %w", name, err)
			}
			v = checked
		}
		out[name] = v
	}
	return out, nil
}

// settingDefault is a parameter's value at session start and after RESET:
// the configured one, else the built-in one.
func (g *Gateway) settingDefault(name string) string {
	if v, ok := g.defaults[name]; ok {
		return v
	}
	return settingsTable[name].def
}
