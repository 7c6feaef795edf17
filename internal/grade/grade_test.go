package grade

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dockademy/dockademy/checker"
	"github.com/dockademy/dockademy/lessons"
)

func TestLimitSteps(t *testing.T) {
	ex := &lessons.Exercise{ID: "e", LessonID: "l", Check: []lessons.Step{
		{Kind: lessons.KindBuild},
		{Kind: lessons.KindHTTP, Timeout: 5 * time.Second},
		{Kind: lessons.KindRun, Timeout: time.Hour},
	}}
	got, bound := limitSteps(ex, time.Minute)
	assert.Equal(t, []time.Duration{time.Minute, 5 * time.Second, time.Minute},
		[]time.Duration{got.Check[0].Timeout, got.Check[1].Timeout, got.Check[2].Timeout})
	assert.Equal(t, []bool{true, false, true}, bound, "the lesson's shorter timeout is its own judgement")
	assert.Zero(t, ex.Check[0].Timeout, "the course's exercise is not changed")
}

func TestFailZeroesTheScore(t *testing.T) {
	tests := []struct {
		kind  Failure
		score int
	}{
		{FailSubmission, 0},
		{FailLimit, 0},
		{FailInfra, 3}, // the grader failed: the points so far are not the learner's fault
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			r := Result{Score: 3, Passed: true, Steps: []checker.StepResult{{Points: 3, MaxPoints: 3, Status: checker.Passed}}}
			r.fail(tt.kind, "why")
			assert.Equal(t, tt.score, r.Score)
			assert.Equal(t, tt.score, r.Steps[0].Points)
			assert.False(t, r.Passed)
			assert.Equal(t, "why", r.Error)
		})
	}
}

func TestSummary(t *testing.T) {
	s := summarize([]Result{{Score: 10, Passed: true}, {Score: 5}, {Score: 0}})
	assert.Equal(t, Summary{Submissions: 3, Passed: 1, MeanScore: 5}, s)
	assert.Equal(t, Summary{}, summarize(nil))
}

func TestCapLogKeepsHeadAndTail(t *testing.T) {
	var lines []string
	c := &capLog{limit: 400, onLine: func(l string) { lines = append(lines, l) }}
	for i := range 100 {
		_, err := c.Write([]byte(strings.Repeat("x", 9) + string(rune('a'+i%26)) + "\n"))
		require.NoError(t, err)
	}
	assert.Len(t, lines, 100)
	s := c.String()
	assert.True(t, strings.HasPrefix(s, "xxxxxxxxxa\n"), "the start is kept")
	assert.True(t, strings.HasSuffix(s, "xxxxxxxxxv\n"), "the end is kept")
	assert.Contains(t, s, "bytes of build output not kept")
	assert.Less(t, len(s), 500)
}

func TestBuildWindowEndsOnFirstContainer(t *testing.T) {
	g := &cacheGate{}
	h := &hold{g: g}
	tr := &tracker{hold: h}
	h.startBuild()
	assert.False(t, g.mu.TryLock(), "a build in its cache window keeps cleanups out")
	tr.buildLine("Step 2/6 : COPY index.html /www/")
	tr.buildLine(" ---> Using cache")
	assert.False(t, g.mu.TryLock())
	tr.buildLine(" ---> Running in 0123456789ab")
	require.True(t, g.mu.TryLock(), "once a container runs, the cached parents are held")
	g.mu.Unlock()
	h.endBuild() // idempotent
	h.startCleanup(false)
	require.True(t, g.mu.TryRLock(), "a cleanup of held layers lets builds on")
	g.mu.RUnlock()
	h.startCleanup(true)
	assert.False(t, g.mu.TryRLock(), "a cleanup that may prune unheld layers keeps builds out")
	h.release()
	h.release()
	require.True(t, g.mu.TryLock())
	g.mu.Unlock()
}

func TestGateIsShared(t *testing.T) {
	g := gateFor("unix:///test.sock")
	assert.Same(t, g, gateFor("unix:///test.sock"))
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := &hold{g: g}
			h.startBuild()
			h.startCleanup(true)
			h.release()
		}()
	}
	wg.Wait()
}

func TestContextKey(t *testing.T) {
	step := &lessons.Step{Kind: lessons.KindBuild, Subject: "."}
	a := writeSub(t, echoFiles(nil))
	b := writeSub(t, echoFiles(nil))
	c := writeSub(t, echoFiles(map[string]string{"index.html": "Hello World\n"}))
	require.NotEmpty(t, contextKey(a, step))
	assert.Equal(t, contextKey(a, step), contextKey(b, step), "the same files build the same layers")
	assert.NotEqual(t, contextKey(a, step), contextKey(c, step))
	require.NoError(t, os.Chmod(filepath.Join(b, "echo-server"), 0o755))
	assert.NotEqual(t, contextKey(a, step), contextKey(b, step), "a mode can change what a COPY makes")
	withArgs := &lessons.Step{Kind: lessons.KindBuild, Subject: ".", Build: lessons.BuildOptions{Args: map[string]string{"V": "1"}}}
	assert.NotEqual(t, contextKey(a, step), contextKey(a, withArgs))
	assert.Empty(t, contextKey(a, &lessons.Step{Kind: lessons.KindBuild, Subject: "../.."}))
}

func TestFirstsLetTheFirstBuildAlone(t *testing.T) {
	f := newFirsts()
	done := f.begin(context.Background(), "k")
	started := make(chan struct{})
	go func() {
		f.begin(context.Background(), "k")()
		close(started)
	}()
	other := f.begin(context.Background(), "other") // another context does not wait
	other()
	select {
	case <-started:
		t.Fatal("the second build of the same context did not wait for the first")
	case <-time.After(50 * time.Millisecond):
	}
	done()
	done()
	<-started
}

func TestBuildCount(t *testing.T) {
	cached := buildCount{}
	for _, l := range []string{"Step 1/3 : FROM busybox:1.35", " ---> 257a84ad360f", "Step 2/3 : COPY a /a",
		" ---> Using cache", " ---> 0123456789ab", "Step 3/3 : CMD [\"a\"]", " ---> Using cache"} {
		cached.line(l)
	}
	assert.False(t, cached.made())
	made := buildCount{}
	for _, l := range []string{"Step 1/2 : FROM busybox:1.35", "Step 2/2 : RUN true", " ---> Running in 0123456789ab"} {
		made.line(l)
	}
	assert.True(t, made.made())
}
