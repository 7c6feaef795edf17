package runner

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"sync"
)

// Session is one check run: it labels what it creates, remembers it, and removes it
// in Cleanup. Its methods are safe for concurrent use.
type Session struct {
	c     *Client
	opts  SessionOptions
	runID string

	mu         sync.Mutex
	containers []string          // created by Run and ReadFile, in order
	building   []string          // the classic builder's intermediate containers
	leftovers  []string          // untagged images of failed builds, oldest first
	untagged   []string          // images built without a tag
	tags       map[string]string // logical tag (normalised) -> private tag
	ports      map[string]string // logical host port -> actual host port (mapped sessions)
	readers    map[string]string // image ID -> a created (never started) container for ReadFile
	breaches   []Breach          // limits reached, see Breaches
}

// NewSession starts a session; it creates nothing on the engine until asked.
func (c *Client) NewSession(opts SessionOptions) *Session {
	if opts.Role == "" {
		opts.Role = "check"
	}
	return &Session{
		c:       c,
		opts:    opts,
		runID:   newRunID(),
		tags:    map[string]string{},
		ports:   map[string]string{},
		readers: map[string]string{},
	}
}

// RunID is the session's random id, the value of LabelRun on what it creates.
func (s *Session) RunID() string { return s.runID }

// Mapped reports whether the session uses private tags and ephemeral host ports.
func (s *Session) Mapped() bool { return s.opts.Mapped }

func newRunID() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// labels returns the labels for a new container or a private image.
func (s *Session) labels() map[string]string {
	l := map[string]string{
		LabelOwner:    ownerValue,
		LabelRun:      s.runID,
		LabelExercise: s.opts.Exercise,
		LabelPID:      strconv.Itoa(s.c.pid),
		LabelHost:     s.c.hostname,
		LabelRole:     s.opts.Role,
	}
	if s.opts.Keep {
		l[LabelKeep] = "true"
	}
	return l
}

// stableLabels are the labels of an image that a workspace build tags as the lesson
// asks. They carry no run, pid or host, so that building the same files twice yields
// the same image ID (the learner's containers keep matching `ancestor:`) and the
// layer cache holds; keep protects the tag from Sweep.
func (s *Session) stableLabels() map[string]string {
	return map[string]string{
		LabelOwner:    ownerValue,
		LabelExercise: s.opts.Exercise,
		LabelRole:     s.opts.Role,
		LabelKeep:     "true",
	}
}

const ownerValue = "dockademy"

func (s *Session) track(list *[]string, id string) {
	s.mu.Lock()
	*list = append(*list, id)
	s.mu.Unlock()
}

// readerLabels label ReadFile's placeholder containers, which nobody wants to keep.
func (s *Session) readerLabels() map[string]string {
	l := s.labels()
	delete(l, LabelKeep)
	return l
}
