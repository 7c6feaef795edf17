// Package events defines what a learner's dockademy records about their work: checks,
// quiz answers, hints, solutions, doctor results. The progress store keeps them in the
// workspace, and the classroom client sends the same events to the instructor, so one
// record serves progress, reports, grading and the live class view.
package events

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"time"

	"github.com/dockademy/dockademy/checker"
)

// Kind says what happened.
type Kind string

// Event kinds.
const (
	Check    Kind = "check"
	Quiz     Kind = "quiz"
	Hint     Kind = "hint"
	Solution Kind = "solution"
	Doctor   Kind = "doctor"
	Reset    Kind = "reset"
)

// Event is one thing the learner did. ID is unique, so that delivery can be retried and
// counted once.
type Event struct {
	ID     string          `json:"id"`
	Time   time.Time       `json:"time"`
	Kind   Kind            `json:"kind"`
	Unit   string          `json:"unit,omitempty"` // "<lesson-id>/<unit-id>"
	Lang   string          `json:"lang,omitempty"`
	Check  *checker.Report `json:"check,omitempty"`
	Quiz   *QuizAnswer     `json:"quiz,omitempty"`
	Hint   *HintUse        `json:"hint,omitempty"`
	Doctor *DoctorResult   `json:"doctor,omitempty"`
}

// QuizAnswer is an answered quiz.
type QuizAnswer struct {
	Chosen  []int `json:"chosen"` // indexes of the choices picked
	Correct bool  `json:"correct"`
}

// HintUse is a hint that was shown.
type HintUse struct {
	Index int    `json:"index"`          // the lesson's hint number from 1; 0 for a step's own hint
	Step  string `json:"step,omitempty"` // the failing step whose hint was shown
}

// DoctorResult is what `dockademy doctor` found.
type DoctorResult struct {
	OK       bool      `json:"ok"`
	Problems []Problem `json:"problems"`
}

// Problem is one thing doctor found wrong, with its remedy.
type Problem struct {
	Check   string `json:"check"` // "engine", "docker-cli", "port", "image", "disk"
	Message string `json:"message"`
	Remedy  string `json:"remedy"`
}

// Sink receives events. Implementations must not block the learner: the classroom's
// writes to an outbox file and delivers in the background.
type Sink interface {
	Record(ctx context.Context, e Event) error
}

// New stamps an event with a fresh ID and the time.
func New(kind Kind, unit string) Event {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return Event{ID: hex.EncodeToString(b[:]), Time: time.Now().UTC(), Kind: kind, Unit: unit}
}

// Multi sends each event to every sink and returns the first error.
type Multi []Sink

// Record implements Sink.
func (m Multi) Record(ctx context.Context, e Event) error {
	var first error
	for _, s := range m {
		if err := s.Record(ctx, e); err != nil && first == nil {
			first = err
		}
	}
	return first
}
