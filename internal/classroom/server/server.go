// Package server is the class server: learners join and send their events, and the
// instructor watches a dashboard (server-rendered HTML, updated live over server-sent
// events) and exports the class's progress. Its state is all in a store.Store, so a
// restarted server carries on where it stopped.
package server

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net"
	"net/http"
	"time"

	"github.com/dockademy/dockademy/internal/classroom/store"
)

// Unit is a column the dashboard knows from the course.
type Unit struct {
	ID    string // "<lesson-id>/<unit-id>"
	Title string
	Quiz  bool // quizzes show on the learner's page, not in the grid
}

// Options configure a Server. The zero value of each field has a sensible default.
type Options struct {
	Units []Unit
	// Assets holds templates/classroom/*.html and static/classroom/*.
	Assets fs.FS
	// PublicURL is the address learners join, shown on the dashboard; the default is
	// the one the dashboard was opened with.
	PublicURL string
	// A learner needs help on an exercise when it has been failing for HelpAfter, or
	// after HelpAttempts failed checks, or HelpHints hints.
	HelpAfter    time.Duration
	HelpAttempts int
	HelpHints    int
	// MaxDashboards bounds the live connections (server-sent events) at once.
	MaxDashboards int
	Now           func() time.Time
}

// Server serves one store's classes.
type Server struct {
	st    store.Store
	opts  Options
	tmpl  *template.Template
	hub   *Hub
	joins *limiter
	mux   *http.ServeMux
}

// New makes a server over st.
func New(st store.Store, opts Options) (*Server, error) {
	if opts.HelpAfter == 0 {
		opts.HelpAfter = 10 * time.Minute
	}
	if opts.HelpAttempts == 0 {
		opts.HelpAttempts = 5
	}
	if opts.HelpHints == 0 {
		opts.HelpHints = 3
	}
	if opts.MaxDashboards == 0 {
		opts.MaxDashboards = 256
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Assets == nil {
		return nil, errors.New("the class server needs its templates")
	}
	tmpl, err := template.New("").Funcs(funcs).ParseFS(opts.Assets, "templates/classroom/*.html")
	if err != nil {
		return nil, fmt.Errorf("could not load the dashboard's templates: %w", err)
	}
	static, err := fs.Sub(opts.Assets, "static")
	if err != nil {
		return nil, err
	}
	s := &Server{
		st:    st,
		opts:  opts,
		tmpl:  tmpl,
		hub:   NewHub(opts.MaxDashboards, 256),
		joins: newLimiter(10, 6*time.Second, 4096, opts.Now),
		mux:   http.NewServeMux(),
	}
	s.routes(http.FileServerFS(static))
	return s, nil
}

func (s *Server) routes(static http.Handler) {
	m := s.mux
	m.HandleFunc("POST /api/join", s.handleJoin)
	m.HandleFunc("POST /api/learners/{id}/events", s.learner(s.handleEvents))
	m.HandleFunc("GET /api/learners/{id}/status", s.learner(s.handleStatus))
	m.HandleFunc("GET /api/export.csv", s.instructor(s.handleExportCSV))
	m.HandleFunc("GET /api/export.json", s.instructor(s.handleExportJSON))
	m.HandleFunc("GET /{$}", s.handleIndex)
	m.HandleFunc("GET /board", s.instructor(s.handleBoard))
	m.HandleFunc("GET /learners/{id}", s.instructor(s.handleLearner))
	m.HandleFunc("GET /learners/{id}/board", s.instructor(s.handleLearnerBoard))
	m.HandleFunc("POST /current", s.instructor(s.handleSetCurrent))
	m.HandleFunc("GET /events", s.instructor(s.handleSSE))
	m.Handle("GET /static/", http.StripPrefix("/static/", static))
}

// Handler is the whole server, with the security headers every answer carries.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		// No inline script or style anywhere, so injected markup could not run even if
		// escaping failed somewhere.
		h.Set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		// same-origin, not no-referrer: with no-referrer browsers send "Origin: null"
		// on form posts, and the CSRF check reads Origin.
		h.Set("Referrer-Policy", "same-origin")
		s.mux.ServeHTTP(w, r)
	})
}

// Close ends the live connections.
func (s *Server) Close() { s.hub.Close() }

// Serve answers on l until ctx ends, then shuts down gracefully.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	hs := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    16 << 10,
		// No WriteTimeout: it would cut the dashboards' event streams. Each write of
		// a stream has its own deadline instead (sse.go).
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(l) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.Close()
	shut, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shut); err != nil {
		hs.Close()
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
