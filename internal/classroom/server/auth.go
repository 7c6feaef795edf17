package server

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/dockademy/dockademy/internal/classroom"
	"github.com/dockademy/dockademy/internal/classroom/store"
)

const sessionCookie = "dockademy_session"

// auth is an authenticated instructor: their class, and their dashboard session when
// they came with the cookie rather than the bearer token.
type auth struct {
	class   *store.Class
	session *store.Session
}

// instructor lets a handler run only for the class's instructor: the bearer token
// (scripts, exports) or the session cookie that opening the instructor's link set.
func (s *Server) instructor(h func(http.ResponseWriter, *http.Request, *auth)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		a, err := s.authInstructor(r)
		if err != nil {
			if !errors.Is(err, store.ErrNotFound) {
				httpError(w, http.StatusInternalServerError, err.Error())
				return
			}
			httpError(w, http.StatusUnauthorized, "the instructor's token is needed: open the link that 'dockademy classroom serve' printed, or send Authorization: Bearer <token>")
			return
		}
		h(w, r, a)
	}
}

func (s *Server) authInstructor(r *http.Request) (*auth, error) {
	if tok, ok := bearer(r); ok {
		c, err := s.st.ClassByInstructorToken(r.Context(), tok)
		if err != nil {
			return nil, err
		}
		return &auth{class: c}, nil
	}
	ck, err := r.Cookie(sessionCookie)
	if err != nil || ck.Value == "" {
		return nil, store.ErrNotFound
	}
	se, err := s.st.Session(r.Context(), hashToken(ck.Value))
	if err != nil {
		return nil, err
	}
	c, err := s.st.ClassByID(r.Context(), se.ClassID)
	if err != nil {
		return nil, err
	}
	return &auth{class: c, session: se}, nil
}

// login turns the instructor's link (/?token=...) into a session cookie, so that the
// token leaves the address bar and the browser's history at once.
func (s *Server) login(w http.ResponseWriter, r *http.Request, token string) {
	c, err := s.st.ClassByInstructorToken(r.Context(), token)
	if errors.Is(err, store.ErrNotFound) {
		httpError(w, http.StatusUnauthorized, "this instructor link is not valid for this server")
		return
	}
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	id := randomToken(32)
	se := store.Session{ClassID: c.ID, CSRF: randomToken(24), CreatedAt: s.opts.Now().UTC()}
	if err := s.st.CreateSession(r.Context(), hashToken(id), se); err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: id, Path: "/",
		HttpOnly: true, Secure: r.TLS != nil,
		// Strict: no other site can make the browser send it, the first line of
		// defence against cross-site requests; the CSRF token and the Origin check
		// are the second and third.
		SameSite: http.SameSiteStrictMode,
		MaxAge:   int((7 * 24 * time.Hour).Seconds()),
	})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// checkCSRF guards a dashboard's state change. A bearer-token request needs no more:
// browsers never add that header on their own.
func checkCSRF(r *http.Request, a *auth) error {
	if a.session == nil {
		return nil
	}
	if o := r.Header.Get("Origin"); o != "" && !sameOrigin(o, r) {
		return errors.New("the request comes from another site")
	}
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
		return errors.New("the request comes from another site")
	}
	tok := r.Header.Get("X-CSRF-Token")
	if tok == "" {
		tok = r.PostFormValue("csrf")
	}
	if subtle.ConstantTimeCompare([]byte(tok), []byte(a.session.CSRF)) != 1 {
		return errors.New("the form is out of date: reload the dashboard and try again")
	}
	return nil
}

func sameOrigin(origin string, r *http.Request) bool {
	u, err := url.Parse(origin)
	return err == nil && u.Host == r.Host && (u.Scheme == "http" || u.Scheme == "https")
}

// learner lets a handler run only for the learner whose token came with the request,
// and only about themselves: the {id} in the path must be theirs.
func (s *Server) learner(h func(http.ResponseWriter, *http.Request, *store.Learner)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok, ok := bearer(r)
		if !ok {
			httpError(w, http.StatusUnauthorized, "the learner's token is needed: run 'dockademy join' first")
			return
		}
		l, err := s.st.LearnerByTokenHash(r.Context(), hashToken(tok))
		if errors.Is(err, store.ErrNotFound) {
			httpError(w, http.StatusUnauthorized, "this learner token is not known here: run 'dockademy leave', then 'dockademy join' again")
			return
		}
		if err != nil {
			httpError(w, http.StatusInternalServerError, err.Error())
			return
		}
		if r.PathValue("id") != l.ID {
			httpError(w, http.StatusForbidden, "a learner can only send their own events")
			return
		}
		h(w, r, l)
	}
}

func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(h, "Bearer ")
	tok = strings.TrimSpace(tok)
	return tok, ok && tok != ""
}

func httpError(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, classroom.ErrorResponse{Error: msg})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}
