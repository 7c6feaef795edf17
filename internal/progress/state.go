package progress

import (
	"slices"
	"time"

	"github.com/dockademy/dockademy/checker"
	"github.com/dockademy/dockademy/internal/events"
)

// Unit statuses.
const (
	StatusNotStarted = ""
	StatusStarted    = "started"
	StatusFailing    = "failing"
	StatusPassed     = "passed"
)

// State is where the learner stands: the summary of the log, plus the reading
// position, which only the summary keeps.
type State struct {
	Version int                   `json:"version"`
	Lesson  string                `json:"lesson"`  // last lesson opened
	Section int                   `json:"section"` // reading position in it
	Units   map[string]*UnitState `json:"units"`   // key: "<lesson-id>/<unit-id>"
	// Current is the unit the learner last opened, checked, or asked a hint for:
	// what `hint` and `solution` mean without an id.
	Current string `json:"current,omitempty"`
	// LogSize is how much of the log the summary covers, in bytes; the rest is
	// replayed when read.
	LogSize int64 `json:"log_size"`
}

// UnitState is one exercise's or quiz's record.
type UnitState struct {
	Status      string    `json:"status"`   // "passed", "failing", "started", "" (not started)
	Attempts    int       `json:"attempts"` // checks run (or quiz answers)
	Hints       int       `json:"hints"`    // hints shown
	Solution    bool      `json:"solution"` // solution viewed
	Score       int       `json:"score"`    // the best score so far
	MaxScore    int       `json:"max_score"`
	FirstAt     time.Time `json:"first_at"`
	LastAt      time.Time `json:"last_at"`
	PassedAt    time.Time `json:"passed_at"`
	LastFailing []string  `json:"last_failing"` // names of the steps that did not pass last time
	// TipsShown is how many of the lesson's hints (> [!TIP]) were revealed.
	TipsShown int `json:"tips_shown"`
	// StepHints are the failing steps whose own hint was shown.
	StepHints []string `json:"step_hints,omitempty"`
	Resets    int      `json:"resets,omitempty"`
}

func newState() *State {
	return &State{Version: stateVersion, Units: map[string]*UnitState{}}
}

// Unit returns a copy of a unit's record; a unit never touched has a zero record.
func (st *State) Unit(id string) UnitState {
	if u := st.Units[id]; u != nil {
		return *u
	}
	return UnitState{}
}

// Passed reports whether the unit was passed at least once.
func (u UnitState) Passed() bool { return u.Status == StatusPassed }

func (st *State) unit(id string, at time.Time) *UnitState {
	u := st.Units[id]
	if u == nil {
		u = &UnitState{FirstAt: at}
		st.Units[id] = u
	}
	if u.FirstAt.IsZero() || at.Before(u.FirstAt) {
		u.FirstAt = at
	}
	if at.After(u.LastAt) {
		u.LastAt = at
	}
	return u
}

func (st *State) start(id string, at time.Time) {
	u := st.unit(id, at)
	if u.Status == StatusNotStarted {
		u.Status = StatusStarted
	}
	st.Current = id
}

// apply folds one event into the summary. A unit once passed stays passed: later
// checks (say, after a reset, or an experiment) update the last failing steps but do
// not take the achievement back.
func (st *State) apply(e events.Event) {
	if e.Unit == "" {
		return // doctor: nothing per unit
	}
	u := st.unit(e.Unit, e.Time)
	switch e.Kind {
	case events.Check:
		st.Current = e.Unit
		u.Attempts++
		rep := e.Check
		if rep == nil {
			return
		}
		u.Score = max(u.Score, rep.Score)
		u.MaxScore = rep.MaxScore
		u.LastFailing = nil
		for _, s := range rep.Steps {
			if s.Status != checker.Passed && s.Status != checker.Skipped {
				u.LastFailing = append(u.LastFailing, s.Name)
			}
		}
		u.judge(rep.Passed, e.Time)
	case events.Quiz:
		u.Attempts++
		if e.Quiz == nil {
			return
		}
		if e.Quiz.Correct {
			u.Score = 1
		}
		u.MaxScore = 1
		u.judge(e.Quiz.Correct, e.Time)
	case events.Hint:
		st.Current = e.Unit
		u.Hints++
		if u.Status == StatusNotStarted {
			u.Status = StatusStarted
		}
		if e.Hint == nil {
			return
		}
		if e.Hint.Index > 0 {
			u.TipsShown = max(u.TipsShown, e.Hint.Index)
		} else if e.Hint.Step != "" && !slices.Contains(u.StepHints, e.Hint.Step) {
			u.StepHints = append(u.StepHints, e.Hint.Step)
		}
	case events.Solution:
		u.Solution = true
		if u.Status == StatusNotStarted {
			u.Status = StatusStarted
		}
	case events.Reset:
		st.Current = e.Unit
		u.Resets++
		u.LastFailing = nil
		if u.Status != StatusPassed {
			u.Status = StatusStarted
		}
	}
}

func (u *UnitState) judge(passed bool, at time.Time) {
	switch {
	case passed:
		if u.Status != StatusPassed {
			u.PassedAt = at
		}
		u.Status = StatusPassed
	case u.Status != StatusPassed:
		u.Status = StatusFailing
	}
}
