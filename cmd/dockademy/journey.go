package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/dockademy/dockademy/internal/events"
	"github.com/dockademy/dockademy/internal/i18n"
	"github.com/dockademy/dockademy/internal/progress"
	"github.com/dockademy/dockademy/internal/workspace"
	"github.com/dockademy/dockademy/lessons"
)

// Helpers that the learner's commands (open, check, hint, solution, reset, progress)
// share: the progress record, the current exercise, what comes next, backups.

// needWorkspace is the enclosing workspace, or a usage error that says how to get one.
func (a *app) needWorkspace(lang string) (*workspace.Workspace, error) {
	ws, err := a.findWorkspace()
	if err != nil {
		return nil, err
	}
	if ws == nil {
		return nil, usageErr("%s", i18n.Pick(lang,
			"no workspace here: run 'dockademy init <dir>' to create one, then run this command inside it",
			"여기에는 작업 공간이 없습니다: 'dockademy init <폴더>' 로 만든 뒤 그 안에서 실행하세요"))
	}
	return ws, nil
}

// recordEvent adds e to the workspace's progress record. The learner's work is done
// by then, so a record that cannot be written is a warning, not a failure; and it is
// written even when Ctrl-C arrives meanwhile, so that what happened is not lost.
func (a *app) recordEvent(ctx context.Context, ws *workspace.Workspace, lang string, e events.Event) {
	if ws == nil {
		return
	}
	if e.Lang == "" {
		e.Lang = lang
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	store, err := progress.Open(ws.StateDir())
	if err == nil {
		err = store.Record(ctx, e)
	}
	if err != nil {
		fmt.Fprintf(a.io.ErrOut, i18n.Pick(lang,
			"dockademy: warning: could not save your progress: %v\n",
			"dockademy: 경고: 진행 상황을 저장하지 못했습니다: %v\n"), err)
	}
	// A joined workspace also tells the class; the outbox keeps what cannot go now.
	if sink, ok := classroomSink(ws.StateDir()); ok {
		if err := sink.Record(ctx, e); err != nil {
			fmt.Fprintf(a.io.ErrOut, i18n.Pick(lang,
				"dockademy: warning: could not queue the event for your class: %v\n",
				"dockademy: 경고: 수업으로 보낼 기록을 저장하지 못했습니다: %v\n"), err)
		}
		finishClassroom(ctx, sink)
	}
}

// progressState reads the workspace's record; an empty one when there is no workspace.
func progressState(ws *workspace.Workspace) (*progress.State, error) {
	if ws == nil {
		return &progress.State{Units: map[string]*progress.UnitState{}}, nil
	}
	store, err := progress.Open(ws.StateDir())
	if err != nil {
		return nil, err
	}
	st, err := store.State()
	if err != nil {
		return nil, fmt.Errorf("could not read your progress: %w", err)
	}
	return st, nil
}

// resolveExercise is the exercise named by args, or else the current one: the one the
// learner last opened or checked.
func resolveExercise(c *lessons.Course, st *progress.State, args []string, lang string) (*lessons.Exercise, error) {
	if len(args) > 0 {
		return findExercise(c, args[0])
	}
	if st != nil && st.Current != "" {
		if ex, err := findExercise(c, st.Current); err == nil {
			return ex, nil
		}
	}
	return nil, usageErr("%s", i18n.Pick(lang,
		"which exercise? Name it (<lesson-id>/<exercise-id>; 'dockademy list' shows them), or open one first with 'dockademy open <id>'",
		"어느 실습인가요? 이름을 주세요 (<lesson-id>/<exercise-id>, 'dockademy list' 에 나옵니다). 또는 먼저 'dockademy open <id>' 로 여세요"))
}

// journeyUnit is an exercise or a quiz in course order.
type journeyUnit struct {
	lesson *lessons.Lesson
	id     string // full id
	title  string
	quiz   bool
}

func journeyUnits(c *lessons.Course) []journeyUnit {
	var out []journeyUnit
	for _, l := range c.Lessons {
		// In the order the lesson presents them: sections name their units.
		seen := map[string]bool{}
		add := func(id string) {
			if seen[id] {
				return
			}
			for _, ex := range l.Exercises {
				if ex.ID == id {
					out = append(out, journeyUnit{lesson: l, id: ex.FullID(), title: ex.Title})
					seen[id] = true
				}
			}
			for _, q := range l.Quizzes {
				if q.ID == id {
					out = append(out, journeyUnit{lesson: l, id: q.FullID(), title: q.Title, quiz: true})
					seen[id] = true
				}
			}
		}
		for _, s := range l.Sections {
			if s.Unit != "" {
				add(s.Unit)
			}
		}
		for _, ex := range l.Exercises {
			add(ex.ID)
		}
		for _, q := range l.Quizzes {
			add(q.ID)
		}
	}
	return out
}

// journeyNext is the first unit after `after` (or after the current one) that is not
// passed, wrapping round to the course's start; nil when every unit is passed.
func journeyNext(c *lessons.Course, st *progress.State, after string) *journeyUnit {
	units := journeyUnits(c)
	start := 0
	for i, u := range units {
		if u.id == after {
			start = i + 1
			break
		}
	}
	for k := range units {
		u := units[(start+k)%len(units)]
		if u.id == after {
			continue
		}
		if !st.Unit(u.id).Passed() {
			return &u
		}
	}
	return nil
}

// describeNext tells the learner what to do after `after`.
func describeNext(w io.Writer, c *lessons.Course, st *progress.State, after, lang string) {
	n := journeyNext(c, st, after)
	if n == nil {
		fmt.Fprintln(w, i18n.Pick(lang,
			"You have passed every exercise and quiz of the course. Well done!",
			"과정의 모든 실습과 확인 문제를 통과했습니다. 수고하셨습니다!"))
		return
	}
	if n.quiz {
		fmt.Fprintf(w, i18n.Pick(lang,
			"Next: the quiz %q (%s) in the lesson %q: run 'dockademy' to answer it.\n",
			"다음: %q 확인 문제 (%s), %q 레슨: 'dockademy' 를 실행해 풀어 보세요.\n"), n.title, n.id, n.lesson.Title)
		return
	}
	fmt.Fprintf(w, i18n.Pick(lang,
		"Next: %q (%s) in the lesson %q: run 'dockademy open %s'.\n",
		"다음: %q (%s), %q 레슨: 'dockademy open %s' 를 실행하세요.\n"), n.title, n.id, n.lesson.Title, n.id)
}

// backupExercise copies the learner's files of ex (not dockademy's solution copies)
// to .dockademy/backup/<lesson-id>/<exercise-id>/<timestamp>/ and returns that
// folder, or "" when there was nothing to keep.
func backupExercise(ws *workspace.Workspace, ex *lessons.Exercise) (string, []string, error) {
	src := ws.ExerciseDir(ex)
	var files []string
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == src {
				return fs.SkipAll
			}
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() && rel == solutionDir {
			return fs.SkipDir
		}
		if d.Type().IsRegular() {
			files = append(files, rel)
		}
		return nil
	})
	if err != nil || len(files) == 0 {
		return "", nil, err
	}
	stamp := time.Now().UTC().Format("20060102-150405.000")
	dst := filepath.Join(ws.StateDir(), "backup", ex.LessonID, ex.ID, stamp)
	for _, rel := range files {
		if err := copyLearnerFile(filepath.Join(src, rel), filepath.Join(dst, rel)); err != nil {
			return "", nil, fmt.Errorf("could not back up %s: %w", rel, err)
		}
	}
	return dst, files, nil
}

// solutionDir is the folder in an exercise where `solution` puts its copies.
const solutionDir = "solution"

func copyLearnerFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	st, err := os.Stat(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return workspace.WriteFileAtomic(dst, data, st.Mode().Perm())
}

// courseImages is every base image the course names, in course order, once.
func courseImages(c *lessons.Course) []string {
	var refs []string
	for _, l := range c.Lessons {
		for _, img := range l.Images {
			if !slices.Contains(refs, img) {
				refs = append(refs, img)
			}
		}
	}
	return refs
}

// learnerView is what the learner's commands start from: the workspace, its course in the
// learner's language, and the progress so far.
type learnerView struct {
	ws     *workspace.Workspace
	course *lessons.Course
	lang   string
	state  *progress.State
}

// loadLearner finds the workspace (or says how to make one) and loads the rest.
func (a *app) loadLearner() (*learnerView, error) {
	lang, err := a.language(nil)
	if err != nil {
		return nil, err
	}
	ws, err := a.needWorkspace(lang)
	if err != nil {
		return nil, err
	}
	c, lang, err := a.course(ws)
	if err != nil {
		return nil, err
	}
	st, err := progressState(ws)
	if err != nil {
		return nil, err
	}
	return &learnerView{ws: ws, course: c, lang: lang, state: st}, nil
}

// loadExercise is loadLearner and the exercise that args name, or the current one.
func (a *app) loadExercise(args []string) (*learnerView, *lessons.Exercise, error) {
	l, err := a.loadLearner()
	if err != nil {
		return nil, nil, err
	}
	ex, err := resolveExercise(l.course, l.state, args, l.lang)
	if err != nil {
		return nil, nil, err
	}
	return l, ex, nil
}
