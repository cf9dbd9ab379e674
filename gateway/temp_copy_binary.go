package gateway

import (
	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/planner"
)

// binaryTempFields turns the fields of a binary COPY tuple (wire decodes
// the framing, copy_binary.go) into the PostgreSQL text of their values,
// decoded with the codecs of the target columns' types, so that a binary
// COPY into a temporary table takes the text COPY's path from there: each
// value a literal cast to its column's type by the warehouse.
func (s *Session) binaryTempFields(targets []planner.TableColumn, fields [][]byte) ([][]byte, error) {
	for i, raw := range fields {
		if raw == nil {
			continue
		}
		oid, _, ok := lookupType(targets[i].Type)
		if !ok {
			return nil, sqlerr.New(sqlerr.FeatureNotSupported, "binary COPY of type %s is not supported", targets[i].Type).
				WithHint("use FORMAT text or csv")
		}
		v, err := decodeParam(s.types, oid, raw, 1)
		if err != nil {
			return nil, sqlerr.New("22P03", "column %q: incorrect binary data format: %v", targets[i].Name, err)
		}
		text, err := s.types.Encode(oid, 0, v, nil)
		if err != nil {
			return nil, sqlerr.New("22P03", "column %q: %v", targets[i].Name, err)
		}
		if text == nil {
			text = []byte{} // an empty value, not NULL
		}
		fields[i] = text
	}
	return fields, nil
}
