package checker

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/dockademy/dockademy/lessons"
)

func TestResult(t *testing.T) {
	s := &lessons.Step{Kind: lessons.KindFile, Subject: "/x", Index: 2, Points: 3, Hint: "RUN chmod +x"}
	named := &lessons.Step{Kind: lessons.KindRun, Name: "hello", Index: 3}
	tests := []struct {
		name string
		step *lessons.Step
		v    Verdict
		want StepResult
	}{
		{name: "passed earns the points, no hint", step: s,
			v:    Verdict{Status: Passed, Expected: "e", Actual: "a", Message: "m"},
			want: StepResult{Name: "file-2", Kind: "file", Status: Passed, Points: 3, MaxPoints: 3, Expected: "e", Actual: "a", Message: "m"}},
		{name: "failed shows the hint", step: s, v: Verdict{Status: Failed, Message: "m"},
			want: StepResult{Name: "file-2", Kind: "file", Status: Failed, MaxPoints: 3, Message: "m", Hint: "RUN chmod +x"}},
		{name: "error shows the hint", step: s, v: Verdict{Status: Error, Message: "m"},
			want: StepResult{Name: "file-2", Kind: "file", Status: Error, MaxPoints: 3, Message: "m", Hint: "RUN chmod +x"}},
		{name: "skipped has no hint", step: s, v: Verdict{Status: Skipped, Message: "m"},
			want: StepResult{Name: "file-2", Kind: "file", Status: Skipped, MaxPoints: 3, Message: "m"}},
		{name: "action with a name", step: named, v: Verdict{Status: Passed},
			want: StepResult{Name: "hello", Kind: "run", Status: Passed}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Result(tt.step, tt.v))
		})
	}
}

func TestReportTotal(t *testing.T) {
	r := Report{Steps: []StepResult{
		{Status: Passed, Points: 0, MaxPoints: 0},
		{Status: Passed, Points: 1, MaxPoints: 1},
		{Status: Failed, Points: 0, MaxPoints: 2},
	}}
	r.Total()
	assert.Equal(t, 1, r.Score)
	assert.Equal(t, 3, r.MaxScore)
	assert.False(t, r.Passed)

	empty := Report{}
	empty.Total()
	assert.False(t, empty.Passed)
}
