package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dockademy/dockademy/internal/classroom"
	"github.com/dockademy/dockademy/internal/classroom/store"
	"github.com/dockademy/dockademy/internal/events"
)

func (s *Server) handleJoin(w http.ResponseWriter, r *http.Request) {
	addr := clientAddr(r)
	if !s.joins.Allow(addr) {
		w.Header().Set("Retry-After", "60")
		httpError(w, http.StatusTooManyRequests, "too many wrong join codes from this address: wait a minute and check the code on the instructor's screen")
		return
	}
	var req classroom.JoinRequest
	if !decode(w, r, classroom.MaxJoinBody, &req) {
		return
	}
	name, err := validName(req.Name)
	if err != nil {
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	c, err := s.st.ClassByCode(r.Context(), classroom.NormalizeCode(req.Code))
	if errors.Is(err, store.ErrNotFound) {
		s.joins.Fail(addr)
		httpError(w, http.StatusNotFound, "no class has this join code: check it on the instructor's screen")
		return
	}
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	tok := randomToken(32)
	l := store.Learner{ID: randomToken(9), ClassID: c.ID, Name: name, JoinedAt: s.opts.Now().UTC()}
	err = s.st.AddLearner(r.Context(), l, hashToken(tok))
	if errors.Is(err, store.ErrNameTaken) {
		httpError(w, http.StatusConflict, fmt.Sprintf("someone in this class already joined as %q: choose another name (add your last name's initial, say)", name))
		return
	}
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	s.hub.Publish(c.ID, Update{Kind: "join", Learner: l.ID})
	writeJSON(w, http.StatusCreated, classroom.JoinResponse{LearnerID: l.ID, Token: tok, Name: name, CurrentExercise: c.CurrentExercise})
}

// validName accepts what people are called, in any script, but no control characters
// (which would garble the dashboard and the CSV) and nothing longer than a line.
func validName(n string) (string, error) {
	n = strings.TrimSpace(n)
	switch {
	case n == "":
		return "", errors.New("a name is needed: --name <your name>")
	case !utf8.ValidString(n):
		return "", errors.New("the name is not valid UTF-8")
	case utf8.RuneCountInString(n) > classroom.MaxName:
		return "", fmt.Errorf("the name is longer than %d characters", classroom.MaxName)
	case strings.IndexFunc(n, unicode.IsControl) >= 0:
		return "", errors.New("the name has control characters")
	}
	return n, nil
}

func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request, l *store.Learner) {
	var req classroom.EventsRequest
	if !decode(w, r, classroom.MaxBody, &req) {
		return
	}
	if len(req.Events) > classroom.MaxBatch {
		httpError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("at most %d events at once", classroom.MaxBatch))
		return
	}
	now := s.opts.Now().UTC()
	for i := range req.Events {
		e := &req.Events[i]
		if err := validEvent(e); err != nil {
			httpError(w, http.StatusBadRequest, err.Error())
			return
		}
		if e.Time.IsZero() {
			e.Time = now
		}
	}
	// Acknowledge only after the commit: what the learner's outbox deletes on this
	// answer is on disk here.
	added, err := s.st.AddEvents(r.Context(), l, req.Events)
	if err != nil {
		httpError(w, http.StatusServiceUnavailable, err.Error())
		return
	}
	for _, e := range added {
		s.hub.Publish(l.ClassID, Update{Kind: string(e.Kind), Learner: l.ID, Unit: store.UnitOf(e), ID: e.ID})
	}
	c, err := s.st.ClassByID(r.Context(), l.ClassID)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, classroom.EventsResponse{Received: len(req.Events), Added: len(added), CurrentExercise: c.CurrentExercise})
}

func validEvent(e *events.Event) error {
	if e.ID == "" || len(e.ID) > classroom.MaxEventID {
		return fmt.Errorf("an event needs an ID of 1 to %d characters", classroom.MaxEventID)
	}
	switch e.Kind {
	case events.Check, events.Quiz, events.Hint, events.Solution, events.Doctor, events.Reset:
	default:
		return fmt.Errorf("event %s: unknown kind %q", e.ID, e.Kind)
	}
	if len(e.Unit) > 200 {
		return fmt.Errorf("event %s: unit name too long", e.ID)
	}
	return nil
}

func (s *Server) handleStatus(w http.ResponseWriter, r *http.Request, l *store.Learner) {
	c, err := s.st.ClassByID(r.Context(), l.ClassID)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, classroom.StatusResponse{Name: l.Name, CurrentExercise: c.CurrentExercise})
}

// decode reads a JSON body of at most limit bytes into v, or answers with an error.
func decode(w http.ResponseWriter, r *http.Request, limit int64, v any) bool {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	err := json.NewDecoder(r.Body).Decode(v)
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		httpError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the request is larger than %d bytes", limit))
		return false
	case err != nil:
		httpError(w, http.StatusBadRequest, "the request is not valid JSON: "+err.Error())
		return false
	}
	return true
}

// clientAddr is the peer's IP: the rate limit is per machine, not per connection. The
// server is meant for a LAN without proxies, so X-Forwarded-For is not trusted.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
