package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dockademy/dockademy/internal/events"
)

// schema is portable SQL: SQLite and PostgreSQL read it alike. Times are Unix
// nanoseconds, so that the two need no date types in common and events a few
// microseconds apart still order.
var schema = []string{
	`CREATE TABLE IF NOT EXISTS classes (
		id TEXT PRIMARY KEY,
		join_code TEXT NOT NULL UNIQUE,
		instructor_token TEXT NOT NULL UNIQUE,
		current_exercise TEXT NOT NULL DEFAULT '',
		created_at BIGINT NOT NULL)`,
	`CREATE TABLE IF NOT EXISTS learners (
		id TEXT PRIMARY KEY,
		class_id TEXT NOT NULL REFERENCES classes(id),
		name TEXT NOT NULL,
		token_hash TEXT NOT NULL UNIQUE,
		joined_at BIGINT NOT NULL,
		doctor_time BIGINT NOT NULL DEFAULT 0,
		doctor TEXT NOT NULL DEFAULT '',
		UNIQUE (class_id, name))`,
	// The primary key is what makes delivery idempotent: an outbox that resends an
	// event after a lost acknowledgement hits it and the event is not counted again.
	`CREATE TABLE IF NOT EXISTS events (
		learner_id TEXT NOT NULL REFERENCES learners(id),
		id TEXT NOT NULL,
		time BIGINT NOT NULL,
		received_at BIGINT NOT NULL,
		kind TEXT NOT NULL,
		unit TEXT NOT NULL,
		body TEXT NOT NULL,
		PRIMARY KEY (learner_id, id))`,
	// progress is derived from events in the same transaction that adds them, so the
	// dashboard reads one small row per cell instead of summing every event.
	`CREATE TABLE IF NOT EXISTS progress (
		learner_id TEXT NOT NULL REFERENCES learners(id),
		unit TEXT NOT NULL,
		attempts INTEGER NOT NULL DEFAULT 0,
		passed INTEGER NOT NULL DEFAULT 0,
		first_fail BIGINT NOT NULL DEFAULT 0,
		hints INTEGER NOT NULL DEFAULT 0,
		solution INTEGER NOT NULL DEFAULT 0,
		last_time BIGINT NOT NULL DEFAULT 0,
		last_check_time BIGINT NOT NULL DEFAULT 0,
		last_check_id TEXT NOT NULL DEFAULT '',
		PRIMARY KEY (learner_id, unit))`,
	`CREATE TABLE IF NOT EXISTS sessions (
		id_hash TEXT PRIMARY KEY,
		class_id TEXT NOT NULL REFERENCES classes(id),
		csrf TEXT NOT NULL,
		created_at BIGINT NOT NULL)`,
	`CREATE INDEX IF NOT EXISTS learners_class ON learners(class_id)`,
}

// sessionTTL is how long a dashboard login lasts: longer than any workshop day.
const sessionTTL = 7 * 24 * time.Hour

// sqlStore is the Store over database/sql; the two databases differ only in how they
// are opened, their placeholders and how they report a unique violation.
type sqlStore struct {
	w, r     *sql.DB // writes go through w; SQLite gives w one connection (see store_sqlite.go)
	dollar   bool    // PostgreSQL's $1 placeholders instead of ?
	isUnique func(error) bool
}

func (s *sqlStore) q(query string) string {
	if !s.dollar {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (s *sqlStore) migrate(ctx context.Context) error {
	for _, stmt := range schema {
		if _, err := s.w.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("could not create the classroom tables: %w", err)
		}
	}
	return nil
}

func (s *sqlStore) Close() error {
	err := s.w.Close()
	if s.r != s.w {
		err = errors.Join(err, s.r.Close())
	}
	return err
}

func (s *sqlStore) CreateClass(ctx context.Context, c Class) error {
	_, err := s.w.ExecContext(ctx, s.q(`INSERT INTO classes (id, join_code, instructor_token, current_exercise, created_at) VALUES (?, ?, ?, ?, ?)`),
		c.ID, c.JoinCode, c.InstructorToken, c.CurrentExercise, c.CreatedAt.UnixNano())
	if err != nil {
		return fmt.Errorf("could not create the class: %w", err)
	}
	return nil
}

const classCols = `id, join_code, instructor_token, current_exercise, created_at`

func (s *sqlStore) class(ctx context.Context, where string, args ...any) (*Class, error) {
	var c Class
	var created int64
	err := s.r.QueryRowContext(ctx, s.q(`SELECT `+classCols+` FROM classes `+where), args...).
		Scan(&c.ID, &c.JoinCode, &c.InstructorToken, &c.CurrentExercise, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("could not read the class: %w", err)
	}
	c.CreatedAt = time.Unix(0, created).UTC()
	return &c, nil
}

func (s *sqlStore) LatestClass(ctx context.Context) (*Class, error) {
	return s.class(ctx, `ORDER BY created_at DESC LIMIT 1`)
}

func (s *sqlStore) ClassByID(ctx context.Context, id string) (*Class, error) {
	return s.class(ctx, `WHERE id = ?`, id)
}

func (s *sqlStore) ClassByCode(ctx context.Context, code string) (*Class, error) {
	return s.class(ctx, `WHERE join_code = ?`, code)
}

func (s *sqlStore) ClassByInstructorToken(ctx context.Context, token string) (*Class, error) {
	return s.class(ctx, `WHERE instructor_token = ?`, token)
}

func (s *sqlStore) SetCurrentExercise(ctx context.Context, classID, unit string) error {
	res, err := s.w.ExecContext(ctx, s.q(`UPDATE classes SET current_exercise = ? WHERE id = ?`), unit, classID)
	if err != nil {
		return fmt.Errorf("could not set the current exercise: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

func (s *sqlStore) AddLearner(ctx context.Context, l Learner, tokenHash string) error {
	_, err := s.w.ExecContext(ctx, s.q(`INSERT INTO learners (id, class_id, name, token_hash, joined_at) VALUES (?, ?, ?, ?, ?)`),
		l.ID, l.ClassID, l.Name, tokenHash, l.JoinedAt.UnixNano())
	if err != nil && s.isUnique(err) {
		return ErrNameTaken
	}
	if err != nil {
		return fmt.Errorf("could not add learner %q: %w", l.Name, err)
	}
	return nil
}

const learnerCols = `id, class_id, name, joined_at, doctor_time, doctor`

func scanLearner(sc interface{ Scan(...any) error }) (*Learner, error) {
	var l Learner
	var joined, doctorTime int64
	var doctor string
	if err := sc.Scan(&l.ID, &l.ClassID, &l.Name, &joined, &doctorTime, &doctor); err != nil {
		return nil, err
	}
	l.JoinedAt = time.Unix(0, joined).UTC()
	if doctor != "" {
		l.Doctor = &events.DoctorResult{}
		if err := json.Unmarshal([]byte(doctor), l.Doctor); err != nil {
			return nil, fmt.Errorf("learner %s: broken doctor result: %w", l.ID, err)
		}
		l.DoctorTime = time.Unix(0, doctorTime).UTC()
	}
	return &l, nil
}

func (s *sqlStore) LearnerByTokenHash(ctx context.Context, tokenHash string) (*Learner, error) {
	l, err := scanLearner(s.r.QueryRowContext(ctx, s.q(`SELECT `+learnerCols+` FROM learners WHERE token_hash = ?`), tokenHash))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("could not read the learner: %w", err)
	}
	return l, nil
}

func (s *sqlStore) Learners(ctx context.Context, classID string) ([]Learner, error) {
	rows, err := s.r.QueryContext(ctx, s.q(`SELECT `+learnerCols+` FROM learners WHERE class_id = ? ORDER BY joined_at, id`), classID)
	if err != nil {
		return nil, fmt.Errorf("could not list learners: %w", err)
	}
	defer rows.Close()
	var ls []Learner
	for rows.Next() {
		l, err := scanLearner(rows)
		if err != nil {
			return nil, fmt.Errorf("could not list learners: %w", err)
		}
		ls = append(ls, *l)
	}
	return ls, rows.Err()
}

func (s *sqlStore) CreateSession(ctx context.Context, idHash string, se Session) error {
	_, err := s.w.ExecContext(ctx, s.q(`INSERT INTO sessions (id_hash, class_id, csrf, created_at) VALUES (?, ?, ?, ?)`),
		idHash, se.ClassID, se.CSRF, se.CreatedAt.UnixNano())
	if err != nil {
		return fmt.Errorf("could not create the session: %w", err)
	}
	return nil
}

func (s *sqlStore) Session(ctx context.Context, idHash string) (*Session, error) {
	var se Session
	var created int64
	err := s.r.QueryRowContext(ctx, s.q(`SELECT class_id, csrf, created_at FROM sessions WHERE id_hash = ? AND created_at > ?`),
		idHash, time.Now().Add(-sessionTTL).UnixNano()).Scan(&se.ClassID, &se.CSRF, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("could not read the session: %w", err)
	}
	se.CreatedAt = time.Unix(0, created).UTC()
	return &se, nil
}
