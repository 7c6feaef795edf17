package server

import (
	"bytes"
	"context"
	"errors"
	"net/http"

	"github.com/dockademy/dockademy/internal/classroom/store"
)

type dashboardPage struct {
	Board *board
	CSRF  string
	Units []Unit // what the "current exercise" menu offers
}

func (s *Server) handleIndex(w http.ResponseWriter, r *http.Request) {
	if tok := r.URL.Query().Get("token"); tok != "" {
		s.login(w, r, tok)
		return
	}
	s.instructor(s.handleDashboard)(w, r)
}

func (s *Server) handleDashboard(w http.ResponseWriter, r *http.Request, a *auth) {
	b, err := s.boardFor(r, a)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	page := dashboardPage{Board: b, Units: b.Units}
	if a.session != nil {
		page.CSRF = a.session.CSRF
	}
	s.render(w, "dashboard", page)
}

func (s *Server) handleBoard(w http.ResponseWriter, r *http.Request, a *auth) {
	b, err := s.boardFor(r, a)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	s.render(w, "board", b)
}

func (s *Server) boardFor(r *http.Request, a *auth) (*board, error) {
	b, err := s.board(r.Context(), a.class)
	if err != nil {
		return nil, err
	}
	b.JoinURL = s.opts.PublicURL
	if b.JoinURL == "" {
		b.JoinURL = "http://" + r.Host
	}
	return b, nil
}

// handleSetCurrent is the one state change a dashboard makes: the exercise the class
// is on, which learners' dockademy then shows.
func (s *Server) handleSetCurrent(w http.ResponseWriter, r *http.Request, a *auth) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	if err := checkCSRF(r, a); err != nil {
		httpError(w, http.StatusForbidden, err.Error())
		return
	}
	unit := r.PostFormValue("exercise")
	if unit != "" && !s.knownUnit(unit) {
		httpError(w, http.StatusBadRequest, "no such exercise in the course")
		return
	}
	if err := s.st.SetCurrentExercise(r.Context(), a.class.ID, unit); err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	s.hub.Publish(a.class.ID, Update{Kind: "current", Unit: unit})
	if a.session == nil {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (s *Server) knownUnit(id string) bool {
	for _, u := range s.opts.Units {
		if u.ID == id {
			return true
		}
	}
	return len(s.opts.Units) == 0
}

type learnerPage struct {
	Learner store.Learner
	Units   []learnerUnit
}

type learnerUnit struct {
	ID, Title, Status string
	store.Progress
}

func (s *Server) handleLearner(w http.ResponseWriter, r *http.Request, a *auth) {
	s.learnerView(w, r, a, "learner")
}

func (s *Server) handleLearnerBoard(w http.ResponseWriter, r *http.Request, a *auth) {
	s.learnerView(w, r, a, "learner-board")
}

func (s *Server) learnerView(w http.ResponseWriter, r *http.Request, a *auth, tmpl string) {
	p, err := s.learnerPage(r.Context(), a.class, r.PathValue("id"))
	if errors.Is(err, store.ErrNotFound) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	s.render(w, tmpl, p)
}

func (s *Server) learnerPage(ctx context.Context, c *store.Class, id string) (*learnerPage, error) {
	// Listing the class (not looking the learner up alone) is what keeps one
	// class's instructor from reading another class's learner.
	ls, err := s.st.Learners(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	p := &learnerPage{}
	for _, l := range ls {
		if l.ID == id {
			p.Learner = l
		}
	}
	if p.Learner.ID == "" {
		return nil, store.ErrNotFound
	}
	ps, err := s.st.LearnerProgress(ctx, id)
	if err != nil {
		return nil, err
	}
	for _, pr := range ps {
		p.Units = append(p.Units, learnerUnit{ID: pr.Unit, Title: s.unitTitle(pr.Unit), Status: cellStatus(pr), Progress: pr})
	}
	return p, nil
}

// render executes a template into a buffer first, so that a failure half-way gives
// an error page, not half a page.
func (s *Server) render(w http.ResponseWriter, name string, data any) {
	var buf bytes.Buffer
	if err := s.tmpl.ExecuteTemplate(&buf, name, data); err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
}
