// Package checker turns what the runner observed into verdicts: a status, what was
// expected, what was found, a message in the learner's language, the hint and points.
// It does no I/O, so every rule is covered by table tests.
package checker

import "time"

// Status is a step's outcome.
type Status string

// Step outcomes.
const (
	Passed  Status = "passed"
	Failed  Status = "failed"  // the learner's work does not do what the step asks
	Skipped Status = "skipped" // not run: an action it depends on failed
	Error   Status = "error"   // the tool or the engine could not judge the step
)

// Verdict is the judgement of one step, before points and hint are attached.
type Verdict struct {
	Status   Status
	Expected string
	Actual   string
	Message  string
}

// StepResult is one step of a report. Its JSON form is the one `check --json` prints
// and that grading, progress and the classroom record.
type StepResult struct {
	Name      string `json:"name"`
	Kind      string `json:"kind"`
	Status    Status `json:"status"`
	Points    int    `json:"points"`
	MaxPoints int    `json:"max_points"`
	Expected  string `json:"expected"`
	Actual    string `json:"actual"`
	Message   string `json:"message"`
	Hint      string `json:"hint"`
}

// Report is the result of checking one exercise once.
type Report struct {
	Exercise string       `json:"exercise"`
	Score    int          `json:"score"`
	MaxScore int          `json:"max_score"`
	Passed   bool         `json:"passed"`
	Steps    []StepResult `json:"steps"`
	// Limits are the resource limits that the check's containers or builds reached;
	// a report with any does not pass.
	Limits []LimitHit `json:"limits,omitempty"`

	// Not part of the JSON contract: for the terminal and for benchmarks.
	BuildLog string        `json:"-"`
	Started  time.Time     `json:"-"`
	Took     time.Duration `json:"-"`
}

// Total sums points and decides whether the report passed: every step passed, or was
// an action that succeeded. A report with no steps does not pass.
func (r *Report) Total() {
	r.Score, r.MaxScore, r.Passed = 0, 0, len(r.Steps) > 0
	for _, s := range r.Steps {
		r.Score += s.Points
		r.MaxScore += s.MaxPoints
		if s.Status != Passed {
			r.Passed = false
		}
	}
}
