package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dockademy/dockademy/internal/events"
	"github.com/dockademy/dockademy/internal/i18n"
	"github.com/dockademy/dockademy/internal/prompt"
	"github.com/dockademy/dockademy/internal/reader"
	"github.com/dockademy/dockademy/lessons"
)

type quizOptions struct {
	answer string
}

func (a *app) quizCmd() *cobra.Command {
	opts := &quizOptions{}
	cmd := &cobra.Command{
		Use:   "quiz <lesson-id>/<quiz-id> [--answer <n>[,<n>...]]",
		Short: "Answer a quiz",
		Long: `Answer a quiz. In a terminal it asks; elsewhere (a script, CI) pass the numbers
of your choices, from 1, with --answer. The explanation follows the answer, and the
answer is recorded in the workspace. Exit status: 0 for a right answer, 1 for a wrong one.`,
		Example: `  dockademy quiz why-docker/immutable
  dockademy quiz why-docker/immutable --answer 2`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runQuiz(cmd.Context(), args[0], opts)
		},
	}
	cmd.Flags().StringVar(&opts.answer, "answer", "", "the numbers of your choices, from 1, separated by commas")
	return cmd
}

func (a *app) runQuiz(ctx context.Context, id string, opts *quizOptions) error {
	ws, err := a.findWorkspace()
	if err != nil {
		return err
	}
	c, lang, err := a.course(ws)
	if err != nil {
		return err
	}
	q := findQuiz(c, id)
	if q == nil {
		return usageErr("%s", fmt.Sprintf(i18n.Pick(lang,
			"no quiz %q in the course; 'dockademy list' shows them",
			"코스에 %q 문제가 없습니다; 'dockademy list' 로 볼 수 있습니다"), id))
	}
	r, err := reader.NewRenderer(reader.TerminalWidth(a.io.Out), a.io.Color(), lang)
	if err != nil {
		return err
	}
	var chosen []int
	if opts.answer != "" {
		if chosen, err = parseAnswer(opts.answer, len(q.Choices), lang); err != nil {
			return err
		}
	}
	if chosen == nil && !a.io.CanPrompt() {
		printQuizPlain(a.io.Out, r, q, lang)
		return usageErr("%s", fmt.Sprintf(i18n.Pick(lang,
			"no terminal to ask on: pass your choices with --answer, e.g. 'dockademy quiz %s --answer 1'",
			"물어볼 터미널이 없습니다: --answer 로 고른 번호를 주세요. 예: 'dockademy quiz %s --answer 1'"), id))
	}
	text, err := r.Render(q.Title, q.Question)
	if err != nil {
		return err
	}
	fmt.Fprintln(a.io.Out, text)
	var p prompt.Prompter
	if chosen == nil {
		p = a.newPrompter()
	}
	record := func(e events.Event) { a.recordEvent(ctx, ws, lang, e) }
	correct, err := askQuiz(ctx, quizAsk{out: a.io.Out, prompter: p, renderer: r, lang: lang, record: record}, q, chosen)
	if err != nil {
		return err
	}
	if !correct {
		return errSilentFail
	}
	return nil
}

// quizAsk is what asking a quiz needs.
type quizAsk struct {
	out      io.Writer
	prompter prompt.Prompter // nil when the answer was given on the command line
	renderer *reader.Renderer
	lang     string
	record   func(events.Event)
}

// askQuiz asks q (the question is already on the screen) unless chosen holds the
// answer, says whether it was right, shows the explanation and records the answer.
func askQuiz(ctx context.Context, qa quizAsk, q *lessons.Quiz, chosen []int) (bool, error) {
	var want []int
	options := make([]string, len(q.Choices))
	for i, ch := range q.Choices {
		options[i] = plainChoice(ch.Text)
		if ch.Correct {
			want = append(want, i)
		}
	}
	lang := qa.lang
	if chosen == nil {
		var err error
		if len(want) > 1 {
			chosen, err = qa.prompter.MultiSelect(ctx, i18n.Pick(lang,
				"Pick every right answer (space marks, enter confirms):",
				"맞는 것을 모두 고르세요 (스페이스로 표시, 엔터로 확정):"), options)
		} else {
			var k int
			k, err = qa.prompter.Select(ctx, i18n.Pick(lang, "Your answer:", "답:"), options, -1)
			chosen = []int{k}
		}
		if err != nil {
			return false, err
		}
	}
	slices.Sort(chosen)
	correct := slices.Equal(chosen, want)
	if correct {
		fmt.Fprintln(qa.out, i18n.Pick(lang, "✔ Right!", "✔ 맞았습니다!"))
	} else {
		var names []string
		for _, i := range want {
			names = append(names, fmt.Sprintf("%d. %s", i+1, options[i]))
		}
		fmt.Fprintf(qa.out, "%s\n  %s\n", i18n.Pick(lang, "✘ Not quite. The answer:", "✘ 아쉽습니다. 정답:"),
			strings.Join(names, "\n  "))
	}
	if q.Explanation != "" {
		text, err := qa.renderer.Render("", q.Explanation)
		if err != nil {
			return correct, err
		}
		fmt.Fprintf(qa.out, "\n%s\n", text)
	}
	e := events.New(events.Quiz, q.FullID())
	e.Quiz = &events.QuizAnswer{Chosen: chosen, Correct: correct}
	qa.record(e)
	return correct, nil
}

// printQuizPlain prints the question with numbered choices, for a reader without a
// terminal who answers with --answer.
func printQuizPlain(w io.Writer, r *reader.Renderer, q *lessons.Quiz, lang string) {
	if text, err := r.Render(q.Title, q.Question); err == nil {
		fmt.Fprintln(w, text)
	}
	for i, ch := range q.Choices {
		fmt.Fprintf(w, "  %d. %s\n", i+1, plainChoice(ch.Text))
	}
	fmt.Fprintln(w)
}

// plainChoice flattens a choice's Markdown to one line for a menu.
func plainChoice(md string) string {
	s := strings.Join(strings.Fields(md), " ")
	return strings.NewReplacer("`", "", "**", "", "__", "").Replace(s)
}

// parseAnswer reads "2" or "1,3" into indexes from 0.
func parseAnswer(s string, n int, lang string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		k, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || k < 1 || k > n {
			return nil, usageErr("%s", fmt.Sprintf(i18n.Pick(lang,
				"--answer %q: give choice numbers from 1 to %d, separated by commas",
				"--answer %q: 1부터 %d 사이의 번호를 쉼표로 나눠 주세요"), s, n))
		}
		if !slices.Contains(out, k-1) {
			out = append(out, k-1)
		}
	}
	return out, nil
}

func findQuiz(c *lessons.Course, id string) *lessons.Quiz {
	for _, l := range c.Lessons {
		for _, q := range l.Quizzes {
			if q.FullID() == id {
				return q
			}
		}
	}
	return nil
}
