package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dockademy/dockademy/internal/events"
	"github.com/dockademy/dockademy/internal/i18n"
	"github.com/dockademy/dockademy/internal/progress"
	"github.com/dockademy/dockademy/internal/prompt"
	"github.com/dockademy/dockademy/internal/workspace"
	"github.com/dockademy/dockademy/lessons"
)

// solutionAfter is how many checks a learner makes before the answer is offered
// without a pass.
const solutionAfter = 3

type solutionOptions struct {
	apply bool
	yes   bool
}

func (a *app) solutionCmd() *cobra.Command {
	opts := &solutionOptions{}
	cmd := &cobra.Command{
		Use:   "solution [<lesson-id>/<exercise-id>] [--apply] [--yes]",
		Short: "Show an exercise's reference solution",
		Long: `Show the reference solution of an exercise: freely once you have passed it, or
after 3 checks when you confirm that you want to see it (--yes answers that
without a terminal). Your files are never overwritten: the solution's files are
written beside them, into the exercise's solution/ folder. With --apply, your
files are first backed up to .dockademy/backup/ and then replaced. A command
exercise's solution is printed. Without an id, the exercise you were on.`,
		Example: `  dockademy solution dockerfile-basics/helloworld
  dockademy solution dockerfile-basics/helloworld --apply --yes`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return a.runSolution(cmd.Context(), args, opts) },
	}
	cmd.Flags().BoolVar(&opts.apply, "apply", false, "replace your files with the solution's (after backing them up)")
	cmd.Flags().BoolVarP(&opts.yes, "yes", "y", false, "confirm without a question: show the solution before a pass")
	return cmd
}

func (a *app) runSolution(ctx context.Context, args []string, opts *solutionOptions) error {
	l, ex, err := a.loadExercise(args)
	if err != nil {
		return err
	}
	ws, lang, st := l.ws, l.lang, l.state
	if len(ex.Solution) == 0 && strings.TrimSpace(ex.SolutionCommands) == "" {
		return &codeError{exitFailed, errors.New(i18n.Pick(lang,
			"this exercise has no reference solution", "이 실습에는 모범 답안이 없습니다"))}
	}
	if err := a.mayShowSolution(ctx, ex, st.Unit(ex.FullID()), opts, lang); err != nil {
		return err
	}

	out := a.io.Out
	if len(ex.Solution) > 0 {
		if err := a.writeSolution(ws, ex, opts.apply, lang); err != nil {
			return err
		}
	}
	if cmds := strings.TrimSpace(ex.SolutionCommands); cmds != "" {
		fmt.Fprintln(out, i18n.Pick(lang,
			"The commands that solve it (run them yourself, in the exercise's folder):",
			"이 실습을 푸는 명령입니다 (실습 폴더에서 직접 실행해 보세요):"))
		fmt.Fprintln(out, indentBlock(cmds))
	}
	a.recordEvent(ctx, ws, lang, events.New(events.Solution, ex.FullID()))
	return nil
}

// mayShowSolution lets the answer out after a pass, or after enough checks and a
// confirmation; without a terminal the confirmation is --yes.
func (a *app) mayShowSolution(ctx context.Context, ex *lessons.Exercise, u progress.UnitState, opts *solutionOptions, lang string) error {
	if u.Passed() || u.Solution {
		return nil
	}
	if u.Attempts < solutionAfter {
		return &codeError{exitFailed, fmt.Errorf(i18n.Pick(lang,
			"not yet: the solution opens after a pass or after %d checks (you have made %d). Try 'dockademy hint %s' first",
			"아직입니다: 답안은 통과한 뒤나 %d번 확인한 뒤에 볼 수 있습니다 (지금 %d번). 먼저 'dockademy hint %s' 를 써 보세요"),
			solutionAfter, u.Attempts, ex.FullID())}
	}
	if opts.yes {
		return nil
	}
	question := i18n.Pick(lang,
		"You have not passed this exercise yet. See the solution anyway?",
		"아직 이 실습을 통과하지 못했습니다. 그래도 답안을 볼까요?")
	if !a.io.CanPrompt() {
		return usageErr("%s", i18n.Pick(lang,
			"you have not passed this exercise yet: to see the solution anyway without a terminal, add --yes",
			"아직 이 실습을 통과하지 못했습니다: 터미널 없이 답안을 보려면 --yes 를 붙이세요"))
	}
	p, ok := prompt.NewSurvey(a.io.In, a.io.Out, a.io.ErrOut, a.io.Color())
	if !ok {
		return usageErr("%s", i18n.Pick(lang, "cannot ask here: add --yes", "여기서는 물어볼 수 없습니다: --yes 를 붙이세요"))
	}
	yes, err := p.Confirm(ctx, question, false)
	if err != nil {
		return err
	}
	if !yes {
		return &codeError{exitFailed, errors.New(i18n.Pick(lang,
			"solution not shown", "답안을 보여 주지 않았습니다"))}
	}
	return nil
}

// writeSolution puts the solution's files in <exercise>/solution/, or with apply,
// over the learner's files after a backup.
func (a *app) writeSolution(ws *workspace.Workspace, ex *lessons.Exercise, apply bool, lang string) error {
	dir := ws.ExerciseDir(ex)
	out := a.io.Out
	if apply {
		backup, _, err := backupExercise(ws, ex)
		if err != nil {
			return err
		}
		if _, err := workspace.WriteFiles(dir, ex.Solution, true); err != nil {
			return fmt.Errorf("could not write the solution of %s: %w", ex.FullID(), err)
		}
		if backup != "" {
			fmt.Fprintf(out, i18n.Pick(lang, "Your files were backed up to %s\n", "여러분의 파일을 %s 에 백업했습니다\n"), relTo(ws.Root, backup))
		}
		fmt.Fprintf(out, i18n.Pick(lang, "The solution's files are now in %s:\n", "답안 파일을 %s 에 썼습니다:\n"), relTo(ws.Root, dir))
	} else {
		target := filepath.Join(dir, solutionDir)
		if _, err := workspace.WriteFiles(target, ex.Solution, true); err != nil {
			return fmt.Errorf("could not write the solution of %s: %w", ex.FullID(), err)
		}
		fmt.Fprintf(out, i18n.Pick(lang,
			"The solution's files are in %s (your own files are untouched):\n",
			"답안 파일을 %s 에 두었습니다 (여러분의 파일은 그대로입니다):\n"), relTo(ws.Root, target))
	}
	for _, f := range ex.Solution {
		fmt.Fprintf(out, "\n--- %s ---\n%s", f.Path, string(f.Content))
		if !strings.HasSuffix(string(f.Content), "\n") {
			fmt.Fprintln(out)
		}
	}
	if !apply {
		fmt.Fprintf(out, "\n%s\n", i18n.Pick(lang,
			"Compare them with yours, e.g. 'diff -r solution .' in the exercise's folder; 'dockademy solution --apply' would use them.",
			"실습 폴더에서 'diff -r solution .' 처럼 비교해 보세요; 'dockademy solution --apply' 는 답안으로 바꿔 씁니다."))
	}
	return nil
}

func relTo(root, p string) string {
	if r, err := filepath.Rel(root, p); err == nil {
		return r
	}
	return p
}
