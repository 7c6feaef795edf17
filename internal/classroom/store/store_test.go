package store_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dockademy/dockademy/checker"
	"github.com/dockademy/dockademy/internal/classroom/store"
	"github.com/dockademy/dockademy/internal/classroom/store/pgtest"
	"github.com/dockademy/dockademy/internal/events"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}

// backends opens a fresh, empty store of each kind; the same suite runs on both.
var backends = []struct {
	name string
	dsn  func(t *testing.T) string
}{
	{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "class.db") }},
	{"postgres", func(t *testing.T) string { return pgtest.Database(t) }},
}

func TestStores(t *testing.T) {
	suite := []struct {
		name string
		run  func(t *testing.T, open func() store.Store)
	}{
		{"classes", testClasses},
		{"learners", testLearners},
		{"events are counted once", testIdempotent},
		{"progress", testProgress},
		{"late delivery", testLateDelivery},
		{"doctor", testDoctor},
		{"learner page", testLearnerProgress},
		{"sessions", testSessions},
		{"concurrent duplicates", testConcurrent},
		{"reopen keeps everything", testReopen},
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			for _, tc := range suite {
				t.Run(tc.name, func(t *testing.T) {
					dsn := b.dsn(t)
					var opened []store.Store
					open := func() store.Store {
						s, err := store.Open(context.Background(), dsn)
						require.NoError(t, err)
						opened = append(opened, s)
						return s
					}
					t.Cleanup(func() {
						for _, s := range opened {
							s.Close()
						}
					})
					tc.run(t, open)
				})
			}
		})
	}
}

var t0 = time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)

func newClass(t *testing.T, s store.Store, id string) *store.Class {
	t.Helper()
	c := store.Class{ID: id, JoinCode: "CODE" + id, InstructorToken: "tok-" + id, CreatedAt: time.Now().UTC()}
	require.NoError(t, s.CreateClass(context.Background(), c))
	return &c
}

func newLearner(t *testing.T, s store.Store, c *store.Class, id, name string) *store.Learner {
	t.Helper()
	l := store.Learner{ID: id, ClassID: c.ID, Name: name, JoinedAt: time.Now().UTC()}
	require.NoError(t, s.AddLearner(context.Background(), l, "hash-"+id))
	return &l
}

func check(id, unit string, passed bool, at time.Time) events.Event {
	st := checker.Failed
	if passed {
		st = checker.Passed
	}
	return events.Event{ID: id, Time: at, Kind: events.Check, Unit: unit, Check: &checker.Report{
		Exercise: unit, Passed: passed,
		Steps: []checker.StepResult{{Name: "http", Status: st, Expected: "Hello", Actual: "Bye " + id}},
	}}
}

func testClasses(t *testing.T, open func() store.Store) {
	ctx := context.Background()
	s := open()
	_, err := s.LatestClass(ctx)
	assert.ErrorIs(t, err, store.ErrNotFound)
	a := newClass(t, s, "a")
	time.Sleep(time.Millisecond)
	b := newClass(t, s, "b")

	got, err := s.LatestClass(ctx)
	require.NoError(t, err)
	assert.Equal(t, b.ID, got.ID)
	got, err = s.ClassByCode(ctx, a.JoinCode)
	require.NoError(t, err)
	assert.Equal(t, a.InstructorToken, got.InstructorToken)
	got, err = s.ClassByID(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, a.JoinCode, got.JoinCode)
	got, err = s.ClassByInstructorToken(ctx, b.InstructorToken)
	require.NoError(t, err)
	assert.Equal(t, b.JoinCode, got.JoinCode)
	_, err = s.ClassByCode(ctx, "NOPE")
	assert.ErrorIs(t, err, store.ErrNotFound)

	require.NoError(t, s.SetCurrentExercise(ctx, a.ID, "dockerfile-basics/echo"))
	got, err = s.ClassByCode(ctx, a.JoinCode)
	require.NoError(t, err)
	assert.Equal(t, "dockerfile-basics/echo", got.CurrentExercise)
	assert.ErrorIs(t, s.SetCurrentExercise(ctx, "missing", "x"), store.ErrNotFound)
}

func testLearners(t *testing.T, open func() store.Store) {
	ctx := context.Background()
	s := open()
	a, b := newClass(t, s, "a"), newClass(t, s, "b")
	newLearner(t, s, a, "l1", "Ann")
	newLearner(t, s, a, "l2", "<script>alert(1)</script>")
	newLearner(t, s, b, "l3", "Ann") // the same name in another class is fine

	err := s.AddLearner(ctx, store.Learner{ID: "l4", ClassID: a.ID, Name: "Ann", JoinedAt: time.Now()}, "hash-l4")
	assert.ErrorIs(t, err, store.ErrNameTaken)

	l, err := s.LearnerByTokenHash(ctx, "hash-l2")
	require.NoError(t, err)
	assert.Equal(t, "<script>alert(1)</script>", l.Name)
	assert.Equal(t, a.ID, l.ClassID)
	_, err = s.LearnerByTokenHash(ctx, "hash-nobody")
	assert.ErrorIs(t, err, store.ErrNotFound)

	ls, err := s.Learners(ctx, a.ID)
	require.NoError(t, err)
	require.Len(t, ls, 2)
	assert.Equal(t, []string{"l1", "l2"}, []string{ls[0].ID, ls[1].ID})
}

func testIdempotent(t *testing.T, open func() store.Store) {
	ctx := context.Background()
	s := open()
	c := newClass(t, s, "a")
	ann, bob := newLearner(t, s, c, "l1", "Ann"), newLearner(t, s, c, "l2", "Bob")
	batch := []events.Event{check("e1", "l/x", false, t0), check("e2", "l/x", true, t0.Add(time.Minute))}

	added, err := s.AddEvents(ctx, ann, batch)
	require.NoError(t, err)
	assert.Len(t, added, 2)
	// The acknowledgement was lost: the outbox sends the same batch, and one more.
	added, err = s.AddEvents(ctx, ann, append(batch, check("e3", "l/x", false, t0.Add(2*time.Minute))))
	require.NoError(t, err)
	require.Len(t, added, 1)
	assert.Equal(t, "e3", added[0].ID)
	// Another learner's event with the same ID is theirs, not a duplicate.
	added, err = s.AddEvents(ctx, bob, batch[:1])
	require.NoError(t, err)
	assert.Len(t, added, 1)

	ps, err := s.Progress(ctx, c.ID)
	require.NoError(t, err)
	require.Len(t, ps, 2)
	assert.Equal(t, 3, ps[0].Attempts)
	assert.Equal(t, 1, ps[1].Attempts)
}

func testProgress(t *testing.T, open func() store.Store) {
	ctx := context.Background()
	s := open()
	c := newClass(t, s, "a")
	l := newLearner(t, s, c, "l1", "Ann")
	hint := events.Event{ID: "h1", Time: t0.Add(3 * time.Minute), Kind: events.Hint, Unit: "l/x", Hint: &events.HintUse{Index: 1}}
	sol := events.Event{ID: "s1", Time: t0.Add(4 * time.Minute), Kind: events.Solution, Unit: "l/y"}
	quiz := events.Event{ID: "q1", Time: t0, Kind: events.Quiz, Unit: "l/q", Quiz: &events.QuizAnswer{Chosen: []int{1}, Correct: true}}
	noUnit := check("c0", "", false, t0)
	noUnit.Check.Exercise = "l/z" // a check without Unit counts for its report's exercise
	_, err := s.AddEvents(ctx, l, []events.Event{
		check("c1", "l/x", false, t0.Add(2*time.Minute)), check("c2", "l/x", false, t0.Add(time.Minute)),
		hint, sol, quiz, noUnit,
	})
	require.NoError(t, err)

	ps, err := s.Progress(ctx, c.ID)
	require.NoError(t, err)
	byUnit := map[string]store.Progress{}
	for _, p := range ps {
		byUnit[p.Unit] = p
	}
	require.Len(t, byUnit, 4)
	x := byUnit["l/x"]
	assert.Equal(t, 2, x.Attempts)
	assert.False(t, x.Passed)
	assert.Equal(t, t0.Add(time.Minute), x.FirstFail)
	assert.Equal(t, 1, x.Hints)
	assert.Equal(t, t0.Add(3*time.Minute), x.LastTime)
	assert.True(t, byUnit["l/y"].Solution)
	assert.Equal(t, 0, byUnit["l/y"].Attempts)
	assert.True(t, byUnit["l/q"].Passed)
	assert.Equal(t, 1, byUnit["l/z"].Attempts)
}

func testLateDelivery(t *testing.T, open func() store.Store) {
	ctx := context.Background()
	s := open()
	c := newClass(t, s, "a")
	l := newLearner(t, s, c, "l1", "Ann")
	_, err := s.AddEvents(ctx, l, []events.Event{check("new", "l/x", true, t0.Add(time.Hour))})
	require.NoError(t, err)
	// An old failure arrives after the pass, from another workspace's outbox.
	_, err = s.AddEvents(ctx, l, []events.Event{check("old", "l/x", false, t0)})
	require.NoError(t, err)

	ps, err := s.LearnerProgress(ctx, l.ID)
	require.NoError(t, err)
	require.Len(t, ps, 1)
	assert.True(t, ps[0].Passed)
	assert.Equal(t, 2, ps[0].Attempts)
	assert.Equal(t, t0.Add(time.Hour), ps[0].LastTime)
	require.NotNil(t, ps[0].LastCheck)
	assert.Equal(t, "new", ps[0].LastCheck.ID, "the latest report is the newest by time, not by arrival")
}

func testDoctor(t *testing.T, open func() store.Store) {
	ctx := context.Background()
	s := open()
	c := newClass(t, s, "a")
	l := newLearner(t, s, c, "l1", "Ann")
	broken := events.Event{ID: "d1", Time: t0.Add(time.Minute), Kind: events.Doctor, Doctor: &events.DoctorResult{
		Problems: []events.Problem{{Check: "engine", Message: "cannot reach the Docker Engine", Remedy: "start Docker"}},
	}}
	older := events.Event{ID: "d0", Time: t0, Kind: events.Doctor, Doctor: &events.DoctorResult{OK: true}}
	_, err := s.AddEvents(ctx, l, []events.Event{broken})
	require.NoError(t, err)
	_, err = s.AddEvents(ctx, l, []events.Event{older})
	require.NoError(t, err)

	ls, err := s.Learners(ctx, c.ID)
	require.NoError(t, err)
	require.Len(t, ls, 1)
	require.NotNil(t, ls[0].Doctor)
	assert.False(t, ls[0].Doctor.OK, "an older result delivered late does not hide a newer one")
	assert.Equal(t, "cannot reach the Docker Engine", ls[0].Doctor.Problems[0].Message)
	assert.Equal(t, t0.Add(time.Minute), ls[0].DoctorTime)
	ps, err := s.Progress(ctx, c.ID)
	require.NoError(t, err)
	assert.Empty(t, ps, "doctor results are about the setup, not a unit")
}

func testLearnerProgress(t *testing.T, open func() store.Store) {
	ctx := context.Background()
	s := open()
	c := newClass(t, s, "a")
	l := newLearner(t, s, c, "l1", "Ann")
	_, err := s.AddEvents(ctx, l, []events.Event{
		check("c1", "l/x", false, t0), check("c2", "l/x", false, t0.Add(time.Second)),
		{ID: "h1", Time: t0, Kind: events.Hint, Unit: "l/y", Hint: &events.HintUse{Index: 1}},
	})
	require.NoError(t, err)
	ps, err := s.LearnerProgress(ctx, l.ID)
	require.NoError(t, err)
	require.Len(t, ps, 2)
	require.NotNil(t, ps[0].LastCheck)
	assert.Equal(t, "Bye c2", ps[0].LastCheck.Check.Steps[0].Actual)
	assert.Nil(t, ps[1].LastCheck, "a hint alone has no report")
}

func testSessions(t *testing.T, open func() store.Store) {
	ctx := context.Background()
	s := open()
	c := newClass(t, s, "a")
	require.NoError(t, s.CreateSession(ctx, "h1", store.Session{ClassID: c.ID, CSRF: "csrf1", CreatedAt: time.Now()}))
	require.NoError(t, s.CreateSession(ctx, "old", store.Session{ClassID: c.ID, CSRF: "x", CreatedAt: time.Now().Add(-30 * 24 * time.Hour)}))
	se, err := s.Session(ctx, "h1")
	require.NoError(t, err)
	assert.Equal(t, c.ID, se.ClassID)
	assert.Equal(t, "csrf1", se.CSRF)
	_, err = s.Session(ctx, "nope")
	assert.ErrorIs(t, err, store.ErrNotFound)
	_, err = s.Session(ctx, "old")
	assert.ErrorIs(t, err, store.ErrNotFound, "an expired session is no session")
}

func testConcurrent(t *testing.T, open func() store.Store) {
	ctx := context.Background()
	s := open()
	c := newClass(t, s, "a")
	l := newLearner(t, s, c, "l1", "Ann")
	var batch []events.Event
	for i := range 20 {
		batch = append(batch, check("e"+string(rune('a'+i)), "l/x", i == 19, t0.Add(time.Duration(i)*time.Second)))
	}
	// Two dockademy processes of one learner (or two server processes) deliver the
	// same outbox at once.
	var wg sync.WaitGroup
	total := make([]int, 6)
	errs := make([]error, 6)
	for i := range total {
		wg.Add(1)
		go func() {
			defer wg.Done()
			added, err := s.AddEvents(ctx, l, batch)
			total[i], errs[i] = len(added), err
		}()
	}
	wg.Wait()
	sum := 0
	for i := range total {
		require.NoError(t, errs[i])
		sum += total[i]
	}
	assert.Equal(t, 20, sum)
	ps, err := s.Progress(ctx, c.ID)
	require.NoError(t, err)
	require.Len(t, ps, 1)
	assert.Equal(t, 20, ps[0].Attempts)
	assert.True(t, ps[0].Passed)
}

func testReopen(t *testing.T, open func() store.Store) {
	ctx := context.Background()
	s := open()
	c := newClass(t, s, "a")
	l := newLearner(t, s, c, "l1", "Ann")
	_, err := s.AddEvents(ctx, l, []events.Event{check("e1", "l/x", true, t0)})
	require.NoError(t, err)
	require.NoError(t, s.Close())

	s = open()
	got, err := s.LatestClass(ctx)
	require.NoError(t, err)
	assert.Equal(t, c.JoinCode, got.JoinCode)
	ps, err := s.Progress(ctx, c.ID)
	require.NoError(t, err)
	require.Len(t, ps, 1)
	assert.True(t, ps[0].Passed)
}
