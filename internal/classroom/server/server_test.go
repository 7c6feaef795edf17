package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
