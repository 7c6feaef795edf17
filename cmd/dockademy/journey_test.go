package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/dockademy/dockademy/internal/progress"
	"github.com/dockademy/dockademy/lessons"
)

func TestHostPort(t *testing.T) {
	tests := []struct {
		publish string
		want    int
	}{
		{"9000:8080", 9000},
		{"9000:8080/tcp", 9000},
		{"127.0.0.1:9081:8080", 9081},
		{"8080", 0},       // ephemeral
		{":8080", 0},      // ephemeral, written out
		{"x:8080", 0},     // not a port
		{"70000:8080", 0}, // out of range
	}
	for _, tt := range tests {
		t.Run(tt.publish, func(t *testing.T) {
			assert.Equal(t, tt.want, hostPort(tt.publish))
		})
	}
}

func TestNextHint(t *testing.T) {
	ex := &lessons.Exercise{
		ID: "hello", LessonID: "l",
		Check: []lessons.Step{
			{Kind: lessons.KindBuild, Index: 1},
			{Kind: lessons.KindFile, Name: "exec", Hint: "chmod it", Index: 2},
			{Kind: lessons.KindOutput, Name: "says", Index: 3},
		},
		Hints: []string{"first", "second"},
	}
	tests := []struct {
		name      string
		unit      progress.UnitState
		kind      string
		text      string
		index     int
		tipsLeft  int
		stepShown string
	}{
		{"no check yet: the first tip", progress.UnitState{}, "tip", "first", 1, 1, ""},
		{"a failing step with a hint comes first", progress.UnitState{LastFailing: []string{"exec"}}, "step", "chmod it", 0, 2, "exec"},
		{"a failing step without a hint is passed over", progress.UnitState{LastFailing: []string{"says"}}, "tip", "first", 1, 1, ""},
		{"the step's hint once only", progress.UnitState{LastFailing: []string{"exec"}, StepHints: []string{"exec"}, TipsShown: 1}, "tip", "second", 2, 0, ""},
		{"none left", progress.UnitState{TipsShown: 2}, "none", "", 0, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := nextHint(ex, tt.unit)
			assert.Equal(t, tt.kind, h.Kind)
			assert.Equal(t, tt.text, h.Text)
			assert.Equal(t, tt.index, h.Index)
			assert.Equal(t, tt.tipsLeft, h.TipsLeft)
			assert.Equal(t, tt.stepShown, h.Step)
		})
	}
}

func TestJourneyNext(t *testing.T) {
	l1 := &lessons.Lesson{ID: "a", Sections: []lessons.Section{{Unit: "q"}, {Unit: "x"}}}
	l1.Exercises = []*lessons.Exercise{{ID: "x", LessonID: "a"}}
	l1.Quizzes = []*lessons.Quiz{{ID: "q", LessonID: "a"}}
	l2 := &lessons.Lesson{ID: "b"}
	l2.Exercises = []*lessons.Exercise{{ID: "y", LessonID: "b"}}
	c := &lessons.Course{Lessons: []*lessons.Lesson{l1, l2}}

	passed := func(ids ...string) *progress.State {
		st := &progress.State{Units: map[string]*progress.UnitState{}}
		for _, id := range ids {
			st.Units[id] = &progress.UnitState{Status: progress.StatusPassed}
		}
		return st
	}
	tests := []struct {
		name  string
		st    *progress.State
		after string
		want  string
	}{
		{"from the start, in reading order", passed(), "", "a/q"},
		{"after a unit, the one that follows", passed("a/q"), "a/q", "a/x"},
		{"into the next lesson", passed("a/q", "a/x"), "a/x", "b/y"},
		{"round to what was left behind", passed("a/x", "b/y"), "b/y", "a/q"},
		{"everything passed", passed("a/q", "a/x", "b/y"), "b/y", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ""
			if n := journeyNext(c, tt.st, tt.after); n != nil {
				got = n.id
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestBuildStepsShowsOnlySteps(t *testing.T) {
	var out bytes.Buffer
	live := newLive(&out, false)
	w := &buildSteps{live: live, prefix: "  "}
	for _, chunk := range []string{"Step 1/2 : FROM busybox", ":1.35\n ---> abc\nStep 2/2 : CMD [\"x\"]\n", " ---> Running in 123\nSuccessfully built 1\n"} {
		_, _ = w.Write([]byte(chunk))
	}
	live.Close()
	assert.Equal(t, "  Step 1/2 : FROM busybox:1.35\n  Step 2/2 : CMD [\"x\"]\n", out.String())
}
