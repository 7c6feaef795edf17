package classroom

import (
	"context"
	"sync"
	"time"

	"github.com/dockademy/dockademy/internal/events"
)

// deliveryTimeout bounds one background delivery; the learner never waits for it
// longer than the grace the command gives it in Wait.
const deliveryTimeout = 30 * time.Second

// Sink records a learner's events for the class: Record writes the event to the
// outbox (synchronously, durably) and delivery runs in the background. It never fails
// a learner's command because the server is away: Record fails only when the event
// could not be written to the workspace.
type Sink struct {
	stateDir string

	mu      sync.Mutex
	running bool
	again   bool
	done    chan struct{} // closed when the running delivery ends
	lastErr error
}

// NewSink is the sink of the workspace whose state folder is stateDir. If earlier
// commands left events in the outbox (the server was away), it starts delivering them
// at once: that is the automatic retry.
func NewSink(stateDir string) *Sink {
	s := &Sink{stateDir: stateDir}
	if n, err := OpenOutbox(stateDir).Len(); err == nil && n > 0 {
		s.kick()
	}
	return s
}

// Record implements events.Sink.
func (s *Sink) Record(ctx context.Context, e events.Event) error {
	if err := OpenOutbox(s.stateDir).Add(e); err != nil {
		return err
	}
	s.kick()
	return nil
}

// kick starts a delivery, or asks the running one to go round once more so that it
// also takes the event just added.
func (s *Sink) kick() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running {
		s.again = true
		return
	}
	s.running, s.done = true, make(chan struct{})
	go s.deliver()
}

func (s *Sink) deliver() {
	for {
		ctx, cancel := context.WithTimeout(context.Background(), deliveryTimeout)
		_, err := Flush(ctx, s.stateDir)
		cancel()
		s.mu.Lock()
		s.lastErr = err
		if !s.again || err != nil {
			s.running = false
			close(s.done)
			s.mu.Unlock()
			return
		}
		s.again = false
		s.mu.Unlock()
	}
}

// Wait gives the background delivery until ctx ends to finish, and returns its error
// (nil also when nothing was running). A command calls it last, with a deadline of a
// second or two: whatever is not delivered by then stays in the outbox for the next
// command or `dockademy classroom flush`.
func (s *Sink) Wait(ctx context.Context) error {
	s.mu.Lock()
	running, done := s.running, s.done
	s.mu.Unlock()
	if running {
		select {
		case <-done:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastErr
}
