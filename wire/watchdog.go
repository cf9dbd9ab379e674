package wire

import (
	"sync"
	"sync/atomic"
	"time"
)

// watchdog starts the watcher of a connection whose answer has run longer
// than watchAfter (connReader.watch, reader.go). One goroutine per Server
// does it for every connection, so that arming and ending a watch — once
// per extended-protocol cycle or Query — costs a few atomic operations: a
// runtime timer per connection would cost a timer-heap update per
// statement and, while another thread sleeps in the network poller, a
// wake-up of that thread to re-arm its sleep. The watchdog wakes once per
// watchAfter while some connection is answering and sleeps while none is,
// so a watcher starts between watchAfter and twice that after its watch.
type watchdog struct {
	epoch time.Time // watch times are durations since epoch (monotonic)
	armed atomic.Int64
	kick  chan struct{} // wakes the sleeping goroutine

	mu      sync.Mutex
	readers map[*connReader]struct{}
	running bool
}

func newWatchdog() *watchdog {
	return &watchdog{epoch: time.Now(), kick: make(chan struct{}, 1), readers: map[*connReader]struct{}{}}
}

// add makes r watched; the goroutine runs while some reader is added.
func (d *watchdog) add(r *connReader) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.readers[r] = struct{}{}
	if !d.running {
		d.running = true
		go d.run()
	}
}

func (d *watchdog) remove(r *connReader) {
	d.mu.Lock()
	delete(d.readers, r)
	d.mu.Unlock()
	d.wake() // so that it can end once none is left
}

func (d *watchdog) now() int64 { return int64(time.Since(d.epoch)) }

func (d *watchdog) wake() {
	select {
	case d.kick <- struct{}{}:
	default:
	}
}

// armedOne counts a watch armed; the first wakes the goroutine.
func (d *watchdog) armedOne() {
	if d.armed.Add(1) == 1 {
		d.wake()
	}
}

func (d *watchdog) run() {
	for {
		d.mu.Lock()
		if len(d.readers) == 0 {
			d.running = false
			d.mu.Unlock()
			return
		}
		d.mu.Unlock()
		if d.armed.Load() == 0 {
			<-d.kick
			continue
		}
		time.Sleep(watchAfter)
		d.scan()
	}
}

// scan starts the watcher of every watch armed for watchAfter or more.
func (d *watchdog) scan() {
	now := d.now()
	d.mu.Lock()
	defer d.mu.Unlock()
	for r := range d.readers {
		if r.state.Load() == watchArmed && now-r.since.Load() >= int64(watchAfter) {
			r.startWatcher()
		}
	}
}
