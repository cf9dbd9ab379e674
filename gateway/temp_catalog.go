package gateway

import (
	"slices"
	"strings"

	"github.com/pitgate/pitgate/catalog"
)

// catalogTemps lists the session's temporary tables for its catalog
// queries (catalog/temp_overlay.go), in name order: only the session's
// own, so no session's catalog shows another's.
func (s *Session) catalogTemps() []catalog.TempTable {
	if len(s.temp.tables) == 0 {
		return nil
	}
	out := make([]catalog.TempTable, 0, len(s.temp.tables))
	for name, tt := range s.temp.tables {
		out = append(out, catalog.TempTable{Name: name, Columns: tt.wcol, InCurrentSchema: !tt.saidTemp})
	}
	slices.SortFunc(out, func(a, b catalog.TempTable) int { return strings.Compare(a.Name, b.Name) })
	return out
}
