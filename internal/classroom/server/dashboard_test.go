package server_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dockademy/dockademy/internal/classroom"
	"github.com/dockademy/dockademy/internal/classroom/server"
	"github.com/dockademy/dockademy/internal/events"
)

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
