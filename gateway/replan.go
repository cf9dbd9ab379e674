package gateway

import (
	"context"
	"slices"
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/planner"
	"github.com/pitgate/pitgate/wire"
)

// Re-planning prepared statements when warehouse schemas change. A
// statement is planned at Parse against the schemas the table cache holds
// (tables.go, trusted for schemaTTL). At Bind, once the cache's version has
// moved or schemaTTL has passed since it was planned, a query is planned
// again from its text: with the same result columns the new plan replaces
// the old silently (a column it does not read was dropped, say); with
// others (SELECT * over a table that gained a column, a column retyped)
// the Bind fails with PostgreSQL's 0A000 "cached plan must not change
// result type", so no client reads rows under a RowDescription that no
// longer fits them. As in PostgreSQL the statement keeps its first result
// type: every later Bind plans again, and works again once the schema
// gives that type back.

func (t *tableCache) version() uint64 { return t.ver.Load() }

// replan re-plans p's query when the schemas it was planned on may have
// changed.
func (p *prepared) replan(ctx context.Context) error {
	st := p.st
	if st == nil || st.Query == nil || (st.Kind != planner.KindQuery && st.Kind != planner.KindDeclare) {
		return nil
	}
	v := p.s.gw.tables.version()
	if !p.stale && v == p.version && time.Since(p.planned) < schemaTTL {
		return nil
	}
	fresh, err := p.s.planOne(ctx, st.Text)
	if err != nil {
		return err
	}
	if fresh == nil || fresh.Kind != st.Kind || !sameResult(st.Query, fresh.Query) {
		return p.changedResult()
	}
	if p.described && !knownTypes(fresh.Query) {
		// The client was told the warehouse's types: ask it again.
		cols, err := p.s.statementColumns(ctx, fresh, nullParams(p.params))
		if err != nil {
			return err
		}
		if !sameWireTypes(p.cols, cols) {
			return p.changedResult()
		}
	}
	p.st, p.version, p.planned, p.stale = fresh, v, time.Now(), false
	return nil
}

func (p *prepared) changedResult() error {
	p.stale = true
	return sqlerr.New(sqlerr.FeatureNotSupported, "cached plan must not change result type")
}

// sameResult reports whether two plans of one statement give the same
// result columns, by name and type.
func sameResult(a, b *planner.Query) bool {
	if len(a.Columns) != len(b.Columns) {
		return false
	}
	for i, c := range a.Columns {
		if c.Name != b.Columns[i].Name || c.Type != b.Columns[i].Type {
			return false
		}
	}
	return true
}

// knownTypes reports whether the plan types every result column.
func knownTypes(q *planner.Query) bool {
	_, ok := planColumns(q)
	return ok
}

func sameWireTypes(a, b []wire.Column) bool {
	return slices.EqualFunc(a, b, func(x, y wire.Column) bool {
		return x.Name == y.Name && x.TypeOID == y.TypeOID && x.TypeMod == y.TypeMod
	})
}

// sameTableColumns reports whether a table's schema is unchanged.
func sameTableColumns(a, b []planner.TableColumn) bool {
	return slices.Equal(a, b)
}
