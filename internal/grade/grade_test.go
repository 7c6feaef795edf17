package grade

import (
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
	h.startCleanup()
	assert.False(t, g.mu.TryRLock(), "a cleanup keeps builds out")
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
			h.startCleanup()
			h.release()
		}()
	}
	wg.Wait()
}
