package main

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/dockademy/dockademy/internal/i18n"
	"github.com/dockademy/dockademy/internal/progress"
	"github.com/dockademy/dockademy/lessons"
)

type progressOptions struct {
	json bool
}

// progressJSON is what `progress --json` prints; scripts and teachers read it.
type progressJSON struct {
	Lang      string               `json:"lang"`
	Workspace string               `json:"workspace"`
	Current   string               `json:"current,omitempty"`
	Lesson    string               `json:"lesson,omitempty"`
	Section   int                  `json:"section"`
	Lessons   []progressLessonJSON `json:"lessons"`
	Totals    progressTotalsJSON   `json:"totals"`
	Next      *progressNextJSON    `json:"next"`
}

type progressLessonJSON struct {
	ID     string             `json:"id"`
	Title  string             `json:"title"`
	Passed int                `json:"passed"`
	Total  int                `json:"total"`
	Units  []progressUnitJSON `json:"units"`
}

type progressUnitJSON struct {
	ID          string     `json:"id"` // "<lesson-id>/<unit-id>"
	Kind        string     `json:"kind"`
	Title       string     `json:"title"`
	Status      string     `json:"status"` // "passed", "failing", "started", "" (not started)
	Attempts    int        `json:"attempts"`
	Hints       int        `json:"hints"`
	Solution    bool       `json:"solution"`
	Score       int        `json:"score"`
	MaxScore    int        `json:"max_score"`
	LastFailing []string   `json:"last_failing"`
	PassedAt    *time.Time `json:"passed_at,omitempty"`
}

type progressTotalsJSON struct {
	Exercises       int `json:"exercises"`
	ExercisesPassed int `json:"exercises_passed"`
	Quizzes         int `json:"quizzes"`
	QuizzesPassed   int `json:"quizzes_passed"`
	Attempts        int `json:"attempts"`
	Hints           int `json:"hints"`
	Solutions       int `json:"solutions"`
}

type progressNextJSON struct {
	ID      string `json:"id"`
	Kind    string `json:"kind"`
	Title   string `json:"title"`
	Command string `json:"command"`
}

func (a *app) progressCmd() *cobra.Command {
	opts := &progressOptions{}
	cmd := &cobra.Command{
		Use:   "progress [--json]",
		Short: "Show where you stand in the course",
		Long: `Show, lesson by lesson, each exercise's and quiz's status, the checks you ran
and the hints you used; the totals; and the next thing to do. It reads the
workspace's record and needs no Docker Engine.`,
		Example: `  dockademy progress
  dockademy progress --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runProgress(opts) },
	}
	cmd.Flags().BoolVar(&opts.json, "json", false, "print JSON")
	return cmd
}

func (a *app) runProgress(opts *progressOptions) error {
	l, err := a.loadLearner()
	if err != nil {
		return err
	}
	ws, c, lang, st := l.ws, l.course, l.lang, l.state
	p := buildProgress(c, st)
	p.Workspace = ws.Root
	if opts.json {
		enc := json.NewEncoder(a.io.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(p)
	}
	a.printProgress(p, lang)
	return nil
}

func buildProgress(c *lessons.Course, st *progress.State) progressJSON {
	p := progressJSON{Lang: c.Lang, Current: st.Current, Lesson: st.Lesson, Section: st.Section, Lessons: []progressLessonJSON{}}
	byLesson := map[string]*progressLessonJSON{}
	for _, l := range c.Lessons {
		p.Lessons = append(p.Lessons, progressLessonJSON{ID: l.ID, Title: l.Title, Units: []progressUnitJSON{}})
	}
	for i := range p.Lessons {
		byLesson[p.Lessons[i].ID] = &p.Lessons[i]
	}
	for _, ju := range journeyUnits(c) {
		u := st.Unit(ju.id)
		kind := "exercise"
		if ju.quiz {
			kind = "quiz"
		}
		pu := progressUnitJSON{
			ID: ju.id, Kind: kind, Title: ju.title, Status: u.Status, Attempts: u.Attempts, Hints: u.Hints,
			Solution: u.Solution, Score: u.Score, MaxScore: u.MaxScore, LastFailing: nonNil(u.LastFailing),
		}
		if !u.PassedAt.IsZero() {
			t := u.PassedAt
			pu.PassedAt = &t
		}
		pl := byLesson[ju.lesson.ID]
		pl.Units = append(pl.Units, pu)
		pl.Total++
		t := &p.Totals
		if u.Passed() {
			pl.Passed++
		}
		if ju.quiz {
			t.Quizzes++
			if u.Passed() {
				t.QuizzesPassed++
			}
		} else {
			t.Exercises++
			if u.Passed() {
				t.ExercisesPassed++
			}
		}
		t.Attempts += u.Attempts
		t.Hints += u.Hints
		if u.Solution {
			t.Solutions++
		}
	}
	// Carry on with the current unit when it is not passed yet.
	var n *journeyUnit
	if cur := st.Current; cur != "" && !st.Unit(cur).Passed() {
		for _, ju := range journeyUnits(c) {
			if ju.id == cur {
				n = &ju
			}
		}
	}
	if n == nil {
		n = journeyNext(c, st, st.Current)
	}
	if n != nil {
		next := &progressNextJSON{ID: n.id, Kind: "exercise", Title: n.title, Command: "dockademy open " + n.id}
		if n.quiz {
			next.Kind, next.Command = "quiz", "dockademy"
		}
		p.Next = next
	}
	return p
}

func (a *app) printProgress(p progressJSON, lang string) {
	out := a.io.Out
	color := a.io.Color()
	for i, l := range p.Lessons {
		fmt.Fprintf(out, "%2d. %s  (%s)  %d/%d\n", i+1, l.Title, l.ID, l.Passed, l.Total)
		for _, u := range l.Units {
			mark, word := "·", i18n.Pick(lang, "not started", "시작 전")
			switch u.Status {
			case progress.StatusPassed:
				mark, word = paintIf(color, "\x1b[32m", "✔"), i18n.Pick(lang, "passed", "통과")
			case progress.StatusFailing:
				mark, word = paintIf(color, "\x1b[31m", "✘"), i18n.Pick(lang, "failing", "미통과")
			case progress.StatusStarted:
				mark, word = "…", i18n.Pick(lang, "started", "진행 중")
			}
			kind := i18n.Pick(lang, "exercise", "실습")
			if u.Kind == "quiz" {
				kind = i18n.Pick(lang, "quiz", "문제")
			}
			detail := ""
			if u.Attempts > 0 || u.Hints > 0 {
				detail = fmt.Sprintf(i18n.Pick(lang, "  checks: %d, hints: %d", "  확인 %d번, 힌트 %d개"), u.Attempts, u.Hints)
			}
			if u.Solution {
				detail += i18n.Pick(lang, ", solution seen", ", 답안 봄")
			}
			fmt.Fprintf(out, "    %s %-8s %-36s %s%s\n", mark, kind, u.ID, word, detail)
		}
	}
	t := p.Totals
	fmt.Fprintf(out, i18n.Pick(lang,
		"\nExercises passed: %d/%d   quizzes: %d/%d   checks run: %d   hints used: %d\n",
		"\n통과한 실습: %d/%d   확인 문제: %d/%d   확인 횟수: %d   사용한 힌트: %d\n"),
		t.ExercisesPassed, t.Exercises, t.QuizzesPassed, t.Quizzes, t.Attempts, t.Hints)
	switch {
	case p.Next == nil:
		fmt.Fprintln(out, i18n.Pick(lang, "You have passed everything. Well done!", "모두 통과했습니다. 수고하셨습니다!"))
	case p.Next.Kind == "quiz":
		fmt.Fprintf(out, i18n.Pick(lang, "Next: the quiz %s: run 'dockademy' to answer it.\n",
			"다음: %s 확인 문제: 'dockademy' 를 실행해 풀어 보세요.\n"), p.Next.ID)
	default:
		fmt.Fprintf(out, i18n.Pick(lang, "Next: %s (%s): run '%s'.\n", "다음: %s (%s): '%s' 를 실행하세요.\n"),
			p.Next.Title, p.Next.ID, p.Next.Command)
	}
}

func paintIf(on bool, col, s string) string {
	if !on {
		return s
	}
	return col + s + "\x1b[0m"
}
