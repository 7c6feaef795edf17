package progress

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dockademy/dockademy/checker"
	"github.com/dockademy/dockademy/internal/events"
)

func checkEvent(unit string, passed bool, failing ...string) events.Event {
	e := events.New(events.Check, unit)
	rep := &checker.Report{Exercise: unit, Passed: passed, MaxScore: 3, Score: 3}
	rep.Steps = append(rep.Steps, checker.StepResult{Name: "built", Status: checker.Passed})
	for _, name := range failing {
		rep.Score--
		rep.Steps = append(rep.Steps, checker.StepResult{Name: name, Status: checker.Failed})
	}
	rep.Steps = append(rep.Steps, checker.StepResult{Name: "later", Status: checker.Skipped})
	e.Check = rep
	return e
}

func hintEvent(unit string, index int, step string) events.Event {
	e := events.New(events.Hint, unit)
	e.Hint = &events.HintUse{Index: index, Step: step}
	return e
}

func quizEvent(unit string, correct bool) events.Event {
	e := events.New(events.Quiz, unit)
	e.Quiz = &events.QuizAnswer{Chosen: []int{1}, Correct: correct}
	return e
}

func open(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), ".dockademy"))
	require.NoError(t, err)
	return s
}

func record(t *testing.T, s *Store, evs ...events.Event) {
	t.Helper()
	for _, e := range evs {
		require.NoError(t, s.Record(context.Background(), e))
	}
}

func TestRecordFoldsEvents(t *testing.T) {
	const ex = "basics/hello"
	tests := []struct {
		name   string
		events []events.Event
		want   UnitState // the fields compared; times are checked apart
	}{
		{"a failing check", []events.Event{checkEvent(ex, false, "runs")},
			UnitState{Status: StatusFailing, Attempts: 1, Score: 2, MaxScore: 3, LastFailing: []string{"runs"}}},
		{"fail then pass", []events.Event{checkEvent(ex, false, "runs", "serves"), checkEvent(ex, true)},
			UnitState{Status: StatusPassed, Attempts: 2, Score: 3, MaxScore: 3}},
		{"a pass stays a pass", []events.Event{checkEvent(ex, true), checkEvent(ex, false, "runs")},
			UnitState{Status: StatusPassed, Attempts: 2, Score: 3, MaxScore: 3, LastFailing: []string{"runs"}}},
		{"hints: tips and a step's hint", []events.Event{
			checkEvent(ex, false, "runs"), hintEvent(ex, 0, "runs"), hintEvent(ex, 1, ""), hintEvent(ex, 2, "")},
			UnitState{Status: StatusFailing, Attempts: 1, Hints: 3, Score: 2, MaxScore: 3,
				LastFailing: []string{"runs"}, TipsShown: 2, StepHints: []string{"runs"}}},
		{"a hint before any check starts the unit", []events.Event{hintEvent(ex, 1, "")},
			UnitState{Status: StatusStarted, Hints: 1, TipsShown: 1}},
		{"solution viewed", []events.Event{checkEvent(ex, false, "runs"), events.New(events.Solution, ex)},
			UnitState{Status: StatusFailing, Attempts: 1, Solution: true, Score: 2, MaxScore: 3, LastFailing: []string{"runs"}}},
		{"reset of a failing unit", []events.Event{checkEvent(ex, false, "runs"), events.New(events.Reset, ex)},
			UnitState{Status: StatusStarted, Attempts: 1, Score: 2, MaxScore: 3, Resets: 1}},
		{"reset keeps a pass", []events.Event{checkEvent(ex, true), events.New(events.Reset, ex)},
			UnitState{Status: StatusPassed, Attempts: 1, Score: 3, MaxScore: 3, Resets: 1}},
		{"quiz wrong then right", []events.Event{quizEvent(ex, false), quizEvent(ex, true)},
			UnitState{Status: StatusPassed, Attempts: 2, Score: 1, MaxScore: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			record(t, s, tt.events...)
			st, err := s.State()
			require.NoError(t, err)
			got := st.Unit(ex)
			assert.False(t, got.FirstAt.IsZero())
			assert.False(t, got.LastAt.Before(got.FirstAt))
			assert.Equal(t, tt.want.Status == StatusPassed, !got.PassedAt.IsZero())
			got.FirstAt, got.LastAt, got.PassedAt = time.Time{}, time.Time{}, time.Time{}
			assert.Equal(t, tt.want, got)
			if tt.events[0].Kind != events.Quiz {
				assert.Equal(t, ex, st.Current)
			}

			log, err := s.Log()
			require.NoError(t, err)
			assert.Len(t, log, len(tt.events))
		})
	}
}

func TestDoctorEventsTouchNoUnit(t *testing.T) {
	s := open(t)
	e := events.New(events.Doctor, "")
	e.Doctor = &events.DoctorResult{OK: true}
	record(t, s, e)
	st, err := s.State()
	require.NoError(t, err)
	assert.Empty(t, st.Units)
	log, err := s.Log()
	require.NoError(t, err)
	require.Len(t, log, 1)
	assert.True(t, log[0].Doctor.OK)
}

func TestPositionAndStart(t *testing.T) {
	s := open(t)
	require.NoError(t, s.SetPosition("basics", 3))
	require.NoError(t, s.Start("basics/hello"))
	record(t, s, checkEvent("basics/hello", true))
	require.NoError(t, s.Start("basics/hello")) // opening a passed unit again keeps the pass
	st, err := s.State()
	require.NoError(t, err)
	assert.Equal(t, "basics", st.Lesson)
	assert.Equal(t, 3, st.Section)
	assert.Equal(t, StatusPassed, st.Unit("basics/hello").Status)
	assert.Equal(t, "basics/hello", st.Current)
}

// The damage a crash or a kill can leave, and what the next reader makes of it.
func TestRecovery(t *testing.T) {
	const ex = "basics/hello"
	tests := []struct {
		name   string
		damage func(t *testing.T, dir string)
	}{
		{"state.json missing", func(t *testing.T, dir string) {
			require.NoError(t, os.Remove(filepath.Join(dir, StateFile)))
		}},
		{"state.json corrupt", func(t *testing.T, dir string) {
			require.NoError(t, os.WriteFile(filepath.Join(dir, StateFile), []byte(`{"version": 1, "units": {`), 0o644))
		}},
		{"state.json of an unknown version", func(t *testing.T, dir string) {
			require.NoError(t, os.WriteFile(filepath.Join(dir, StateFile), []byte(`{"version": 99}`), 0o644))
		}},
		{"state.json behind the log (killed between append and summary)", func(t *testing.T, dir string) {
			e := checkEvent(ex, true)
			b, _ := json.Marshal(e)
			appendRaw(t, dir, append(b, '\n'))
		}},
		{"a torn last line", func(t *testing.T, dir string) {
			b, _ := json.Marshal(checkEvent(ex, true))
			appendRaw(t, dir, b[:len(b)/2])
		}},
		{"a torn last line that is whole JSON without its newline", func(t *testing.T, dir string) {
			b, _ := json.Marshal(checkEvent(ex, true))
			appendRaw(t, dir, b)
		}},
		{"a log shorter than the summary says", func(t *testing.T, dir string) {
			p := filepath.Join(dir, LogFile)
			b, err := os.ReadFile(p)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(p, b[:0], 0o644))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			record(t, s, checkEvent(ex, false, "runs"), hintEvent(ex, 1, ""))
			before, err := s.State()
			require.NoError(t, err)
			tt.damage(t, s.Dir())

			st, err := s.State()
			require.NoError(t, err)
			log, err := s.Log()
			require.NoError(t, err)
			u := st.Unit(ex)
			// Whatever the damage, the summary agrees with the log as it reads now.
			assert.Equal(t, countKind(log, events.Check), u.Attempts)
			assert.Equal(t, countKind(log, events.Hint), u.Hints)
			if len(log) >= 2 {
				assert.GreaterOrEqual(t, u.Attempts, before.Unit(ex).Attempts)
			}

			// The store keeps working: a new event lands on a clean line and counts.
			record(t, s, checkEvent(ex, false, "serves"))
			st, err = s.State()
			require.NoError(t, err)
			log, err = s.Log()
			require.NoError(t, err)
			assert.Equal(t, countKind(log, events.Check), st.Unit(ex).Attempts)
			assert.Equal(t, []string{"serves"}, st.Unit(ex).LastFailing)
			assert.Equal(t, events.Check, log[len(log)-1].Kind)

			// And a rebuild from the log alone gives the same summary.
			require.NoError(t, os.Remove(filepath.Join(s.Dir(), StateFile)))
			rebuilt, err := s.State()
			require.NoError(t, err)
			assert.Equal(t, st.Units, rebuilt.Units)
		})
	}
}

func appendRaw(t *testing.T, dir string, b []byte) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(dir, LogFile), os.O_APPEND|os.O_WRONLY, 0o644)
	require.NoError(t, err)
	_, err = f.Write(b)
	require.NoError(t, err)
	require.NoError(t, f.Close())
}

func countKind(log []events.Event, k events.Kind) int {
	n := 0
	for _, e := range log {
		if e.Kind == k {
			n++
		}
	}
	return n
}

func TestDamagedLineInTheMiddleIsSkipped(t *testing.T) {
	s := open(t)
	record(t, s, checkEvent("a/b", false, "x"))
	appendRaw(t, s.Dir(), []byte("{not json\n"))
	record(t, s, checkEvent("a/b", true))
	require.NoError(t, os.Remove(filepath.Join(s.Dir(), StateFile)))
	st, err := s.State()
	require.NoError(t, err)
	assert.Equal(t, 2, st.Unit("a/b").Attempts)
	assert.Equal(t, StatusPassed, st.Unit("a/b").Status)
}

func TestConcurrentWritersInOneProcess(t *testing.T) {
	dir := filepath.Join(t.TempDir(), ".dockademy")
	const writers, each = 8, 25
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Separate stores, as separate commands would have: only the file lock
			// keeps them apart.
			s, err := Open(dir)
			if !assert.NoError(t, err) {
				return
			}
			for i := range each {
				assert.NoError(t, s.Record(context.Background(), checkEvent("u/"+strconv.Itoa(w), i%2 == 0)))
				if i%5 == 0 {
					assert.NoError(t, s.SetPosition("u", i))
				}
			}
		}()
	}
	wg.Wait()
	assertCounts(t, dir, writers, each)
}

// TestConcurrentProcesses runs writers as separate processes (this test binary
// re-run), the way `check` and `watch` share a workspace.
func TestConcurrentProcesses(t *testing.T) {
	if dir := os.Getenv("PROGRESS_TEST_WRITER_DIR"); dir != "" {
		s, err := Open(dir)
		require.NoError(t, err)
		for i := range 25 {
			require.NoError(t, s.Record(context.Background(), checkEvent("u/"+os.Getenv("PROGRESS_TEST_WRITER"), i%2 == 0)))
		}
		return
	}
	dir := filepath.Join(t.TempDir(), ".dockademy")
	const writers = 4
	var cmds []*exec.Cmd
	for w := range writers {
		cmd := exec.Command(os.Args[0], "-test.run=^TestConcurrentProcesses$")
		cmd.Env = append(os.Environ(), "PROGRESS_TEST_WRITER_DIR="+dir, "PROGRESS_TEST_WRITER="+strconv.Itoa(w))
		require.NoError(t, cmd.Start())
		cmds = append(cmds, cmd)
	}
	for _, cmd := range cmds {
		require.NoError(t, cmd.Wait())
	}
	assertCounts(t, dir, writers, 25)
}

func assertCounts(t *testing.T, dir string, writers, each int) {
	t.Helper()
	s, err := Open(dir)
	require.NoError(t, err)
	log, err := s.Log()
	require.NoError(t, err)
	assert.Len(t, log, writers*each)
	st, err := s.State()
	require.NoError(t, err)
	// The saved summary itself (not a replay) holds every event.
	b, err := os.ReadFile(filepath.Join(dir, StateFile))
	require.NoError(t, err)
	var saved State
	require.NoError(t, json.Unmarshal(b, &saved))
	for w := range writers {
		id := "u/" + strconv.Itoa(w)
		assert.Equal(t, each, st.Unit(id).Attempts, id)
		require.Contains(t, saved.Units, id)
		assert.Equal(t, each, saved.Units[id].Attempts, id)
		assert.Equal(t, StatusPassed, st.Unit(id).Status)
	}
}

// TestKilledWriter kills writer processes at random moments; whatever they left, the
// record reads cleanly and stays consistent with its log.
func TestKilledWriter(t *testing.T) {
	if dir := os.Getenv("PROGRESS_TEST_LOOP_DIR"); dir != "" {
		s, err := Open(dir)
		require.NoError(t, err)
		for i := 0; ; i++ {
			require.NoError(t, s.Record(context.Background(), checkEvent("k/loop", i%3 == 0, "x")))
		}
	}
	if testing.Short() {
		t.Skip("kills processes; skipped with -short")
	}
	dir := filepath.Join(t.TempDir(), ".dockademy")
	for round := range 5 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKilledWriter$")
		cmd.Env = append(os.Environ(), "PROGRESS_TEST_LOOP_DIR="+dir)
		require.NoError(t, cmd.Start())
		time.Sleep(time.Duration(150+round*37) * time.Millisecond)
		require.NoError(t, cmd.Process.Kill())
		_ = cmd.Wait()

		s, err := Open(dir)
		require.NoError(t, err)
		st, err := s.State()
		require.NoError(t, err, "round %d", round)
		log, err := s.Log()
		require.NoError(t, err)
		assert.Equal(t, len(log), st.Unit("k/loop").Attempts, "round %d", round)
	}
	// The state file is never half written: it parses.
	b, err := os.ReadFile(filepath.Join(dir, StateFile))
	require.NoError(t, err)
	assert.True(t, json.Valid(b), fmt.Sprintf("%.200s", b))
}

func TestRecordHonoursCancel(t *testing.T) {
	s := open(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, s.Record(ctx, checkEvent("a/b", true)), context.Canceled)
	log, err := s.Log()
	require.NoError(t, err)
	assert.Empty(t, log)
}

// Benchmarks: Record pays an fsync; State reads the summary and replays nothing when
// the summary is current; a rebuild replays the whole log.
func BenchmarkRecord(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), ".dockademy"))
	require.NoError(b, err)
	for b.Loop() {
		require.NoError(b, s.Record(context.Background(), checkEvent("a/b", false, "x")))
	}
}

func benchStore(b *testing.B, events int) *Store {
	b.Helper()
	s, err := Open(filepath.Join(b.TempDir(), ".dockademy"))
	require.NoError(b, err)
	f, err := os.Create(filepath.Join(s.Dir(), LogFile))
	require.NoError(b, err)
	for i := range events {
		line, _ := json.Marshal(checkEvent("u/"+strconv.Itoa(i%40), i%2 == 0, "x"))
		_, _ = f.Write(append(line, '\n'))
	}
	require.NoError(b, f.Close())
	return s
}

func BenchmarkStateCurrent(b *testing.B) {
	s := benchStore(b, 1000)
	require.NoError(b, s.SetPosition("u", 1)) // writes the summary
	for b.Loop() {
		_, err := s.State()
		require.NoError(b, err)
	}
}

func BenchmarkStateRebuild1000(b *testing.B) {
	s := benchStore(b, 1000)
	for b.Loop() {
		_, err := s.State()
		require.NoError(b, err)
	}
}
