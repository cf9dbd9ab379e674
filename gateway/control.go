package gateway

import (
	"strings"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/wire"
)

// set changes one parameter and reports whether its value changed.
func (s *Session) set(name, value string) (bool, error) {
	st, known := settingsTable[name]
	if !known && !strings.Contains(name, ".") {
		return false, sqlerr.New(sqlerr.UndefinedObject, "unrecognized configuration parameter %q", name)
	}
	if st.validate != nil {
		v, err := st.validate(value)
		if err != nil {
			return false, err
		}
		value = v
	}
	if name == "timezone" {
		loc, err := loadLocation(value)
		if err != nil {
			return false, sqlerr.New(sqlerr.InvalidParameter, "invalid value for parameter \"TimeZone\": %q", value)
		}
		s.loc = loc
	}
	changed := s.settings[name] != value
	s.settings[name] = value
	return changed, nil
}

func (s *Session) runSet(set *planner.Set, w wire.ResultWriter) error {
	if set.All {
		for _, name := range settingNames() {
			if settingsTable[name].validate == nil || !isReadOnly(name) {
				if err := s.assign(name, s.gw.settingDefault(name), false, w); err != nil {
					return err
				}
			}
		}
		return w.Complete("RESET")
	}
	if set.Name == "transaction" || set.Name == "session characteristics" ||
		strings.HasPrefix(set.Name, "transaction") && set.Value == "" {
		return w.Complete("SET")
	}
	value := set.Value
	if set.Default {
		if _, ok := settingsTable[set.Name]; !ok && !strings.Contains(set.Name, ".") {
			return sqlerr.New(sqlerr.UndefinedObject, "unrecognized configuration parameter %q", set.Name)
		}
		value = s.gw.settingDefault(set.Name)
	}
	if err := s.assign(set.Name, value, set.Local, w); err != nil {
		return err
	}
	if set.Default && !set.Local {
		return w.Complete("RESET")
	}
	return w.Complete("SET")
}

func isReadOnly(name string) bool {
	_, err := settingsTable[name].validate("")
	return err != nil && sqlerr.Code(err) == sqlerr.CantChangeRuntime
}

func (s *Session) assign(name, value string, local bool, w wire.ResultWriter) error {
	if local {
		if s.tx == txIdle {
			return w.Notice("SET LOCAL can only be used in transaction blocks")
		}
		if s.local == nil {
			s.local = map[string]string{}
		}
		if _, saved := s.local[name]; !saved {
			s.local[name] = s.settings[name]
		}
	}
	changed, err := s.set(name, value)
	if err != nil {
		return err
	}
	if changed && settingsTable[name].report {
		return w.ParameterStatus(displayName(name), s.settings[name])
	}
	return nil
}

func (s *Session) show(name string, w wire.ResultWriter) error {
	if name == "all" {
		return s.showAll(w)
	}
	if name == "time zone" {
		name = "timezone"
	}
	v, ok := s.settings[name]
	if !ok {
		return sqlerr.New(sqlerr.UndefinedObject, "unrecognized configuration parameter %q", name)
	}
	if err := w.Describe([]wire.Column{textColumn(displayName(name))}); err != nil {
		return err
	}
	if err := w.Row([]any{v}); err != nil {
		return err
	}
	return w.Complete("SHOW")
}

func (s *Session) showAll(w wire.ResultWriter) error {
	cols := []wire.Column{textColumn("name"), textColumn("setting"), textColumn("description")}
	if err := w.Describe(cols); err != nil {
		return err
	}
	for _, name := range settingNames() {
		if err := w.Row([]any{displayName(name), s.settings[name], settingsTable[name].desc}); err != nil {
			return err
		}
	}
	return w.Complete("SHOW")
}

func textColumn(name string) wire.Column {
	return wire.Column{Name: name, TypeOID: 25, TypeSize: -1, TypeMod: -1}
}

func (s *Session) transaction(tx *planner.Transaction, w wire.ResultWriter) error {
	switch tx.Op {
	case planner.TxBegin:
		if s.tx != txIdle {
			if err := w.Notice("there is already a transaction in progress"); err != nil {
				return err
			}
		} else {
			s.tx = txBlock
			s.beginReadOnly(tx) // write_tx.go
		}
		return w.Complete(tx.Tag)
	case planner.TxCommit, planner.TxRollback:
		return s.endTx(tx, w)
	case planner.TxSavepoint:
		if s.tx == txIdle {
			return sqlerr.New(sqlerr.NoActiveTransaction, "SAVEPOINT can only be used in transaction blocks")
		}
		s.savepoints = append(s.savepoints, tx.Savepoint)
		return w.Complete("SAVEPOINT")
	case planner.TxRelease, planner.TxRollbackTo:
		return s.toSavepoint(tx, w)
	}
	return sqlerr.New(sqlerr.Internal, "gateway: unknown transaction statement")
}

func (s *Session) endTx(tx *planner.Transaction, w wire.ResultWriter) error {
	tag := tx.Tag
	if s.tx == txIdle {
		if err := w.Notice("there is no transaction in progress"); err != nil {
			return err
		}
	}
	if s.tx == txFailed {
		tag = "ROLLBACK"
	}
	for name, v := range s.local {
		if _, err := s.set(name, v); err == nil && settingsTable[name].report {
			_ = w.ParameterStatus(displayName(name), v)
		}
	}
	s.endCursorTx(tag == "COMMIT")
	s.endTempTx(tag == "COMMIT")
	s.endReadOnly()
	s.tx, s.savepoints, s.local = txIdle, nil, nil
	return w.Complete(tag)
}

func (s *Session) toSavepoint(tx *planner.Transaction, w wire.ResultWriter) error {
	verb := "RELEASE"
	if tx.Op == planner.TxRollbackTo {
		verb = "ROLLBACK TO SAVEPOINT"
	}
	if s.tx == txIdle {
		return sqlerr.New(sqlerr.NoActiveTransaction, "%s can only be used in transaction blocks", verb)
	}
	for i := len(s.savepoints) - 1; i >= 0; i-- {
		if s.savepoints[i] != tx.Savepoint {
			continue
		}
		if tx.Op == planner.TxRelease {
			s.savepoints = s.savepoints[:i]
			s.releaseCursors(i)
			s.releaseTempsTo(i)
		} else {
			s.savepoints = s.savepoints[:i+1]
			s.tx = txBlock
			s.rollbackCursors(i)
			s.rollbackTempsTo(i + 1)
		}
		return w.Complete(tx.Tag)
	}
	return sqlerr.New("3B001", "savepoint %q does not exist", tx.Savepoint)
}
