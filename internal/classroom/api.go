// Package classroom is the learner's side of a workshop: joining a class, an outbox in
// the workspace that keeps every event until the class server has acknowledged it, and
// the delivery that empties it. It also defines what learners and server say to each
// other over HTTP; the server itself is in package server.
package classroom

import (
	"strings"
	"time"

	"github.com/dockademy/dockademy/internal/events"
)

// Limits both sides keep to: the client sends no more, the server accepts no more.
const (
	MaxBatch    = 200     // events in one delivery
	MaxBody     = 1 << 20 // bytes of a delivery
	MaxJoinBody = 4 << 10 // bytes of a join request
	MaxName     = 64      // characters of a learner's name
	MaxEventID  = 64      // characters of an event ID
)

// JoinRequest is POST /api/join.
type JoinRequest struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// JoinResponse answers a join. Token authenticates the learner from then on; the
// server keeps only its hash.
type JoinResponse struct {
	LearnerID       string `json:"learner_id"`
	Token           string `json:"token"`
	Name            string `json:"name"`
	CurrentExercise string `json:"current_exercise"`
}

// EventsRequest is POST /api/learners/{id}/events, with the learner's token.
type EventsRequest struct {
	Events []events.Event `json:"events"`
}

// EventsResponse acknowledges a delivery: every event of it is stored (Added of them
// for the first time; the rest had been delivered before).
type EventsResponse struct {
	Received        int    `json:"received"`
	Added           int    `json:"added"`
	CurrentExercise string `json:"current_exercise"`
}

// StatusResponse is GET /api/learners/{id}/status.
type StatusResponse struct {
	Name            string `json:"name"`
	CurrentExercise string `json:"current_exercise"`
}

// ErrorResponse is the body of every error.
type ErrorResponse struct {
	Error string `json:"error"`
}

// ExportRow is one learner and one exercise in /api/export.json and .csv.
type ExportRow struct {
	Learner   string    `json:"learner"`
	LearnerID string    `json:"learner_id"`
	Exercise  string    `json:"exercise"`
	Status    string    `json:"status"` // passed, failing, started, not-started
	Attempts  int       `json:"attempts"`
	Hints     int       `json:"hints"`
	Solution  bool      `json:"solution"`
	LastTime  time.Time `json:"last_time,omitzero"`
}

// CodeAlphabet is what join codes are made of: no 0/O, 1/I/L or 5/S to misread from
// a projector.
const CodeAlphabet = "ABCDEFGHJKMNPQRTUVWXYZ2346789"

// NormalizeCode forgives what people do when typing a code: lower case, spaces, dashes.
func NormalizeCode(s string) string {
	s = strings.ToUpper(s)
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, s)
}
