package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/dockademy/dockademy/internal/events"
)

// UnitOf is the unit an event is about: its Unit, or for a check without one, the
// report's exercise.
func UnitOf(e events.Event) string {
	if e.Unit == "" && e.Check != nil {
		return e.Check.Exercise
	}
	return e.Unit
}

// delta is what a batch of new events adds to one progress row.
type delta struct {
	attempts, hints  int
	passed, solution bool
	firstFail, last  int64
	lastCheckTime    int64
	lastCheckID      string
}

// upsertProgress folds a delta into a row. Every column merges so that the order in
// which batches arrive does not matter (an outbox may deliver old events late), and
// two server processes adding to one row at once both count.
const upsertProgress = `INSERT INTO progress
	(learner_id, unit, attempts, passed, first_fail, hints, solution, last_time, last_check_time, last_check_id)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (learner_id, unit) DO UPDATE SET
	attempts = progress.attempts + excluded.attempts,
	passed = CASE WHEN excluded.passed > progress.passed THEN excluded.passed ELSE progress.passed END,
	first_fail = CASE WHEN progress.first_fail = 0 OR (excluded.first_fail <> 0 AND excluded.first_fail < progress.first_fail)
		THEN excluded.first_fail ELSE progress.first_fail END,
	hints = progress.hints + excluded.hints,
	solution = CASE WHEN excluded.solution > progress.solution THEN excluded.solution ELSE progress.solution END,
	last_time = CASE WHEN excluded.last_time > progress.last_time THEN excluded.last_time ELSE progress.last_time END,
	last_check_id = CASE WHEN excluded.last_check_time > progress.last_check_time THEN excluded.last_check_id ELSE progress.last_check_id END,
	last_check_time = CASE WHEN excluded.last_check_time > progress.last_check_time THEN excluded.last_check_time ELSE progress.last_check_time END`

func (s *sqlStore) AddEvents(ctx context.Context, l *Learner, evs []events.Event) ([]events.Event, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("could not store events: %w", err)
	}
	defer tx.Rollback()
	now := time.Now().UnixNano()
	insert := s.q(`INSERT INTO events (learner_id, id, time, received_at, kind, unit, body) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`)
	var added []events.Event
	deltas := map[string]*delta{}
	var doctor *events.Event
	for _, e := range evs {
		body, err := json.Marshal(e)
		if err != nil {
			return nil, fmt.Errorf("could not store event %s: %w", e.ID, err)
		}
		res, err := tx.ExecContext(ctx, insert, l.ID, e.ID, e.Time.UnixNano(), now, string(e.Kind), UnitOf(e), string(body))
		if err != nil {
			return nil, fmt.Errorf("could not store event %s: %w", e.ID, err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			continue // already stored: acknowledged again, counted once
		}
		added = append(added, e)
		if e.Kind == events.Doctor && e.Doctor != nil && (doctor == nil || e.Time.After(doctor.Time)) {
			doctor = &e
		}
		fold(deltas, e)
	}
	units := make([]string, 0, len(deltas))
	for u := range deltas {
		units = append(units, u)
	}
	// A fixed order keeps two transactions from locking rows in opposite orders.
	sort.Strings(units)
	for _, u := range units {
		d := deltas[u]
		if _, err := tx.ExecContext(ctx, s.q(upsertProgress), l.ID, u, d.attempts, b2i(d.passed), d.firstFail,
			d.hints, b2i(d.solution), d.last, d.lastCheckTime, d.lastCheckID); err != nil {
			return nil, fmt.Errorf("could not update progress: %w", err)
		}
	}
	if doctor != nil {
		body, _ := json.Marshal(doctor.Doctor)
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE learners SET doctor = ?, doctor_time = ? WHERE id = ? AND doctor_time < ?`),
			string(body), doctor.Time.UnixNano(), l.ID, doctor.Time.UnixNano()); err != nil {
			return nil, fmt.Errorf("could not store the doctor result: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("could not store events: %w", err)
	}
	return added, nil
}

// fold adds one new event to the delta of its unit.
func fold(deltas map[string]*delta, e events.Event) {
	unit := UnitOf(e)
	if unit == "" {
		return
	}
	var counts bool
	t := e.Time.UnixNano()
	d := deltas[unit]
	if d == nil {
		d = &delta{}
	}
	switch e.Kind {
	case events.Check:
		if e.Check == nil {
			return
		}
		counts = true
		d.attempts++
		if e.Check.Passed {
			d.passed = true
		} else if d.firstFail == 0 || t < d.firstFail {
			d.firstFail = t
		}
		if t > d.lastCheckTime || d.lastCheckID == "" {
			d.lastCheckTime, d.lastCheckID = t, e.ID
		}
	case events.Quiz:
		if e.Quiz == nil {
			return
		}
		counts = true
		d.attempts++
		if e.Quiz.Correct {
			d.passed = true
		} else if d.firstFail == 0 || t < d.firstFail {
			d.firstFail = t
		}
	case events.Hint:
		counts = true
		d.hints++
	case events.Solution:
		counts = true
		d.solution = true
	}
	if !counts {
		return
	}
	if t > d.last {
		d.last = t
	}
	deltas[unit] = d
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

const progressCols = `p.learner_id, p.unit, p.attempts, p.passed, p.first_fail, p.hints, p.solution, p.last_time`

func scanProgress(rows *sql.Rows, withBody bool) (Progress, error) {
	var p Progress
	var passed, solution int
	var firstFail, last int64
	var body sql.NullString
	dest := []any{&p.LearnerID, &p.Unit, &p.Attempts, &passed, &firstFail, &p.Hints, &solution, &last}
	if withBody {
		dest = append(dest, &body)
	}
	if err := rows.Scan(dest...); err != nil {
		return p, err
	}
	p.Passed, p.Solution = passed != 0, solution != 0
	if firstFail != 0 {
		p.FirstFail = time.Unix(0, firstFail).UTC()
	}
	if last != 0 {
		p.LastTime = time.Unix(0, last).UTC()
	}
	if body.Valid && body.String != "" {
		var e events.Event
		if err := json.Unmarshal([]byte(body.String), &e); err != nil {
			return p, fmt.Errorf("broken event in the store: %w", err)
		}
		p.LastCheck = &e
	}
	return p, nil
}

func (s *sqlStore) Progress(ctx context.Context, classID string) ([]Progress, error) {
	rows, err := s.r.QueryContext(ctx, s.q(`SELECT `+progressCols+` FROM progress p
		JOIN learners l ON l.id = p.learner_id WHERE l.class_id = ? ORDER BY p.learner_id, p.unit`), classID)
	if err != nil {
		return nil, fmt.Errorf("could not read progress: %w", err)
	}
	defer rows.Close()
	var ps []Progress
	for rows.Next() {
		p, err := scanProgress(rows, false)
		if err != nil {
			return nil, fmt.Errorf("could not read progress: %w", err)
		}
		ps = append(ps, p)
	}
	return ps, rows.Err()
}

func (s *sqlStore) LearnerProgress(ctx context.Context, learnerID string) ([]Progress, error) {
	rows, err := s.r.QueryContext(ctx, s.q(`SELECT `+progressCols+`, e.body FROM progress p
		LEFT JOIN events e ON e.learner_id = p.learner_id AND e.id = p.last_check_id
		WHERE p.learner_id = ? ORDER BY p.unit`), learnerID)
	if err != nil {
		return nil, fmt.Errorf("could not read the learner's progress: %w", err)
	}
	defer rows.Close()
	var ps []Progress
	for rows.Next() {
		p, err := scanProgress(rows, true)
		if err != nil {
			return nil, fmt.Errorf("could not read the learner's progress: %w", err)
		}
		ps = append(ps, p)
	}
	return ps, rows.Err()
}
