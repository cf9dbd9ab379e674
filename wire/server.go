package wire

import (
	"context"
	"net"
	"sync"
	"time"
)

// Server accepts PostgreSQL connections and serves each with the Handler.
type Server struct {
	cfg Config
	sec security // credentials, TLS and connection slots (auth.go)

	// base is the parent of every connection's context; Shutdown cancels it
	// with ErrServerShutdown.
	base     context.Context
	stopBase context.CancelCauseFunc

	mu        sync.Mutex
	stopping  bool
	addr      net.Addr
	listeners map[net.Listener]struct{}
	conns     map[*conn]struct{}
	byPID     map[uint32]*conn // connections past startup, for CancelRequest
	dog       *watchdog        // starts the watchers of long answers (watchdog.go)

	wg sync.WaitGroup // one per connection goroutine
}

// NewServer checks cfg and makes a Server; nothing listens until Serve or
// ListenAndServe.
func NewServer(cfg Config) (*Server, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	sec, err := newSecurity(cfg)
	if err != nil {
		return nil, err
	}
	cfg.Users = nil // only the derived credentials are kept
	base, stop := context.WithCancelCause(context.Background())
	return &Server{
		cfg:       cfg,
		sec:       sec,
		base:      base,
		stopBase:  stop,
		listeners: make(map[net.Listener]struct{}),
		conns:     make(map[*conn]struct{}),
		byPID:     make(map[uint32]*conn),
		dog:       newWatchdog(),
	}, nil
}

// ListenAndServe listens on Config.Listen and serves it until Shutdown.
func (s *Server) ListenAndServe() error {
	ln, err := net.Listen("tcp", s.cfg.Listen)
	if err != nil {
		return err
	}
	return s.Serve(ln)
}

// Serve accepts connections on ln until Shutdown, after which it returns nil.
// It closes ln when it returns.
func (s *Server) Serve(ln net.Listener) error {
	if err := s.checkListener(ln); err != nil {
		ln.Close()
		return err
	}
	if !s.addListener(ln) {
		ln.Close()
		return nil
	}
	defer s.removeListener(ln)
	var backoff time.Duration
	for {
		nc, err := ln.Accept()
		if err != nil {
			if s.isStopping() {
				return nil
			}
			if !isTemporary(err) {
				return err
			}
			backoff = nextBackoff(backoff)
			s.cfg.Logger.Warn("accept failed; retrying", "error", err, "in", backoff)
			time.Sleep(backoff)
			continue
		}
		backoff = 0
		s.start(nc)
	}
}

// Addr is the address of the first listener Serve was given, nil before.
func (s *Server) Addr() net.Addr {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addr
}

// Shutdown stops accepting, cancels running queries and ends every
// connection with FATAL 57P01, then waits for the connections to finish. If
// ctx ends first it closes the remaining sockets and returns ctx's error.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.stopping = true
	for ln := range s.listeners {
		ln.Close()
	}
	s.mu.Unlock()

	s.stopBase(ErrServerShutdown)
	// Connections still in the startup phase read the socket directly and
	// do not watch the context: wake them.
	s.eachConn(func(c *conn) { c.netConn.SetReadDeadline(time.Now()) })

	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		s.eachConn(func(c *conn) { c.netConn.Close() })
		return ctx.Err()
	}
}

// start serves nc on a new goroutine unless the server is stopping.
func (s *Server) start(nc net.Conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopping {
		nc.Close()
		return
	}
	c := newConn(s, nc)
	s.conns[c] = struct{}{}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		c.serve()
	}()
}

func (s *Server) addListener(ln net.Listener) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopping {
		return false
	}
	if s.addr == nil {
		s.addr = ln.Addr()
	}
	s.listeners[ln] = struct{}{}
	return true
}

func (s *Server) removeListener(ln net.Listener) {
	s.mu.Lock()
	delete(s.listeners, ln)
	s.mu.Unlock()
	ln.Close()
}

func (s *Server) isStopping() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stopping
}

// forget drops c from the server's tables once it has finished.
func (s *Server) forget(c *conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, c)
	if s.byPID[c.key.pid] == c {
		delete(s.byPID, c.key.pid)
	}
}

func (s *Server) eachConn(f func(*conn)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		f(c)
	}
}

// isTemporary reports whether an Accept error is worth retrying (too many
// open files, a connection aborted before it was accepted).
func isTemporary(err error) bool {
	t, ok := err.(interface{ Temporary() bool })
	return ok && t.Temporary()
}

func nextBackoff(d time.Duration) time.Duration {
	const first, max = 5 * time.Millisecond, time.Second
	switch {
	case d == 0:
		return first
	case 2*d > max:
		return max
	default:
		return 2 * d
	}
}

// connCount is the number of connections being served.
func (s *Server) connCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}
