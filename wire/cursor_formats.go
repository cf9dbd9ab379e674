package wire

import "time"

// Two things a Session learns or says about portals that PostgreSQL's
// cursors need: the portals bound (pg_cursors lists the named portals a
// client made with Bind, and the unnamed one, beside DECLAREd cursors),
// and a binary result in the simple protocol (a FETCH from a DECLARE
// BINARY CURSOR sends its rows in binary format).

// BoundPortal is one portal a client bound: its name ("" for the unnamed
// one), the Session's Portal and when the Bind came.
type BoundPortal struct {
	Name   string
	Portal Portal
	Bound  time.Time
}

// PortalLister is implemented by a Session that lists the portals its
// client bound (pg_cursors does): wire hands it, once the session
// started, a function that lists them, valid while the connection lasts
// and called only from the Session's own calls. The portal of a simple
// Query is not among them, as PostgreSQL hides it from pg_cursors.
type PortalLister interface {
	ListPortals(list func() []BoundPortal)
}

// boundPortals lists the connection's portals for a PortalLister.
func (c *conn) boundPortals() []BoundPortal {
	out := make([]BoundPortal, 0, len(c.portals))
	for _, p := range c.portals {
		out = append(out, BoundPortal{Name: p.name, Portal: p.p, Bound: p.bound})
	}
	return out
}

// BinaryDescriber is implemented by the ResultWriter wire hands a Session.
// DescribeBinary is Describe for a result whose every column the client
// gets in binary format when no Bind chose the formats: in the simple
// protocol it sends a RowDescription with format code 1 and encodes the
// rows in binary. In the extended protocol it is Describe: the portal's
// Bind chose the formats, and PostgreSQL lets that choice override a
// binary cursor's.
type BinaryDescriber interface {
	DescribeBinary(cols []Column) error
}

// DescribeBinary implements BinaryDescriber.
func (w *resultWriter) DescribeBinary(cols []Column) error {
	if w.portal != nil {
		return w.Describe(cols)
	}
	if err := w.usable(); err != nil {
		return err
	}
	if w.cols != nil {
		return newError(codeInternal, "ResultWriter.DescribeBinary called twice without Complete")
	}
	fmts := make([]int16, len(cols))
	for i := range fmts {
		fmts[i] = binaryFormat
	}
	w.cols = append(make([]Column, 0, len(cols)), cols...)
	w.fmts = fmts
	return w.c.send(rowDescription(cols, fmts))
}
