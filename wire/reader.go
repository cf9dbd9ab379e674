package wire

import (
	"bytes"
	"errors"
	"net"
	"time"
)

const (
	readChunkSize = 16 << 10
	// readAhead bounds how many chunks the reader goroutine holds while the
	// connection goroutine is busy, so a pipelining client cannot make the
	// server buffer without limit.
	readAhead = 4
)

// errStopping is what a blocked Read returns once the server shuts down.
var errStopping = errors.New("server is shutting down")

// connReader reads the socket on its own goroutine. The connection
// goroutine is busy while a query runs; without this reader a client that
// disconnects mid-query would go unnoticed until the query finished.
type connReader struct {
	src    net.Conn
	chunks chan []byte
	quit   chan struct{}   // closed when the connection ends
	stop   <-chan struct{} // closed when the server shuts down
	onFail func(error)     // called from the reader goroutine on a read error

	err     error // the socket's read error; set before chunks is closed
	cur     []byte
	lastErr error // the error Read last returned; connection goroutine only
	// idle, when set, ends a wait for the first bytes with idleErr (the
	// idle timeouts, limits.go); connection goroutine only.
	idle    <-chan time.Time
	idleErr error
	// intr, when set, ends a wait for the client's bytes with
	// errInterrupted: a cancelled COPY FROM STDIN (copy_in.go). Connection
	// goroutine only; a message half read stays half read for the next
	// Receive (pgproto3 keeps its partial state).
	intr <-chan struct{}
}

// errInterrupted is what Read returns when intr is closed.
var errInterrupted = errors.New("read interrupted")

func startReader(src net.Conn, stop <-chan struct{}, onFail func(error)) *connReader {
	r := &connReader{
		src:    src,
		chunks: make(chan []byte, readAhead),
		quit:   make(chan struct{}),
		stop:   stop,
		onFail: onFail,
	}
	go r.run()
	return r
}

func (r *connReader) run() {
	defer close(r.chunks)
	buf := make([]byte, readChunkSize)
	for {
		n, err := r.src.Read(buf)
		if n > 0 {
			select {
			case r.chunks <- bytes.Clone(buf[:n]):
			case <-r.quit:
				return
			}
		}
		if err != nil {
			r.err = err
			r.onFail(err)
			return
		}
	}
}

// Read returns bytes already read before it looks at the server stopping,
// so messages a client sent before a shutdown are not lost mid-message.
func (r *connReader) Read(p []byte) (int, error) {
	for len(r.cur) == 0 {
		chunk, ok, err := r.next()
		if err != nil {
			r.lastErr = err
			return 0, err
		}
		if !ok {
			r.lastErr = r.err
			if r.lastErr == nil { // stopped by close, not by the socket
				r.lastErr = net.ErrClosed
			}
			return 0, r.lastErr
		}
		r.cur = chunk
		r.idle = nil // bytes arrived: no longer idle
	}
	n := copy(p, r.cur)
	r.cur = r.cur[n:]
	return n, nil
}

func (r *connReader) next() ([]byte, bool, error) {
	select {
	case chunk, ok := <-r.chunks:
		return chunk, ok, nil
	default:
	}
	select {
	case chunk, ok := <-r.chunks:
		return chunk, ok, nil
	case <-r.stop:
		return nil, false, errStopping
	case <-r.idle: // nil, and so never ready, unless armed
		return nil, false, r.idleErr
	case <-r.intr: // likewise
		return nil, false, errInterrupted
	}
}

// socketFailed reports whether the last Read failed because the socket did
// (as opposed to a malformed message found by the caller).
func (r *connReader) socketFailed() bool {
	return r.lastErr != nil && r.lastErr != errStopping && r.lastErr != errInterrupted
}

// close stops the reader goroutine; the caller closes the socket, which
// ends a Read in progress.
func (r *connReader) close() {
	close(r.quit)
}
