package online

import (
	"encoding/binary"
	"time"

	"github.com/pitgate/pitgate/internal/sqlerr"
	"github.com/pitgate/pitgate/registry"
)

// encodeChunk is the size of the buffers a batch's keys and blobs are
// encoded into: a few allocations per batch rather than two per row.
const encodeChunk = 256 << 10

// encodeBatch is EncodeRows for the write path: the same records, their
// entities and blobs carved out of shared buffers. A record's bytes stay
// valid as long as the record (nothing writes the buffers again).
func encodeBatch(v *registry.FeatureView, rows []Row) ([]Record, error) {
	l := layoutOf(v)
	recs := make([]Record, len(rows))
	var buf []byte
	for i := range rows {
		row := &rows[i]
		if cap(buf)-len(buf) < 64+32*len(row.Values) {
			buf = make([]byte, 0, max(encodeChunk, 64+32*len(row.Values)))
		}
		start := len(buf)
		var err error
		if buf, err = appendEntity(buf, v, row.Key); err != nil {
			return nil, err
		}
		mid := len(buf)
		if buf, err = appendRow(buf, v, l, row); err != nil {
			return nil, err
		}
		recs[i] = Record{View: v.Name, Entity: buf[start:mid:mid], Blob: buf[mid:len(buf):len(buf)],
			EventTS: time.UnixMicro(row.EventTS.UnixMicro()).UTC()}
	}
	return sortAndDedupe(recs), nil
}

// appendRow appends row's blob to b (the format: blob.go); encodeRow is
// appendRow into a buffer of its own.
func appendRow(b []byte, v *registry.FeatureView, l *layout, row *Row) ([]byte, error) {
	if row.EventTS.IsZero() {
		return nil, sqlerr.New(codeNotNull,
			"null value in column %q of feature view %s: every row needs its event time", registry.EventTimestamp, v.Name)
	}
	if len(row.Values) != len(v.Features) {
		return nil, sqlerr.New(sqlerr.InvalidParameter,
			"feature view %s has %d features, got %d values", v.Name, len(v.Features), len(row.Values))
	}
	b = append(b, blobFormat)
	b = appendInt64(b, row.EventTS.UnixMicro())
	b = binary.BigEndian.AppendUint32(b, l.fingerprint)
	if row.Created.IsZero() {
		b = append(b, 0)
	} else {
		b = appendInt64(append(b, 1), row.Created.UnixMicro())
	}
	for _, i := range l.order {
		f := v.Features[i]
		var err error
		if b, err = appendFeature(b, f.Type, row.Values[i]); err != nil {
			return nil, columnError(v, f.Name, err)
		}
	}
	return b, nil
}
