package server

import (
	"context"
	"fmt"
	"html/template"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/dockademy/dockademy/internal/classroom/store"
)

// Cell states, also the export's status column and the grid's CSS classes.
const (
	statusPassed     = "passed"
	statusFailing    = "failing"
	statusStarted    = "started" // hints or the solution seen, not yet checked
	statusNotStarted = "not-started"
)

type board struct {
	Class     *store.Class
	JoinURL   string
	Units     []Unit
	Rows      []row
	NeedsHelp []help
	Doctor    []doctor
	Passed    int // cells passed, for the summary line
}

type row struct {
	Learner store.Learner
	Cells   []cell
}

type cell struct {
	Unit   string
	Status string
	store.Progress
}

// Text is what the grid cell shows: ✔, ✘ with the number of attempts, or nothing.
func (c cell) Text() string {
	switch c.Status {
	case statusPassed:
		return "✔"
	case statusFailing:
		return fmt.Sprintf("✘ %d", c.Attempts)
	case statusStarted:
		return "…"
	}
	return "·"
}

type help struct {
	Learner store.Learner
	Unit    string
	Reasons []string
	since   time.Time
}

type doctor struct {
	Learner store.Learner
}

func cellStatus(p store.Progress) string {
	switch {
	case p.Passed:
		return statusPassed
	case p.Attempts > 0:
		return statusFailing
	case p.Hints > 0 || p.Solution:
		return statusStarted
	}
	return statusNotStarted
}

// board reads the class and works out everything the dashboard shows. Nothing is
// cached between requests: memory stays proportional to one class's grid.
func (s *Server) board(ctx context.Context, c *store.Class) (*board, error) {
	learners, err := s.st.Learners(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	progress, err := s.st.Progress(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	b := &board{Class: c, Units: s.gridUnits(progress)}
	byCell := map[[2]string]store.Progress{}
	for _, p := range progress {
		byCell[[2]string{p.LearnerID, p.Unit}] = p
	}
	now := s.opts.Now()
	for _, l := range learners {
		r := row{Learner: l}
		for _, u := range b.Units {
			p := byCell[[2]string{l.ID, u.ID}]
			st := cellStatus(p)
			r.Cells = append(r.Cells, cell{Unit: u.ID, Status: st, Progress: p})
			if st == statusPassed {
				b.Passed++
			}
			if h := s.needsHelp(l, u.ID, p, now); h != nil {
				b.NeedsHelp = append(b.NeedsHelp, *h)
			}
		}
		b.Rows = append(b.Rows, r)
		if l.Doctor != nil && len(l.Doctor.Problems) > 0 {
			b.Doctor = append(b.Doctor, doctor{Learner: l})
		}
	}
	sort.SliceStable(b.NeedsHelp, func(i, j int) bool { return b.NeedsHelp[i].since.Before(b.NeedsHelp[j].since) })
	return b, nil
}

// needsHelp says why a learner may be stuck on a unit, or nil when they are not.
func (s *Server) needsHelp(l store.Learner, unit string, p store.Progress, now time.Time) *help {
	if p.Passed {
		return nil
	}
	var why []string
	if !p.FirstFail.IsZero() && now.Sub(p.FirstFail) >= s.opts.HelpAfter {
		why = append(why, fmt.Sprintf("failing for %d min", int(now.Sub(p.FirstFail).Minutes())))
	}
	if p.Attempts >= s.opts.HelpAttempts {
		why = append(why, fmt.Sprintf("%d attempts", p.Attempts))
	}
	if p.Hints >= s.opts.HelpHints {
		why = append(why, fmt.Sprintf("%d hints", p.Hints))
	}
	if len(why) == 0 {
		return nil
	}
	if p.Solution {
		why = append(why, "looked at the solution")
	}
	since := p.FirstFail
	if since.IsZero() {
		since = p.LastTime
	}
	return &help{Learner: l, Unit: unit, Reasons: why, since: since}
}

// gridUnits is the course's exercises, then any other unit a learner checked (a
// course newer than the server's, say), so that nothing sent is hidden.
func (s *Server) gridUnits(progress []store.Progress) []Unit {
	var units []Unit
	known := map[string]bool{}
	for _, u := range s.opts.Units {
		known[u.ID] = true
		if !u.Quiz {
			units = append(units, u)
		}
	}
	var extra []string
	for _, p := range progress {
		if !known[p.Unit] && p.Attempts > 0 && !slices.Contains(extra, p.Unit) {
			extra = append(extra, p.Unit)
		}
	}
	sort.Strings(extra)
	for _, u := range extra {
		units = append(units, Unit{ID: u, Title: u})
	}
	return units
}

func (s *Server) unitTitle(id string) string {
	for _, u := range s.opts.Units {
		if u.ID == id {
			return u.Title
		}
	}
	return id
}

var funcs = template.FuncMap{
	// short is the exercise part of "<lesson-id>/<exercise-id>", for narrow columns.
	"short": func(id string) string {
		if _, ex, ok := strings.Cut(id, "/"); ok {
			return ex
		}
		return id
	},
	"clock": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Local().Format("15:04:05")
	},
}
