package wire

import (
	"context"
	"errors"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

const (
	readChunkSize = 16 << 10
	// readAhead bounds how many chunks the watcher holds while a message is
	// being answered, so a pipelining client cannot make the server buffer
	// without limit.
	readAhead = 4
	// watchAfter is how long a message may run before a watcher starts
	// reading the socket: a quick answer pays for no goroutine at all.
	watchAfter = time.Millisecond
)

// errStopping is what a blocked Read returns once the server shuts down.
var errStopping = errors.New("server is shutting down")

// errInterrupted is what Read returns when the context given to
// interruptOn ends.
var errInterrupted = errors.New("read interrupted")

// aLongTimeAgo is a deadline in the past: it wakes a blocked socket read.
var aLongTimeAgo = time.Unix(1, 0)

// connReader is the connection's reader. While the connection goroutine
// waits for the client's next message it reads the socket itself: no
// goroutine hand-off per message. While messages are being answered (from
// watch to the next Read that needs the socket) and the answer takes
// longer than watchAfter, a watcher goroutine, started by the Server's
// watchdog (watchdog.go), reads the socket instead, so that a client that
// goes away is noticed while the query is still running and its context
// is cancelled (onFail); what the watcher read is returned by the next
// Read.
//
// Wake-ups (server stopping, an interrupted COPY wait, the end of a watch)
// set a read deadline in the past under mu, and every read sets its own
// deadline under mu after checking the same conditions, so none is lost.
type connReader struct {
	src    net.Conn
	stop   <-chan struct{} // closed when the server shuts down
	quit   chan struct{}   // closed when the connection ends
	onFail func(error)     // called on a read error from the socket

	mu     sync.Mutex
	setDL  time.Time       // the read deadline last set on src
	ending bool            // unwatch asked the watcher to stop
	intr   context.Context // while set, its end interrupts a wait

	buf     []byte
	cur     []byte // read, not yet returned
	err     error  // the socket's read error: sticky
	lastErr error  // the error Read last returned

	// idleAt, when set, ends a wait for the first bytes with idleErr (the
	// idle timeouts, limits.go); limit bounds every wait (the startup
	// timeout). Connection goroutine only.
	idleAt  time.Time
	idleErr error
	limit   time.Time

	// state is watchIdle, watchArmed (since: when, on dog's clock) or
	// watchStarted; the connection goroutine arms and ends a watch, the
	// watchdog starts it.
	dog     *watchdog
	state   atomic.Int32
	since   atomic.Int64
	watched sync.WaitGroup
	wbuf    []byte
	pending []byte // what the watcher read
}

// The states of a watch.
const (
	watchIdle int32 = iota
	watchArmed
	watchStarted
)

func startReader(src net.Conn, stop <-chan struct{}, dog *watchdog, onFail func(error)) *connReader {
	r := &connReader{
		src:    src,
		quit:   make(chan struct{}),
		stop:   stop,
		onFail: onFail,
		buf:    make([]byte, readChunkSize),
		dog:    dog,
	}
	dog.add(r)
	go r.wakeOnStop()
	return r
}

func (r *connReader) wakeOnStop() {
	select {
	case <-r.stop:
		r.wake()
	case <-r.quit:
	}
}

// wake ends a blocked read on src.
func (r *connReader) wake() {
	r.mu.Lock()
	r.src.SetReadDeadline(aLongTimeAgo)
	r.setDL = aLongTimeAgo
	r.mu.Unlock()
}

// Read returns bytes already read before it looks at the server stopping,
// so messages a client sent before a shutdown are not lost mid-message.
func (r *connReader) Read(p []byte) (int, error) {
	r.unwatch()
	for len(r.cur) == 0 {
		if err := r.fill(); err != nil {
			r.lastErr = err
			return 0, err
		}
	}
	n := copy(p, r.cur)
	r.cur = r.cur[n:]
	return n, nil
}

// fill reads the socket once into cur, or says why it cannot.
func (r *connReader) fill() error {
	if r.err != nil {
		return r.err
	}
	for {
		dl := r.limit
		if !r.idleAt.IsZero() {
			dl = r.idleAt
		}
		if err := r.armDeadline(dl); err != nil {
			return err
		}
		n, err := r.src.Read(r.buf)
		if n > 0 {
			r.cur = r.buf[:n]
			r.idleAt = time.Time{} // bytes arrived: no longer idle
			return nil
		}
		if err == nil {
			continue
		}
		if !errors.Is(err, os.ErrDeadlineExceeded) {
			r.err = err
			r.onFail(err)
			return err
		}
		if err := r.woken(); err != nil {
			return err
		}
		r.mu.Lock()
		r.setDL = aLongTimeAgo // set behind our back (Server.Shutdown): arm anew
		r.mu.Unlock()
		now := time.Now()
		if !r.idleAt.IsZero() && !now.Before(r.idleAt) {
			return r.idleErr
		}
		if !r.limit.IsZero() && !now.Before(r.limit) {
			return err
		}
	}
}

// armDeadline sets dl as src's read deadline unless a wake-up is due.
func (r *connReader) armDeadline(dl time.Time) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.woken(); err != nil {
		return err
	}
	if !dl.Equal(r.setDL) {
		r.src.SetReadDeadline(dl)
		r.setDL = dl
	}
	return nil
}

// woken is the error of a wake-up that is due: the server stopping or the
// interrupting context ended.
func (r *connReader) woken() error {
	select {
	case <-r.stop:
		return errStopping
	default:
	}
	if r.intr != nil && r.intr.Err() != nil {
		return errInterrupted
	}
	return nil
}

// interruptOn makes a wait for the client's bytes end with errInterrupted
// once ctx ends (a cancelled COPY FROM STDIN, copy_in.go); the returned
// func undoes it. A message half read stays half read for the next
// Receive (pgproto3 keeps its partial state).
func (r *connReader) interruptOn(ctx context.Context) func() {
	r.mu.Lock()
	r.intr = ctx
	r.mu.Unlock()
	stop := context.AfterFunc(ctx, r.wake)
	return func() {
		stop()
		r.mu.Lock()
		r.intr = nil
		r.mu.Unlock()
	}
}

// watch arms the watcher for the messages about to be answered, unless a
// watch is armed already.
func (r *connReader) watch() {
	if r.state.Load() != watchIdle || r.err != nil {
		return
	}
	r.since.Store(r.dog.now())
	r.state.Store(watchArmed)
	r.dog.armedOne()
}

// startWatcher starts the watcher of an armed watch (the watchdog); a
// watch ended meanwhile stays ended. The state changes under mu, which
// unwatch takes when it finds the watch started: so the watcher is counted
// in watched before unwatch waits for it.
func (r *connReader) startWatcher() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.state.CompareAndSwap(watchArmed, watchStarted) {
		return
	}
	r.dog.armed.Add(-1)
	r.watched.Add(1)
	go r.watcher()
}

// unwatch ends the watch: the watcher, if it started, is woken and waited
// for, and what it read is kept for the next Read.
func (r *connReader) unwatch() {
	switch r.state.Load() {
	case watchIdle:
		return
	case watchArmed:
		if r.state.CompareAndSwap(watchArmed, watchIdle) {
			r.dog.armed.Add(-1)
			return
		}
	}
	r.mu.Lock()
	r.ending = true
	r.src.SetReadDeadline(aLongTimeAgo)
	r.setDL = aLongTimeAgo
	r.mu.Unlock()
	r.watched.Wait()
	r.ending = false
	r.state.Store(watchIdle)
	if len(r.pending) > 0 {
		r.cur = append(r.cur[:len(r.cur):len(r.cur)], r.pending...)
		r.pending = r.pending[:0]
	}
}

// watcher reads the socket while a message is answered, until unwatch, a
// socket error (which it reports through onFail) or readAhead chunks.
func (r *connReader) watcher() {
	defer r.watched.Done()
	if r.wbuf == nil {
		r.wbuf = make([]byte, readChunkSize)
	}
	for len(r.pending) < readAhead*readChunkSize {
		r.mu.Lock()
		if r.ending || r.woken() != nil {
			r.mu.Unlock()
			return
		}
		if !r.setDL.IsZero() {
			r.src.SetReadDeadline(time.Time{})
			r.setDL = time.Time{}
		}
		r.mu.Unlock()
		n, err := r.src.Read(r.wbuf)
		r.pending = append(r.pending, r.wbuf[:n]...)
		if err == nil {
			continue
		}
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return // unwatch, or a wake-up the next Read reports
		}
		r.err = err
		r.onFail(err)
		return
	}
}

// socketFailed reports whether the last Read failed because the socket did
// (as opposed to a malformed message found by the caller).
func (r *connReader) socketFailed() bool {
	return r.lastErr != nil && r.lastErr != errStopping && r.lastErr != errInterrupted
}

// close ends the reader; the caller closes the socket, which ends a read
// in progress.
func (r *connReader) close() {
	close(r.quit)
	if r.state.CompareAndSwap(watchArmed, watchIdle) {
		r.dog.armed.Add(-1)
	}
	r.dog.remove(r)
}
