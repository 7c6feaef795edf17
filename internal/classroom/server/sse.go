package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// ErrTooManyDashboards is returned by Subscribe when the hub is full.
var ErrTooManyDashboards = errors.New("too many dashboards are open")

// Update is what a dashboard's event stream says: something changed for a learner.
// The page then fetches its board again; a load test matches ID to measure latency.
type Update struct {
	Kind    string `json:"kind"` // an event kind, "join" or "current"
	Learner string `json:"learner,omitempty"`
	Unit    string `json:"unit,omitempty"`
	ID      string `json:"id,omitempty"`
}

// Hub fans updates out to the dashboards of a class. Memory is bounded: at most max
// subscribers, each with a buffer of buf messages. A subscriber that falls a whole
// buffer behind is dropped rather than waited for (its browser reconnects and reloads
// the board), so one slow dashboard never slows learners' posts.
type Hub struct {
	mu     sync.Mutex
	subs   map[*Sub]struct{}
	max    int
	buf    int
	closed bool
}

// Sub is one dashboard's subscription; C closes when it is dropped.
type Sub struct {
	class string
	C     chan []byte
}

// NewHub makes a hub for up to max subscribers with buf messages each.
func NewHub(max, buf int) *Hub {
	return &Hub{subs: map[*Sub]struct{}{}, max: max, buf: buf}
}

// Subscribe adds a dashboard of class.
func (h *Hub) Subscribe(class string) (*Sub, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed || len(h.subs) >= h.max {
		return nil, ErrTooManyDashboards
	}
	s := &Sub{class: class, C: make(chan []byte, h.buf)}
	h.subs[s] = struct{}{}
	return s, nil
}

// Unsubscribe removes s; it is safe to call after s was dropped.
func (h *Hub) Unsubscribe(s *Sub) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.subs[s]; ok {
		delete(h.subs, s)
		close(s.C)
	}
}

// Publish sends u to every dashboard of class without ever blocking.
func (h *Hub) Publish(class string, u Update) {
	b, _ := json.Marshal(u)
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs {
		if s.class != class {
			continue
		}
		select {
		case s.C <- b:
		default:
			delete(h.subs, s)
			close(s.C)
		}
	}
}

// Len is the number of subscribers.
func (h *Hub) Len() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}

// Close drops every subscriber and refuses new ones.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for s := range h.subs {
		delete(h.subs, s)
		close(s.C)
	}
}

// sseWriteTimeout bounds each write to a dashboard, since the stream has no overall
// write timeout: a peer that stopped reading frees its goroutine after this long.
const sseWriteTimeout = 10 * time.Second

// handleSSE streams the class's updates to a dashboard.
func (s *Server) handleSSE(w http.ResponseWriter, r *http.Request, a *auth) {
	sub, err := s.hub.Subscribe(a.class.ID)
	if err != nil {
		httpError(w, http.StatusServiceUnavailable, err.Error())
		return
	}
	defer s.hub.Unsubscribe(sub)
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	write := func(format string, args ...any) bool {
		_ = rc.SetWriteDeadline(time.Now().Add(sseWriteTimeout))
		if _, err := fmt.Fprintf(w, format, args...); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	// retry: how soon EventSource reconnects after a drop; hello: the subscription
	// is live, so a client knows that what happens next will reach it.
	if !write("retry: 2000\nevent: hello\ndata: {}\n\n") {
		return
	}
	ping := time.NewTicker(15 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case msg, ok := <-sub.C:
			if !ok {
				return
			}
			// Write what else is queued too before flushing: a burst of a whole
			// class's checks then costs one flush, not one each.
			var buf bytes.Buffer
			fmt.Fprintf(&buf, "event: update\ndata: %s\n\n", msg)
		drain:
			for buf.Len() < 64<<10 {
				select {
				case more, ok := <-sub.C:
					if !ok {
						break drain // dropped: send what came before, then stop
					}
					fmt.Fprintf(&buf, "event: update\ndata: %s\n\n", more)
				default:
					break drain
				}
			}
			if !write("%s", buf.Bytes()) {
				return
			}
		case <-ping.C:
			// A comment keeps proxies and NATs from closing an idle stream.
			if !write(": ping\n\n") {
				return
			}
		}
	}
}
