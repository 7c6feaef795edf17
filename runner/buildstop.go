package runner

import (
	"context"
	"sync"
	"time"
)

// stopWait bounds how long an interrupted build may take to end on the engine before
// the request is closed anyway.
const stopWait = 10 * time.Second

// buildStopper ends a classic build when its context ends (Ctrl-C, the step's time
// limit) without losing track of it. Closing the request would not stop the builder
// at once: it would finish its step and commit a layer that nobody hears of, left
// behind unlabelled. So the request lives on: the running step's container is removed
// (a kill would miss one that is created but not yet started, and the builder would go
// on), so is that of any step that starts after, and the stream is read to its end,
// which names every layer the build made.
type buildStopper struct {
	s         *Session
	cancelReq context.CancelFunc // closes the request
	ended     chan struct{}      // the stream was read to its end

	mu        sync.Mutex
	responded bool   // the engine started answering: the build is under way
	current   string // the running step's container
	stopping  bool
}

// watch stops the build once ctx ends, until end is called.
func (b *buildStopper) watch(ctx context.Context) {
	go func() {
		select {
		case <-b.ended:
			return
		case <-ctx.Done():
		}
		b.mu.Lock()
		b.stopping = true
		responded, current := b.responded, b.current
		b.mu.Unlock()
		if !responded {
			// Still sending the context: nothing is built yet.
			b.cancelReq()
			return
		}
		b.remove(current)
		select {
		case <-b.ended:
		case <-time.After(stopWait):
			b.cancelReq()
		}
	}()
}

func (b *buildStopper) started() {
	b.mu.Lock()
	b.responded = true
	b.mu.Unlock()
}

// running hears of each step's container; one that starts while stopping is removed.
func (b *buildStopper) running(id string) {
	b.mu.Lock()
	b.current = id
	stopping := b.stopping
	b.mu.Unlock()
	if stopping {
		b.remove(id)
	}
}

func (b *buildStopper) remove(id string) {
	if id == "" {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), stopWait)
	defer cancel()
	_ = b.s.c.removeContainer(ctx, id)
}

func (b *buildStopper) end() { close(b.ended) }
