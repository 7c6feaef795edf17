package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/dockademy/dockademy/internal/events"
	"github.com/dockademy/dockademy/internal/i18n"
	"github.com/dockademy/dockademy/internal/progress"
	"github.com/dockademy/dockademy/internal/prompt"
	"github.com/dockademy/dockademy/internal/reader"
	"github.com/dockademy/dockademy/internal/workspace"
	"github.com/dockademy/dockademy/lessons"
)

type learnOptions struct {
	section int
}

func (a *app) learnCmd() *cobra.Command {
	opts := &learnOptions{}
	cmd := &cobra.Command{
		Use:   "learn <lesson-id> [--section <n>]",
		Short: "Read a lesson, one section at a time",
		Long: `Read a lesson in the terminal, one section at a time, with a menu after each:
open an exercise, check it, take a hint, answer a quiz. Your place is remembered.
Without a terminal the whole lesson is printed as plain text.`,
		Example: `  dockademy learn dockerfile-basics
  dockademy learn why-docker --section 3
  dockademy learn why-docker > why-docker.txt`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runLearn(cmd.Context(), args[0], opts)
		},
	}
	cmd.Flags().IntVar(&opts.section, "section", 0, "open at section `<n>`, from 1 (default: where you left off; without a terminal: the whole lesson)")
	return cmd
}

func (a *app) runLearn(ctx context.Context, id string, opts *learnOptions) error {
	if !a.io.CanPrompt() {
		return a.printLesson(id, opts.section)
	}
	return a.runCourse(ctx, a.newPrompter(), id, opts.section-1)
}

// printLesson prints a lesson as plain text, for a pipe or a log: the whole of it, or
// the one section numbered from 1.
func (a *app) printLesson(id string, section int) error {
	ws, err := a.findWorkspace()
	if err != nil {
		return err
	}
	c, lang, err := a.course(ws)
	if err != nil {
		return err
	}
	l, err := findLesson(c, id, lang)
	if err != nil {
		return err
	}
	r, err := reader.NewRenderer(reader.TerminalWidth(a.io.Out), false, lang)
	if err != nil {
		return err
	}
	if section > len(l.Sections) || section < 0 {
		return usageErr("%s", fmt.Sprintf(i18n.Pick(lang,
			"--section %d: %s has sections 1 to %d", "--section %d: %s 의 절은 1부터 %d까지입니다"), section, id, len(l.Sections)))
	}
	for i, sec := range l.Sections {
		if section > 0 && i != section-1 {
			continue
		}
		text, err := r.Render(sec.Title, sec.Markdown)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.io.Out, "%s  §%d/%d\n%s\n", l.Title, i+1, len(l.Sections), text)
		ex, q := reader.UnitOf(l, sec)
		switch {
		case ex != nil:
			fmt.Fprintf(a.io.Out, i18n.Pick(lang,
				"  Exercise %s: check it with 'dockademy check %s'.\n\n",
				"  실습 %s: 'dockademy check %s' 로 확인하세요.\n\n"), ex.FullID(), ex.FullID())
		case q != nil:
			for k, ch := range q.Choices {
				fmt.Fprintf(a.io.Out, "  %d. %s\n", k+1, plainChoice(ch.Text))
			}
			fmt.Fprintf(a.io.Out, i18n.Pick(lang,
				"\n  Answer with 'dockademy quiz %s --answer <n>'.\n\n",
				"\n  'dockademy quiz %s --answer <번호>' 로 답하세요.\n\n"), q.FullID())
		}
	}
	if section == 0 {
		fmt.Fprintln(a.io.ErrOut, i18n.Pick(lang,
			"(no terminal: the whole lesson was printed; --section <n> prints one section, and in a terminal 'dockademy learn "+id+"' shows one at a time)",
			"(터미널이 아니어서 장 전체를 출력했습니다; --section <번호> 로 한 절만 출력할 수 있고, 터미널에서 'dockademy learn "+id+"' 를 실행하면 절마다 나눠 읽을 수 있습니다)"))
	}
	return nil
}

func findLesson(c *lessons.Course, id, lang string) (*lessons.Lesson, error) {
	for _, l := range c.Lessons {
		if l.ID == id {
			return l, nil
		}
	}
	return nil, usageErr("%s", fmt.Sprintf(i18n.Pick(lang,
		"no lesson %q in the course; 'dockademy list' shows them",
		"코스에 %q 장이 없습니다; 'dockademy list' 로 볼 수 있습니다"), id))
}

// newPrompter asks on the process's terminal. Callers have checked CanPrompt.
func (a *app) newPrompter() prompt.Prompter {
	p, ok := prompt.NewSurvey(a.io.In, a.io.Out, a.io.ErrOut, a.io.Color())
	if !ok {
		// Streams that are terminals but not files exist only in tests, which pass
		// their own prompter; fail loudly rather than hang.
		return prompt.NewScripted()
	}
	return p
}

func (a *app) openProgressStore(ws *workspace.Workspace) (*progress.Store, error) {
	s, err := progress.Open(ws.StateDir())
	if err != nil {
		return nil, fmt.Errorf("could not open the progress record: %w", err)
	}
	return s, nil
}

// learnSession is what the reader's menu acts on: the workspace and its progress record.
type learnSession struct {
	a     *app
	ws    *workspace.Workspace
	lang  string
	store *progress.Store
	p     prompt.Prompter
	r     *reader.Renderer
}

var _ reader.Actions = (*learnSession)(nil)

// OpenExercise implements reader.Actions.
func (s *learnSession) OpenExercise(ctx context.Context, ex *lessons.Exercise) error {
	return s.a.openExerciseShowing(ctx, s.ws, ex, false)
}

// Check implements reader.Actions: what `dockademy check` does, on the exercise's
// folder in this workspace.
func (s *learnSession) Check(ctx context.Context, ex *lessons.Exercise) (bool, error) {
	err := s.a.runCheck(ctx, ex.FullID(), &checkOptions{dir: s.ws.ExerciseDir(ex)})
	if err == errSilentFail {
		return false, nil
	}
	return err == nil, err
}

// Hint implements reader.Actions: the next hint, in the order `dockademy hint` gives
// them (a failed step's own hint, then the lesson's), rendered like the lesson.
func (s *learnSession) Hint(ctx context.Context, ex *lessons.Exercise) error {
	st, err := s.store.State()
	if err != nil {
		return err
	}
	h := nextHint(ex, st.Unit(ex.FullID()))
	out := s.a.io.Out
	var title string
	switch h.Kind {
	case "step":
		title = fmt.Sprintf(i18n.Pick(s.lang, "Hint for the step %q", "%q 단계의 힌트"), h.Step)
	case "tip":
		title = fmt.Sprintf(i18n.Pick(s.lang, "Hint %d of %d", "힌트 %d/%d"), h.Index, len(ex.Hints))
	default:
		fmt.Fprintf(out, i18n.Pick(s.lang,
			"No hints left. 'dockademy solution %s' shows the answer after a pass, or after 3 checks.\n",
			"남은 힌트가 없습니다. 'dockademy solution %s' 는 통과한 뒤, 또는 세 번 확인한 뒤에 답을 보여 줍니다.\n"), ex.FullID())
		return nil
	}
	text, err := s.r.Render(title, h.Text)
	if err != nil {
		return err
	}
	fmt.Fprintln(out, text)
	e := events.New(events.Hint, ex.FullID())
	e.Hint = &events.HintUse{Index: h.Index, Step: h.Step}
	s.a.recordEvent(ctx, s.ws, s.lang, e)
	return nil
}

// Quiz implements reader.Actions.
func (s *learnSession) Quiz(ctx context.Context, q *lessons.Quiz) (bool, error) {
	return askQuiz(ctx, quizAsk{out: s.a.io.Out, prompter: s.p, renderer: s.r, lang: s.lang,
		record: func(e events.Event) { s.a.recordEvent(ctx, s.ws, s.lang, e) }}, q, nil)
}

// SetPosition implements reader.Actions.
func (s *learnSession) SetPosition(lessonID string, section int) error {
	return s.store.SetPosition(lessonID, section)
}
