package classroom_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dockademy/dockademy/assets"
	"github.com/dockademy/dockademy/checker"
	"github.com/dockademy/dockademy/internal/classroom"
	"github.com/dockademy/dockademy/internal/classroom/server"
	"github.com/dockademy/dockademy/internal/classroom/store"
	"github.com/dockademy/dockademy/internal/events"
)

type class struct {
	url, code, token string
	srv              *server.Server
}

func startClass(t *testing.T) *class {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "class.db"))
	require.NoError(t, err)
	c, _, err := server.EnsureClass(ctx, st, false)
	require.NoError(t, err)
	srv, err := server.New(st, server.Options{Assets: assets.FS(), Units: []server.Unit{{ID: "l/x"}, {ID: "l/y"}}})
	require.NoError(t, err)
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { srv.Close(); hs.Close(); st.Close() })
	return &class{url: hs.URL, code: c.JoinCode, token: c.InstructorToken, srv: srv}
}

func (c *class) export(t *testing.T) map[string]classroom.ExportRow {
	t.Helper()
	req, _ := http.NewRequest("GET", c.url+"/api/export.json", nil)
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var rows []classroom.ExportRow
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&rows))
	m := map[string]classroom.ExportRow{}
	for _, r := range rows {
		m[r.Learner+" "+r.Exercise] = r
	}
	return m
}

// joined is a workspace's state folder that joined the class at base.
func joined(t *testing.T, base, code, name string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), ".dockademy")
	cfg, err := classroom.Join(context.Background(), base, code, name)
	require.NoError(t, err)
	require.NoError(t, classroom.Save(dir, cfg))
	return dir
}

func checkEvent(unit string, passed bool) events.Event {
	e := events.New(events.Check, unit)
	e.Check = &checker.Report{Exercise: unit, Passed: passed, Steps: []checker.StepResult{{Name: "s", Status: checker.Failed}}}
	return e
}

func TestJoinAndDeliver(t *testing.T) {
	c := startClass(t)
	dir := joined(t, strings.TrimPrefix(c.url, "http://")+"/", c.code, "Ann") // as typed: no scheme, a slash
	cfg, err := classroom.Load(dir)
	require.NoError(t, err)
	assert.Equal(t, c.url, cfg.URL)
	info, err := os.Stat(filepath.Join(dir, "classroom.json"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "the token is the learner's alone")

	ob := classroom.OpenOutbox(dir)
	for i := range 3 {
		require.NoError(t, ob.Add(checkEvent("l/x", i == 2)))
	}
	res, err := classroom.Flush(context.Background(), dir)
	require.NoError(t, err)
	assert.Equal(t, classroom.FlushResult{Sent: 3}, res)
	n, _ := ob.Len()
	assert.Zero(t, n)
	row := c.export(t)["Ann l/x"]
	assert.Equal(t, "passed", row.Status)
	assert.Equal(t, 3, row.Attempts)

	_, err = classroom.Join(context.Background(), c.url, "WRONG1", "Bob")
	var ae *classroom.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, http.StatusNotFound, ae.Status)
	assert.Contains(t, ae.Message, "join code")
}

// flaky stands between learners and the server: it can be down, or pass requests on
// and then lose the answer, as a dropped Wi-Fi does.
type flaky struct {
	down, loseAnswer atomic.Bool
	proxy            *httputil.ReverseProxy
}

func (f *flaky) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if f.down.Load() {
		http.Error(w, "down", http.StatusBadGateway)
		return
	}
	if f.loseAnswer.Load() {
		f.proxy.ServeHTTP(httptest.NewRecorder(), r)
		http.Error(w, "lost", http.StatusBadGateway)
		return
	}
	f.proxy.ServeHTTP(w, r)
}

func TestNothingLostNothingTwice(t *testing.T) {
	c := startClass(t)
	u, _ := url.Parse(c.url)
	f := &flaky{proxy: httputil.NewSingleHostReverseProxy(u)}
	front := httptest.NewServer(f)
	defer front.Close()
	dir := joined(t, front.URL, c.code, "Ann")
	ob := classroom.OpenOutbox(dir)

	f.down.Store(true)
	for range 4 {
		require.NoError(t, ob.Add(checkEvent("l/x", false)))
	}
	res, err := classroom.Flush(context.Background(), dir)
	require.Error(t, err)
	assert.Equal(t, 4, res.Pending)

	f.down.Store(false)
	f.loseAnswer.Store(true) // the server stores them; the learner never hears so
	_, err = classroom.Flush(context.Background(), dir)
	require.Error(t, err)
	assert.Equal(t, 4, c.export(t)["Ann l/x"].Attempts)

	f.loseAnswer.Store(false)
	require.NoError(t, ob.Add(checkEvent("l/x", true)))
	res, err = classroom.Flush(context.Background(), dir)
	require.NoError(t, err)
	assert.Equal(t, 5, res.Sent, "the four are sent again")
	assert.Zero(t, res.Pending)
	row := c.export(t)["Ann l/x"]
	assert.Equal(t, 5, row.Attempts, "and counted once")
	assert.Equal(t, "passed", row.Status)
}

func TestUndeliverableEventIsSetAside(t *testing.T) {
	c := startClass(t)
	dir := joined(t, c.url, c.code, "Ann")
	ob := classroom.OpenOutbox(dir)
	bad := checkEvent("l/x", false)
	bad.Kind = "from-a-newer-dockademy"
	require.NoError(t, ob.Add(checkEvent("l/x", false)))
	require.NoError(t, ob.Add(bad))
	require.NoError(t, ob.Add(checkEvent("l/y", true)))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "outbox", "00000000000000000001-junk.json"), []byte("{"), 0o644))

	res, err := classroom.Flush(context.Background(), dir)
	require.NoError(t, err)
	assert.Equal(t, 2, res.Sent)
	assert.Equal(t, 1, res.Rejected)
	rejected, _ := filepath.Glob(filepath.Join(dir, "outbox", "*.rejected"))
	assert.Len(t, rejected, 2, "the refused event and the file that is no event")
	rows := c.export(t)
	assert.Equal(t, 1, rows["Ann l/x"].Attempts)
	assert.Equal(t, "passed", rows["Ann l/y"].Status)
}

func TestSinkNeverBlocksTheLearner(t *testing.T) {
	c := startClass(t)
	// A server that accepts the connection and never answers: the worst case.
	release := make(chan struct{})
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer hang.Close()
	defer close(release)
	dir := joined(t, c.url, c.code, "Ann")
	cfg, _ := classroom.Load(dir)
	cfg.URL = hang.URL
	require.NoError(t, classroom.Save(dir, cfg))

	sink := classroom.NewSink(dir)
	start := time.Now()
	require.NoError(t, sink.Record(context.Background(), checkEvent("l/x", false)))
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	assert.ErrorIs(t, sink.Wait(ctx), context.DeadlineExceeded)
	// Not a timing assertion on the server: the bound is the learner's own deadline.
	assert.Less(t, time.Since(start), 5*time.Second)

	// The next command, with the server back, delivers by itself.
	cfg.URL = c.url
	require.NoError(t, classroom.Save(dir, cfg))
	sink = classroom.NewSink(dir)
	require.NoError(t, sink.Wait(context.Background()))
	assert.Equal(t, 1, c.export(t)["Ann l/x"].Attempts)
}

func TestCurrentExercise(t *testing.T) {
	c := startClass(t)
	dir := joined(t, c.url, c.code, "Ann")
	assert.Equal(t, "", classroom.CurrentExercise(dir))
	req, _ := http.NewRequest("POST", c.url+"/current", strings.NewReader("exercise=l/y"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()

	res, err := classroom.Flush(context.Background(), dir)
	require.NoError(t, err)
	assert.Equal(t, "l/y", res.CurrentExercise)
	assert.Equal(t, "l/y", classroom.CurrentExercise(dir), "cached for commands that do not go to the network")
	require.NoError(t, classroom.Forget(dir))
	assert.Equal(t, "", classroom.CurrentExercise(dir))
	assert.False(t, classroom.Joined(dir))
}

func TestOutboxKeepsOrder(t *testing.T) {
	dir := t.TempDir()
	ob := classroom.OpenOutbox(dir)
	base := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	for _, min := range []int{3, 1, 2} {
		e := checkEvent("l/x", false)
		e.Time = base.Add(time.Duration(min) * time.Minute)
		e.ID = "weird/id " + string(rune('a'+min)) // not a safe file name
		require.NoError(t, ob.Add(e))
	}
	assert.Equal(t, []string{"weird/id b", "weird/id c", "weird/id d"}, classroom.PendingIDs(ob), "oldest first")
	tmp, _ := filepath.Glob(filepath.Join(dir, "outbox", ".tmp*"))
	assert.Empty(t, tmp)
	require.NoError(t, ob.Drop())
	n, err := ob.Len()
	require.NoError(t, err)
	assert.Zero(t, n)
}
