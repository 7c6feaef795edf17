package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/dockademy/dockademy/internal/events"
	"github.com/dockademy/dockademy/internal/i18n"
	"github.com/dockademy/dockademy/internal/prompt"
	"github.com/dockademy/dockademy/internal/workspace"
	"github.com/dockademy/dockademy/lessons"
)

type resetOptions struct {
	all bool
	yes bool
}

func (a *app) resetCmd() *cobra.Command {
	opts := &resetOptions{}
	cmd := &cobra.Command{
		Use:   "reset <lesson-id>/<exercise-id> | --all [--yes]",
		Short: "Start an exercise again from its starter files",
		Long: `Put an exercise's folder back as 'init' wrote it, and remove the containers and
images that dockademy made for it on the Docker Engine (nothing else). Your files
are first backed up to .dockademy/backup/<lesson-id>/<exercise-id>/<time>/.
With --all, every exercise of the course (asks first; --yes without a terminal).
Your progress record keeps what you did.`,
		Example: `  dockademy reset dockerfile-basics/helloworld
  dockademy reset --all --yes`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return a.runReset(cmd.Context(), args, opts) },
	}
	cmd.Flags().BoolVar(&opts.all, "all", false, "reset every exercise of the course")
	cmd.Flags().BoolVarP(&opts.yes, "yes", "y", false, "do not ask before --all")
	return cmd
}

func (a *app) runReset(ctx context.Context, args []string, opts *resetOptions) error {
	lang, err := a.language(nil)
	if err != nil {
		return err
	}
	if opts.all == (len(args) == 1) {
		return usageErr("%s", i18n.Pick(lang,
			"name one exercise (<lesson-id>/<exercise-id>) or give --all",
			"실습 하나를 지정하거나 (<lesson-id>/<exercise-id>) --all 을 주세요"))
	}
	ws, err := a.needWorkspace(lang)
	if err != nil {
		return err
	}
	c, lang, err := a.course(ws)
	if err != nil {
		return err
	}
	var targets []*lessons.Exercise
	if opts.all {
		for _, l := range c.Lessons {
			targets = append(targets, l.Exercises...)
		}
		if err := a.confirmResetAll(ctx, len(targets), opts.yes, lang); err != nil {
			return err
		}
	} else {
		ex, err := findExercise(c, args[0])
		if err != nil {
			return err
		}
		targets = append(targets, ex)
	}
	// The engine first: when it is down nothing is touched, and the learner can
	// simply try again.
	client, err := a.engine(ctx)
	if err != nil {
		return err
	}
	defer client.Close()

	for _, ex := range targets {
		if err := ctx.Err(); err != nil {
			return err
		}
		removed, err := client.RemoveExercise(ctx, ex.FullID())
		if err != nil {
			return fmt.Errorf("could not remove the engine objects of %s: %w", ex.FullID(), err)
		}
		backup, moved, err := a.resetFiles(ws, ex)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.io.Out, i18n.Pick(lang, "%s: starter files restored", "%s: 시작 파일로 되돌렸습니다"), ex.FullID())
		if removed > 0 {
			fmt.Fprintf(a.io.Out, i18n.Pick(lang, "; removed from the engine: %d", "; 엔진에서 지운 것: %d개"), removed)
		}
		fmt.Fprintln(a.io.Out)
		if backup != "" {
			fmt.Fprintf(a.io.Out, i18n.Pick(lang, "  your files (%d) are backed up in %s\n", "  여러분의 파일 %d개는 %s 에 백업했습니다\n"),
				moved, relTo(ws.Root, backup))
		}
		a.recordEvent(ctx, ws, lang, events.New(events.Reset, ex.FullID()))
	}
	return nil
}

func (a *app) confirmResetAll(ctx context.Context, n int, yes bool, lang string) error {
	if yes {
		return nil
	}
	if !a.io.CanPrompt() {
		return usageErr("%s", i18n.Pick(lang,
			"--all resets every exercise: without a terminal, add --yes to confirm",
			"--all 은 모든 실습을 되돌립니다: 터미널 없이 하려면 --yes 를 붙이세요"))
	}
	p, ok := prompt.NewSurvey(a.io.In, a.io.Out, a.io.ErrOut, a.io.Color())
	if !ok {
		return usageErr("%s", i18n.Pick(lang, "cannot ask here: add --yes", "여기서는 물어볼 수 없습니다: --yes 를 붙이세요"))
	}
	ok, err := p.Confirm(ctx, fmt.Sprintf(i18n.Pick(lang,
		"Reset all %d exercises to their starter files (your files are backed up)?",
		"실습 %d개를 모두 시작 파일로 되돌릴까요 (여러분의 파일은 백업합니다)?"), n), false)
	if err != nil {
		return err
	}
	if !ok {
		return &codeError{exitFailed, errors.New(i18n.Pick(lang, "nothing was reset", "아무것도 되돌리지 않았습니다"))}
	}
	return nil
}

// resetFiles backs up the exercise's folder, removes the files that are not starter
// files (they are in the backup) and writes the starter files again. dockademy's
// solution/ copies go too: they are the lesson's, not the learner's.
func (a *app) resetFiles(ws *workspace.Workspace, ex *lessons.Exercise) (string, int, error) {
	backup, files, err := backupExercise(ws, ex)
	if err != nil {
		return "", 0, err
	}
	dir := ws.ExerciseDir(ex)
	starter := map[string]bool{}
	for _, f := range ex.Files {
		starter[filepath.FromSlash(f.Path)] = true
	}
	for _, rel := range files {
		if !starter[rel] {
			if err := os.Remove(filepath.Join(dir, rel)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return backup, len(files), fmt.Errorf("could not remove %s: %w", rel, err)
			}
		}
	}
	if err := os.RemoveAll(filepath.Join(dir, solutionDir)); err != nil {
		return backup, len(files), err
	}
	removeEmptyDirs(dir)
	if _, err := workspace.WriteFiles(dir, ex.Files, true); err != nil {
		return backup, len(files), fmt.Errorf("could not write the starter files of %s: %w", ex.FullID(), err)
	}
	return backup, len(files), nil
}

// removeEmptyDirs removes the folders that removing files emptied, deepest first.
func removeEmptyDirs(root string) {
	var dirs []string
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && p != root {
			dirs = append(dirs, p)
		}
		return nil
	})
	for i := len(dirs) - 1; i >= 0; i-- {
		_ = os.Remove(dirs[i]) // fails, as it should, on a folder that is not empty
	}
}
