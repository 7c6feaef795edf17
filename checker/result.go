package checker

import "github.com/dockademy/dockademy/lessons"

// Result attaches a step's name, kind, points and hint to its verdict. Points are
// earned only by a passed step; the hint is shown only when the step failed or could
// not be judged, since a learner who passed or was skipped has nothing to act on.
func Result(s *lessons.Step, v Verdict) StepResult {
	r := StepResult{
		Name:      s.DisplayName(),
		Kind:      string(s.Kind),
		Status:    v.Status,
		MaxPoints: s.Points,
		Expected:  v.Expected,
		Actual:    v.Actual,
		Message:   v.Message,
	}
	if v.Status == Passed {
		r.Points = s.Points
	}
	if v.Status == Failed || v.Status == Error {
		r.Hint = s.Hint
	}
	return r
}
