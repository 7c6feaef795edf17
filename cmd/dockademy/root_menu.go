package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"github.com/dockademy/dockademy/internal/classroom"
	"github.com/dockademy/dockademy/internal/i18n"
	"github.com/dockademy/dockademy/internal/progress"
	"github.com/dockademy/dockademy/internal/prompt"
	"github.com/dockademy/dockademy/internal/reader"
	"github.com/dockademy/dockademy/internal/workspace"
	"github.com/dockademy/dockademy/lessons"
)

// runRoot is `dockademy` without a command: the course, in a terminal.
func (a *app) runRoot(cmd *cobra.Command, _ []string) error {
	if !a.io.CanPrompt() {
		lang, err := a.language(nil)
		if err != nil {
			return err
		}
		ws, err := a.findWorkspace()
		if err != nil {
			return err
		}
		if ws == nil {
			return usageErr("%s", i18n.Pick(lang,
				"no dockademy workspace here, and no terminal to ask where to make one.\n"+
					"Create one with 'dockademy init <dir>', then run dockademy inside it.",
				"여기에는 dockademy 작업 공간이 없고, 어디에 만들지 물어볼 터미널도 없습니다.\n"+
					"'dockademy init <폴더>' 로 만든 뒤 그 안에서 dockademy 를 실행하세요."))
		}
		return usageErr("%s", i18n.Pick(lang,
			"the lessons menu needs a terminal. Without one: 'dockademy list' lists the lessons,\n"+
				"'dockademy learn <lesson-id>' prints one, 'dockademy check <lesson-id>/<exercise-id>' checks an exercise.",
			"목차 메뉴는 터미널에서만 열립니다. 터미널 없이: 'dockademy list' 로 장 목록을,\n"+
				"'dockademy learn <장-id>' 로 장 하나를 출력하고, 'dockademy check <장-id>/<실습-id>' 로 실습을 확인하세요."))
	}
	return a.runCourse(cmd.Context(), a.newPrompter(), "", -1)
}

// runCourse is the interactive course: the lessons menu, and the reader for the lesson
// picked. With lessonID it opens that lesson first, at section (from 0; -1: where the
// learner left off).
func (a *app) runCourse(ctx context.Context, p prompt.Prompter, lessonID string, section int) error {
	ws, err := a.ensureWorkspace(ctx, p)
	if err != nil || ws == nil {
		return err
	}
	c, lang, err := a.course(ws)
	if err != nil {
		return err
	}
	store, err := a.openProgressStore(ws)
	if err != nil {
		return err
	}
	r, err := reader.NewRenderer(reader.TerminalWidth(a.io.Out), a.io.Color(), lang)
	if err != nil {
		return err
	}
	s := &learnSession{a: a, ws: ws, lang: lang, store: store, p: p, r: r}
	read := func(l *lessons.Lesson, start int) (reader.Outcome, error) {
		if start < 0 {
			start = 0
			if st, err := store.State(); err == nil && st.Lesson == l.ID {
				start = st.Section
			}
		}
		out, err := reader.Read(ctx, reader.Options{
			Lesson: l, Start: start, Out: a.io.Out, Prompter: p, Renderer: r, Actions: s,
			Clear: a.io.IsTerminal(),
		})
		if out == reader.Finished {
			// Continue where the course goes on, not at the end of this lesson.
			if i := lessonIndex(c, l.ID); i+1 < len(c.Lessons) {
				_ = store.SetPosition(c.Lessons[i+1].ID, 0)
			}
		}
		return out, err
	}
	if lessonID != "" {
		l, err := findLesson(c, lessonID, lang)
		if err != nil {
			return err
		}
		if out, err := read(l, section); err != nil || out == reader.Quit {
			return err
		}
	}
	for {
		l, start, err := a.lessonMenu(ctx, p, c, store, lang)
		if err != nil || l == nil {
			return err
		}
		if out, err := read(l, start); err != nil || out == reader.Quit {
			return err
		}
	}
}

// lessonMenu asks which lesson to read; nil when the learner quits.
func (a *app) lessonMenu(ctx context.Context, p prompt.Prompter, c *lessons.Course, store *progress.Store, lang string) (*lessons.Lesson, int, error) {
	st, err := store.State()
	if err != nil {
		return nil, 0, err
	}
	type entry struct {
		lesson *lessons.Lesson
		start  int
	}
	var entries []entry
	var labels []string
	def := -1
	if i := lessonIndex(c, st.Lesson); i >= 0 {
		l := c.Lessons[i]
		sec := min(st.Section, max(len(l.Sections)-1, 0))
		entries = append(entries, entry{l, sec})
		labels = append(labels, fmt.Sprintf("%s %s §%d", i18n.Pick(lang, "Continue:", "이어서:"), short(l.Title), sec+1))
		def = 0
	}
	// In a workshop, the exercise the instructor is on comes first.
	if unit := classroom.CurrentExercise(store.Dir()); unit != "" {
		lessonID, unitID, _ := strings.Cut(unit, "/")
		if i := lessonIndex(c, lessonID); i >= 0 {
			l := c.Lessons[i]
			sec := 0
			for j, s := range l.Sections {
				if s.Unit == unitID {
					sec = j
				}
			}
			entries = append([]entry{{l, sec}}, entries...)
			labels = append([]string{fmt.Sprintf("%s %s (%s)", i18n.Pick(lang, "Class is on:", "수업 진행 중:"), short(l.Title), unit)}, labels...)
			def = 0
		}
	}
	for i, l := range c.Lessons {
		mark := lessonMark(l, st)
		entries = append(entries, entry{l, -1})
		labels = append(labels, fmt.Sprintf("%s %2d. %s", mark, i+1, short(l.Title)))
		if def < 0 && mark != "✔" {
			def = len(labels) - 1
		}
	}
	labels = append(labels, i18n.Pick(lang, "Quit", "끝내기"))
	fmt.Fprintln(a.io.Out)
	k, err := p.Select(ctx, i18n.Pick(lang, "dockademy: pick a lesson", "dockademy: 장을 고르세요"), labels, max(def, 0))
	if err != nil || k >= len(entries) {
		return nil, 0, err
	}
	return entries[k].lesson, entries[k].start, nil
}

func lessonIndex(c *lessons.Course, id string) int {
	for i, l := range c.Lessons {
		if l.ID == id && id != "" {
			return i
		}
	}
	return -1
}

// lessonMark sums up a lesson's units: ✔ all passed, ✘ one failing, • begun, blank.
func lessonMark(l *lessons.Lesson, st *progress.State) string {
	var units []string
	for _, ex := range l.Exercises {
		units = append(units, ex.FullID())
	}
	for _, q := range l.Quizzes {
		units = append(units, q.FullID())
	}
	passed, failing, begun := 0, false, false
	for _, id := range units {
		switch st.Unit(id).Status {
		case progress.StatusPassed:
			passed++
			begun = true
		case progress.StatusFailing:
			failing = true
		case progress.StatusStarted:
			begun = true
		}
	}
	switch {
	case len(units) > 0 && passed == len(units):
		return "✔"
	case failing:
		return "✘"
	case begun || st.Lesson == l.ID:
		return "•"
	}
	return " "
}

// short keeps menu lines on one terminal line: survey redraws badly when they wrap.
func short(s string) string { return ansi.Truncate(s, 48, "…") }

// ensureWorkspace is the enclosing workspace, or one the learner agrees to create;
// nil when they would rather not.
func (a *app) ensureWorkspace(ctx context.Context, p prompt.Prompter) (*workspace.Workspace, error) {
	ws, err := a.findWorkspace()
	if err != nil || ws != nil {
		return ws, err
	}
	lang, err := a.language(nil)
	if err != nil {
		return nil, err
	}
	here, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	options := []string{fmt.Sprintf(i18n.Pick(lang, "Create it here (%s)", "여기에 만들기 (%s)"), here)}
	dirs := []string{here}
	if home, err := os.UserHomeDir(); err == nil {
		d := filepath.Join(home, "dockademy")
		if d != here {
			options = append(options, fmt.Sprintf(i18n.Pick(lang, "Create it in %s", "%s 에 만들기"), d))
			dirs = append(dirs, d)
		}
	}
	options = append(options, i18n.Pick(lang, "Quit", "끝내기"))
	fmt.Fprintln(a.io.Out, i18n.Pick(lang,
		"Welcome to dockademy! Your exercises live in a workspace folder, and there is none here yet.",
		"dockademy 에 오신 것을 환영합니다! 실습 파일은 작업 공간 폴더에 두는데, 여기에는 아직 없습니다."))
	k, err := p.Select(ctx, i18n.Pick(lang, "Where should it go?", "어디에 만들까요?"), options, 0)
	if err != nil || k >= len(dirs) {
		return nil, err
	}
	c, _, err := a.course(nil)
	if err != nil {
		return nil, err
	}
	meta := workspace.Meta{Lang: lang}
	if a.lessonsDir != "" {
		if meta.Lessons, err = filepath.Abs(a.lessonsDir); err != nil {
			return nil, err
		}
	}
	ws, _, err = workspace.Init(dirs[k], c, meta)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(a.io.Out, i18n.Pick(lang,
		"Workspace ready at %s: each exercise gets a folder there.\n",
		"작업 공간을 %s 에 만들었습니다: 실습마다 그 안에 폴더가 생깁니다.\n"), ws.Root)
	return ws, nil
}
