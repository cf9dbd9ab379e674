package wire

import (
	"bufio"
	"bytes"
	"testing"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/jackc/pgx/v5/pgtype"
)

// The hand-encoded messages are byte for byte what pgproto3 encodes.
func TestHandEncodedMessages(t *testing.T) {
	var out bytes.Buffer
	c := &conn{bw: bufio.NewWriter(&out), types: pgtype.NewMap()}
	w := &resultWriter{c: c, cols: []Column{
		{Name: "a", TypeOID: pgtype.Int4OID}, {Name: "b", TypeOID: pgtype.TextOID},
		{Name: "c", TypeOID: pgtype.TextOID}, {Name: "d", TypeOID: pgtype.NumericOID},
	}, fmts: []int16{1, 0, 0, 1}}
	if err := w.sendDataRow([]any{int64(7), nil, "", "0.00"}); err != nil {
		t.Fatal(err)
	}
	if err := c.sendCommandComplete("SELECT 1"); err != nil {
		t.Fatal(err)
	}
	if err := c.sendReadyForQuery('T'); err != nil {
		t.Fatal(err)
	}
	c.bw.Flush()
	// numeric 0.00 as numeric_send writes it: no digits, weight 0, dscale 2.
	zero := []byte{0, 0, 0, 0, 0, 0, 0, 2}
	var want []byte
	for _, m := range []pgproto3.BackendMessage{
		&pgproto3.DataRow{Values: [][]byte{{0, 0, 0, 7}, nil, {}, zero}},
		&pgproto3.CommandComplete{CommandTag: []byte("SELECT 1")},
		&pgproto3.ReadyForQuery{TxStatus: 'T'},
	} {
		var err error
		if want, err = m.Encode(want); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(out.Bytes(), want) {
		t.Errorf("got  %x\nwant %x", out.Bytes(), want)
	}
}

// The hand-encoded RowDescription is what pgproto3 encodes from
// rowDescription, in text and in per-column formats.
func TestHandEncodedRowDescription(t *testing.T) {
	cols := []Column{
		{Name: "id", TypeOID: pgtype.Int8OID, TypeSize: 8, TypeMod: -1, TableOID: 16384, AttrNum: 1},
		{Name: "naïve", TypeOID: pgtype.NumericOID, TypeSize: -1, TypeMod: 655366},
		{Name: "", TypeOID: pgtype.TextOID, TypeSize: -1, TypeMod: -1},
	}
	for _, fmts := range [][]int16{nil, {1, 0, 1}} {
		var out bytes.Buffer
		c := &conn{bw: bufio.NewWriter(&out)}
		if err := c.sendRowDescription(cols, fmts); err != nil {
			t.Fatal(err)
		}
		c.bw.Flush()
		want, err := rowDescription(cols, fmts).Encode(nil)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out.Bytes(), want) {
			t.Errorf("formats %v:\ngot  %x\nwant %x", fmts, out.Bytes(), want)
		}
	}
}
