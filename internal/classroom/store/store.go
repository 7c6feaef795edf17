// Package store keeps a class's record: the class, its learners, every event they sent
// and the progress derived from those events. One Store interface has two
// implementations, an embedded SQLite file (the default: nothing to install) and
// PostgreSQL (for a department that runs one server for many classes), and both pass
// the one test suite in store_test.go.
package store

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/dockademy/dockademy/internal/events"
)

// Errors the server maps to HTTP statuses.
var (
	ErrNotFound  = errors.New("not found")
	ErrNameTaken = errors.New("a learner of this class already has that name")
)

// Class is one workshop. The instructor token is kept as it is (unlike learner tokens)
// because `classroom serve` prints the instructor's link again after a restart.
type Class struct {
	ID              string
	JoinCode        string
	InstructorToken string
	CurrentExercise string
	CreatedAt       time.Time
}

// Learner is one learner of a class. Their token is known to the store only as a hash.
type Learner struct {
	ID       string
	ClassID  string
	Name     string
	JoinedAt time.Time
	// Doctor is the learner's latest doctor result, nil before their first.
	Doctor     *events.DoctorResult
	DoctorTime time.Time
}

// Progress is what one learner did on one unit (an exercise or a quiz), summed over
// every event the store accepted: it is the grid's cell and the export's row.
type Progress struct {
	LearnerID string
	Unit      string
	Attempts  int       // checks run (or quiz answers given)
	Passed    bool      // some check passed (or some answer was right)
	FirstFail time.Time // the earliest failed attempt; zero when none
	Hints     int
	Solution  bool
	LastTime  time.Time // the latest event about the unit
	// LastCheck is the latest check report's event, for the learner page; nil for none.
	LastCheck *events.Event
}

// Session is a logged-in dashboard: its ID (known to the store only as a hash) is the
// cookie, and CSRF is the token its forms must carry.
type Session struct {
	ClassID   string
	CSRF      string
	CreatedAt time.Time
}

// Store is a class's persistent record. Every method is safe for concurrent use, also
// from several server processes sharing one PostgreSQL database.
type Store interface {
	CreateClass(ctx context.Context, c Class) error
	// LatestClass is the most recently created class, so that a restarted server
	// carries on with the same join code and tokens.
	LatestClass(ctx context.Context) (*Class, error)
	ClassByID(ctx context.Context, id string) (*Class, error)
	ClassByCode(ctx context.Context, code string) (*Class, error)
	ClassByInstructorToken(ctx context.Context, token string) (*Class, error)
	SetCurrentExercise(ctx context.Context, classID, unit string) error

	AddLearner(ctx context.Context, l Learner, tokenHash string) error
	LearnerByTokenHash(ctx context.Context, tokenHash string) (*Learner, error)
	Learners(ctx context.Context, classID string) ([]Learner, error)

	// AddEvents stores a learner's events in one transaction and returns those that
	// were new: an event whose ID the learner already sent is acknowledged again but
	// counted once. When it returns nil, every event is durably stored.
	AddEvents(ctx context.Context, l *Learner, evs []events.Event) ([]events.Event, error)
	// Progress is every (learner, unit) of the class that has an event.
	Progress(ctx context.Context, classID string) ([]Progress, error)
	// LearnerProgress is one learner's, with the latest check report of each unit.
	LearnerProgress(ctx context.Context, learnerID string) ([]Progress, error)

	CreateSession(ctx context.Context, idHash string, s Session) error
	Session(ctx context.Context, idHash string) (*Session, error)

	Close() error
}

// Open opens the store that dsn names: a postgres:// or postgresql:// URL, or else the
// path of a SQLite file (created when missing).
func Open(ctx context.Context, dsn string) (Store, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return OpenPostgres(ctx, dsn)
	}
	return OpenSQLite(ctx, dsn)
}
