package server_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dockademy/dockademy/assets"
	"github.com/dockademy/dockademy/checker"
	"github.com/dockademy/dockademy/internal/classroom"
	"github.com/dockademy/dockademy/internal/classroom/server"
	"github.com/dockademy/dockademy/internal/classroom/store"
	"github.com/dockademy/dockademy/internal/classroom/store/pgtest"
	"github.com/dockademy/dockademy/internal/events"
)

// class is a running server with its class, as an instructor has it.
type class struct {
	t     *testing.T
	url   string
	code  string
	token string
	st    store.Store
}

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}

func newClass(t *testing.T, opts server.Options) *class {
	t.Helper()
	return newClassOn(t, filepath.Join(t.TempDir(), "class.db"), opts)
}

// newClassOn is a class server over the store that dsn names.
func newClassOn(t *testing.T, dsn string, opts server.Options) *class {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	c, created, err := server.EnsureClass(ctx, st, false)
	require.NoError(t, err)
	require.True(t, created)
	if opts.Units == nil {
		opts.Units = []server.Unit{{ID: "basics/echo", Title: "Echo"}, {ID: "basics/quiz", Title: "Quiz", Quiz: true}}
	}
	opts.Assets = assets.FS()
	srv, err := server.New(st, opts)
	require.NoError(t, err)
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { srv.Close(); hs.Close() })
	return &class{t: t, url: hs.URL, code: c.JoinCode, token: c.InstructorToken, st: st}
}

func (c *class) do(method, path, token string, body any) (*http.Response, []byte) {
	c.t.Helper()
	var r io.Reader
	if b, ok := body.([]byte); ok {
		r = bytes.NewReader(b)
	} else if body != nil {
		b, err := json.Marshal(body)
		require.NoError(c.t, err)
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.url+path, r)
	require.NoError(c.t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func (c *class) join(name string) classroom.JoinResponse {
	c.t.Helper()
	resp, b := c.do("POST", "/api/join", "", classroom.JoinRequest{Code: strings.ToLower(c.code), Name: name})
	require.Equal(c.t, http.StatusCreated, resp.StatusCode, string(b))
	var j classroom.JoinResponse
	require.NoError(c.t, json.Unmarshal(b, &j))
	return j
}

func (c *class) post(l classroom.JoinResponse, evs ...events.Event) (int, classroom.EventsResponse) {
	c.t.Helper()
	resp, b := c.do("POST", "/api/learners/"+l.LearnerID+"/events", l.Token, classroom.EventsRequest{Events: evs})
	var er classroom.EventsResponse
	_ = json.Unmarshal(b, &er)
	return resp.StatusCode, er
}

func (c *class) export() []classroom.ExportRow {
	c.t.Helper()
	resp, b := c.do("GET", "/api/export.json", c.token, nil)
	require.Equal(c.t, http.StatusOK, resp.StatusCode, string(b))
	var rows []classroom.ExportRow
	require.NoError(c.t, json.Unmarshal(b, &rows))
	return rows
}

func check(unit string, passed bool) events.Event {
	e := events.New(events.Check, unit)
	st := checker.Failed
	if passed {
		st = checker.Passed
	}
	e.Check = &checker.Report{Exercise: unit, Passed: passed, Steps: []checker.StepResult{
		{Name: "http", Kind: "http", Status: st, Expected: "Hello Docker!!", Actual: "<b>connection refused</b>"},
	}}
	return e
}

func TestEventsAreCountedOnce(t *testing.T) {
	c := newClass(t, server.Options{})
	ann := c.join("Ann")
	first, second := check("basics/echo", false), check("basics/echo", true)

	code, r := c.post(ann, first)
	require.Equal(t, http.StatusOK, code)
	assert.Equal(t, 1, r.Added)
	// The acknowledgement was lost; the outbox sends the event again, with the next.
	code, r = c.post(ann, first, second)
	require.Equal(t, http.StatusOK, code)
	assert.Equal(t, classroom.EventsResponse{Received: 2, Added: 1}, r)

	rows := c.export()
	require.Len(t, rows, 1, "one row per learner and exercise; quizzes are not in the grid")
	assert.Equal(t, "Ann", rows[0].Learner)
	assert.Equal(t, "passed", rows[0].Status)
	assert.Equal(t, 2, rows[0].Attempts)
}

// TestOnPostgres is the same server on PostgreSQL, as a department would run it; the
// store suite covers the rest.
func TestOnPostgres(t *testing.T) {
	c := newClassOn(t, pgtest.Database(t), server.Options{})
	ann := c.join("Ann")
	e := check("basics/echo", true)
	for range 2 {
		code, _ := c.post(ann, e)
		require.Equal(t, http.StatusOK, code)
	}
	rows := c.export()
	require.Len(t, rows, 1)
	assert.Equal(t, 1, rows[0].Attempts)
	assert.Equal(t, "passed", rows[0].Status)
	hc, _ := c.browser()
	resp, err := hc.Get(c.url + "/board")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestLearnerPostsOnlyAboutThemselves(t *testing.T) {
	c := newClass(t, server.Options{})
	ann, bob := c.join("Ann"), c.join("Bob")
	tests := []struct {
		name    string
		learner string
		token   string
		want    int
	}{
		{"own token, own id", ann.LearnerID, ann.Token, http.StatusOK},
		{"own token, another's id", bob.LearnerID, ann.Token, http.StatusForbidden},
		{"no token", ann.LearnerID, "", http.StatusUnauthorized},
		{"unknown token", ann.LearnerID, "made-up", http.StatusUnauthorized},
		{"the instructor's token", ann.LearnerID, c.token, http.StatusUnauthorized},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, b := c.do("POST", "/api/learners/"+tc.learner+"/events", tc.token,
				classroom.EventsRequest{Events: []events.Event{check("basics/echo", true)}})
			assert.Equal(t, tc.want, resp.StatusCode, string(b))
		})
	}
	for _, r := range c.export() {
		if r.Learner == "Bob" {
			assert.Equal(t, 0, r.Attempts, "nothing was recorded for Bob")
		}
	}
}

func TestExportNeedsTheInstructor(t *testing.T) {
	c := newClass(t, server.Options{})
	ann := c.join("=cmd|' /C calc'!A0")
	c.post(ann, check("basics/echo", false))
	for _, path := range []string{"/api/export.csv", "/api/export.json", "/board", "/learners/" + ann.LearnerID, "/events"} {
		t.Run(path, func(t *testing.T) {
			resp, _ := c.do("GET", path, "", nil)
			assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
			resp, _ = c.do("GET", path, ann.Token, nil)
			assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "a learner's token opens nothing of the instructor's")
		})
	}
	resp, b := c.do("GET", "/api/export.csv", c.token, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	require.Len(t, lines, 2)
	assert.Equal(t, "learner,learner_id,exercise,status,attempts,hints,solution,last_time", lines[0])
	assert.True(t, strings.HasPrefix(lines[1], `'=cmd|`), "a name is never a spreadsheet formula: %s", lines[1])
	assert.Contains(t, lines[1], ",basics/echo,failing,1,0,false,")
}

func TestLearnerTextIsEscaped(t *testing.T) {
	c := newClass(t, server.Options{})
	x := c.join("<script>alert(1)</script>")
	c.post(x, check("basics/echo", false))
	for _, path := range []string{"/", "/board", "/learners/" + x.LearnerID} {
		_, b := c.do("GET", path, c.token, nil)
		page := string(b)
		assert.Contains(t, page, "&lt;script&gt;alert(1)&lt;/script&gt;", path)
		assert.NotContains(t, page, "<script>alert", path)
		assert.NotContains(t, page, "<b>connection", path)
	}
}

func TestJoin(t *testing.T) {
	c := newClass(t, server.Options{})
	c.join("Ann")
	tests := []struct {
		name string
		body any
		want int
	}{
		{"wrong code", classroom.JoinRequest{Code: "ZZZZZZ", Name: "Bob"}, http.StatusNotFound},
		{"name taken", classroom.JoinRequest{Code: c.code, Name: "Ann"}, http.StatusConflict},
		{"no name", classroom.JoinRequest{Code: c.code, Name: "  "}, http.StatusBadRequest},
		{"control characters", classroom.JoinRequest{Code: c.code, Name: "a\x1b[31mb"}, http.StatusBadRequest},
		{"name too long", classroom.JoinRequest{Code: c.code, Name: strings.Repeat("é", 65)}, http.StatusBadRequest},
		{"not JSON", []byte("code=x"), http.StatusBadRequest},
		{"body too big", []byte(`{"name":"` + strings.Repeat("a", 5000) + `"}`), http.StatusRequestEntityTooLarge},
		{"code typed with dashes", classroom.JoinRequest{Code: c.code[:3] + "-" + c.code[3:], Name: "Cem"}, http.StatusCreated},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, b := c.do("POST", "/api/join", "", tc.body)
			assert.Equal(t, tc.want, resp.StatusCode, string(b))
		})
	}
}

func TestJoinGuessingIsRateLimited(t *testing.T) {
	c := newClass(t, server.Options{})
	limited := 0
	for range 15 {
		resp, _ := c.do("POST", "/api/join", "", classroom.JoinRequest{Code: "AAAAAA", Name: "guess"})
		if resp.StatusCode == http.StatusTooManyRequests {
			limited++
		}
	}
	assert.Equal(t, 5, limited, "ten wrong codes are forgiven, then the address waits")
	resp, _ := c.do("POST", "/api/join", "", classroom.JoinRequest{Code: c.code, Name: "Ann"})
	assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode, "even the right code, or guessing would go on")
}

func TestEventsLimits(t *testing.T) {
	c := newClass(t, server.Options{})
	ann := c.join("Ann")
	many := make([]events.Event, classroom.MaxBatch+1)
	for i := range many {
		many[i] = check("basics/echo", false)
	}
	huge := check("basics/echo", false)
	huge.Check.Steps[0].Actual = strings.Repeat("x", classroom.MaxBody)
	noID := check("basics/echo", false)
	noID.ID = ""
	badKind := check("basics/echo", false)
	badKind.Kind = "party"
	tests := []struct {
		name string
		evs  []events.Event
		want int
	}{
		{"too many", many, http.StatusRequestEntityTooLarge},
		{"too big", []events.Event{huge}, http.StatusRequestEntityTooLarge},
		{"no ID", []events.Event{noID}, http.StatusBadRequest},
		{"unknown kind", []events.Event{badKind}, http.StatusBadRequest},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _ := c.post(ann, tc.evs...)
			assert.Equal(t, tc.want, code)
		})
	}
	assert.Equal(t, 0, c.export()[0].Attempts, "a refused batch stores nothing")
}

// browser is the instructor's browser: it follows the login link and keeps the cookie.
func (c *class) browser() (*http.Client, string) {
	c.t.Helper()
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return nil }}
	resp, err := hc.Get(c.url + "/?token=" + url.QueryEscape(c.token))
	require.NoError(c.t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	require.Equal(c.t, http.StatusOK, resp.StatusCode, string(b))
	assert.Equal(c.t, "/", resp.Request.URL.Path, "the token leaves the address bar")
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindSubmatch(b)
	require.NotNil(c.t, m, "the form carries a CSRF token")
	return hc, string(m[1])
}

func TestSetCurrentExerciseIsProtected(t *testing.T) {
	c := newClass(t, server.Options{})
	ann := c.join("Ann")
	hc, csrf := c.browser()
	form := func(csrf, exercise string) string {
		return url.Values{"csrf": {csrf}, "exercise": {exercise}}.Encode()
	}
	tests := []struct {
		name    string
		body    string
		headers map[string]string
		want    int
		current string
	}{
		{"no CSRF token", form("", "basics/echo"), nil, http.StatusForbidden, ""},
		{"wrong CSRF token", form("guess", "basics/echo"), nil, http.StatusForbidden, ""},
		{"from another site", form(csrf, "basics/echo"), map[string]string{"Origin": "http://evil.example"}, http.StatusForbidden, ""},
		{"cross-site fetch", form(csrf, "basics/echo"), map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden, ""},
		{"unknown exercise", form(csrf, "nope/nope"), nil, http.StatusBadRequest, ""},
		{"from the dashboard", form(csrf, "basics/echo"), map[string]string{"Origin": c.url, "Sec-Fetch-Site": "same-origin"}, http.StatusOK, "basics/echo"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", c.url+"/current", strings.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for k, v := range tc.headers {
				req.Header.Set(k, v)
			}
			resp, err := hc.Do(req)
			require.NoError(t, err)
			resp.Body.Close()
			assert.Equal(t, tc.want, resp.StatusCode)
			r, b := c.do("GET", "/api/learners/"+ann.LearnerID+"/status", ann.Token, nil)
			require.Equal(t, http.StatusOK, r.StatusCode)
			var st classroom.StatusResponse
			require.NoError(t, json.Unmarshal(b, &st))
			assert.Equal(t, tc.current, st.CurrentExercise)
		})
	}
	// A script with the bearer token needs no CSRF token: no browser adds that header.
	req, _ := http.NewRequest("POST", c.url+"/current", strings.NewReader("exercise="))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
}

func TestBoardShowsWhoNeedsHelp(t *testing.T) {
	c := newClass(t, server.Options{HelpAttempts: 3})
	ann, bob, cem := c.join("Ann"), c.join("Bob"), c.join("Cem")
	c.post(ann, check("basics/echo", true))
	c.post(bob, check("basics/echo", false), check("basics/echo", false), check("basics/echo", false))
	doc := events.New(events.Doctor, "")
	doc.Doctor = &events.DoctorResult{Problems: []events.Problem{{Check: "engine", Message: "cannot reach the Docker Engine", Remedy: "start Docker Desktop"}}}
	c.post(cem, doc)

	_, b := c.do("GET", "/board", c.token, nil)
	page := string(b)
	help := between(page, `id="needs-help"`, "</section>")
	assert.Contains(t, help, "Bob")
	assert.Contains(t, help, "3 attempts")
	assert.NotContains(t, help, "Ann")
	doctor := between(page, `id="doctor"`, "</section>")
	assert.Contains(t, doctor, "Cem")
	assert.Contains(t, doctor, "cannot reach the Docker Engine")
	assert.Contains(t, page, "✔")
	assert.Contains(t, page, "✘ 3")

	_, b = c.do("GET", "/learners/"+bob.LearnerID, c.token, nil)
	assert.Contains(t, string(b), "Hello Docker!!", "the instructor sees the expected value the learner saw")
	assert.Contains(t, string(b), "&lt;b&gt;connection refused&lt;/b&gt;")
}

func between(s, from, to string) string {
	_, after, _ := strings.Cut(s, from)
	before, _, _ := strings.Cut(after, to)
	return before
}

func TestDashboardStreamsUpdates(t *testing.T) {
	c := newClass(t, server.Options{})
	ann := c.join("Ann")
	req, _ := http.NewRequest("GET", c.url+"/events", nil)
	req.Header.Set("Authorization", "Bearer "+c.token)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp, err := http.DefaultClient.Do(req.WithContext(ctx))
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, "text/event-stream", resp.Header.Get("Content-Type"))
	rd := bufio.NewReader(resp.Body)
	next := func() (string, string) {
		var ev, data string
		for {
			line, err := rd.ReadString('\n')
			require.NoError(t, err)
			line = strings.TrimRight(line, "\n")
			switch {
			case line == "" && ev != "":
				return ev, data
			case strings.HasPrefix(line, "event: "):
				ev = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				data = strings.TrimPrefix(line, "data: ")
			}
		}
	}
	ev, _ := next()
	require.Equal(t, "hello", ev)
	e := check("basics/echo", true)
	c.post(ann, e)
	ev, data := next()
	assert.Equal(t, "update", ev)
	var u server.Update
	require.NoError(t, json.Unmarshal([]byte(data), &u))
	assert.Equal(t, server.Update{Kind: "check", Learner: ann.LearnerID, Unit: "basics/echo", ID: e.ID}, u)
}

func TestHubDropsSlowDashboards(t *testing.T) {
	h := server.NewHub(2, 3)
	slow, err := h.Subscribe("c1")
	require.NoError(t, err)
	other, err := h.Subscribe("c2")
	require.NoError(t, err)
	_, err = h.Subscribe("c1")
	assert.ErrorIs(t, err, server.ErrTooManyDashboards)

	for range 4 {
		h.Publish("c1", server.Update{Kind: "check"})
	}
	n := 0
	for range slow.C {
		n++
	}
	assert.Equal(t, 3, n, "a full buffer drops the subscriber; its channel closes after what it had")
	assert.Empty(t, other.C, "other classes' dashboards hear nothing")
	assert.Equal(t, 1, h.Len())
	h.Unsubscribe(slow) // after a drop: harmless
	h.Close()
	_, ok := <-other.C
	assert.False(t, ok)
}
