package planner

import (
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/pitgate/pitgate/internal/sqlerr"
)

func setStatement(s *pg.VariableSetStmt) (*Statement, error) {
	set := &Set{Name: strings.ToLower(s.Name), Local: s.IsLocal}
	switch s.Kind {
	case pg.VariableSetKind_VAR_SET_VALUE:
		vals := make([]string, 0, len(s.Args))
		for _, a := range s.Args {
			v, err := settingValue(a)
			if err != nil {
				return nil, err
			}
			vals = append(vals, v)
		}
		set.Value = strings.Join(vals, ", ")
	case pg.VariableSetKind_VAR_SET_DEFAULT, pg.VariableSetKind_VAR_RESET:
		set.Default = true
	case pg.VariableSetKind_VAR_RESET_ALL:
		set.Default, set.All = true, true
	case pg.VariableSetKind_VAR_SET_MULTI:
		// SET TRANSACTION / SET SESSION CHARACTERISTICS: pitgate's
		// transactions have one isolation level; accept and ignore.
		set.Name = s.Name
	default:
		return nil, sqlerr.Unsupported("SET " + s.Name + " FROM CURRENT")
	}
	return &Statement{Kind: KindSet, Set: set}, nil
}

func settingValue(n *pg.Node) (string, error) {
	if c := n.GetAConst(); c != nil {
		switch v := c.Val.(type) {
		case *pg.A_Const_Sval:
			return v.Sval.Sval, nil
		case *pg.A_Const_Ival:
			return strconv.Itoa(int(v.Ival.Ival)), nil
		case *pg.A_Const_Fval:
			return v.Fval.Fval, nil
		case *pg.A_Const_Boolval:
			return strconv.FormatBool(v.Boolval.Boolval), nil
		}
	}
	if tc := n.GetTypeCast(); tc != nil {
		// SET TIME ZONE INTERVAL '...' and the like.
		return settingValue(tc.Arg)
	}
	return "", sqlerr.New(sqlerr.Syntax, "unsupported value in SET")
}

func transaction(t *pg.TransactionStmt) (*Statement, error) {
	tx := &Transaction{Savepoint: t.SavepointName}
	switch t.Kind {
	case pg.TransactionStmtKind_TRANS_STMT_BEGIN:
		tx.Op, tx.Tag = TxBegin, "BEGIN"
	case pg.TransactionStmtKind_TRANS_STMT_START:
		tx.Op, tx.Tag = TxBegin, "START TRANSACTION"
	case pg.TransactionStmtKind_TRANS_STMT_COMMIT:
		tx.Op, tx.Tag = TxCommit, "COMMIT"
	case pg.TransactionStmtKind_TRANS_STMT_ROLLBACK:
		tx.Op, tx.Tag = TxRollback, "ROLLBACK"
	case pg.TransactionStmtKind_TRANS_STMT_SAVEPOINT:
		tx.Op, tx.Tag = TxSavepoint, "SAVEPOINT"
	case pg.TransactionStmtKind_TRANS_STMT_RELEASE:
		tx.Op, tx.Tag = TxRelease, "RELEASE"
	case pg.TransactionStmtKind_TRANS_STMT_ROLLBACK_TO:
		tx.Op, tx.Tag = TxRollbackTo, "ROLLBACK"
	default:
		return nil, sqlerr.Unsupported("two-phase commit")
	}
	for _, o := range t.Options {
		if d := o.GetDefElem(); d != nil && d.Defname == "transaction_read_only" {
			ro := d.Arg.GetAConst().GetIval().GetIval() != 0
			tx.ReadOnly = &ro
		}
	}
	return &Statement{Kind: KindTransaction, Tx: tx}, nil
}
