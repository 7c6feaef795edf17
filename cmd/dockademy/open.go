package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dockademy/dockademy/internal/attempt"
	"github.com/dockademy/dockademy/internal/i18n"
	"github.com/dockademy/dockademy/internal/progress"
	"github.com/dockademy/dockademy/internal/reader"
	"github.com/dockademy/dockademy/internal/workspace"
	"github.com/dockademy/dockademy/lessons"
)

func (a *app) openCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "open [<lesson-id>/<exercise-id>]",
		Short: "Start an exercise: its instructions, its folder, and the engine made ready",
		Long: `Start an exercise: print its instructions, its folder and files, and what to do
next, and prepare the Docker Engine for it (a command exercise may need an image
to run; the exercise's setup builds it). Missing starter files are written again;
your own files are never overwritten. Without an id, the exercise you were on.`,
		Example: `  dockademy open dockerfile-basics/helloworld
  dockademy open`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return a.runOpen(cmd.Context(), args) },
	}
}

func (a *app) runOpen(ctx context.Context, args []string) error {
	l, ex, err := a.loadExercise(args)
	if err != nil {
		return err
	}
	ws, c := l.ws, l.course
	if err := a.openExercise(ctx, ws, ex); err != nil {
		return err
	}
	// The reading position follows: the menu reopens the lesson at this exercise.
	for _, l := range c.Lessons {
		if l.ID != ex.LessonID {
			continue
		}
		for i, s := range l.Sections {
			if s.Unit == ex.ID {
				if store, err := progress.Open(ws.StateDir()); err == nil {
					_ = store.SetPosition(l.ID, i)
				}
			}
		}
	}
	return nil
}

// openExercise starts ex in ws: it writes missing starter files, prints the
// instructions, the folder, the files and what to do next, runs the exercise's setup
// on the engine, and marks the exercise started. The menu calls it too.
func (a *app) openExercise(ctx context.Context, ws *workspace.Workspace, ex *lessons.Exercise) error {
	return a.openExerciseShowing(ctx, ws, ex, true)
}

// openExerciseShowing is openExercise; the reader, which has just rendered the
// exercise's section, leaves the instructions out.
func (a *app) openExerciseShowing(ctx context.Context, ws *workspace.Workspace, ex *lessons.Exercise, instructions bool) error {
	lang, err := a.language(ws)
	if err != nil {
		return err
	}
	dir := ws.ExerciseDir(ex)
	wrote, err := workspace.WriteFiles(dir, ex.Files, false)
	if err != nil {
		return fmt.Errorf("could not write the files of %s: %w", ex.FullID(), err)
	}
	out := a.io.Out
	if s := strings.TrimSpace(ex.Instructions); s != "" && instructions {
		a.printMarkdown(ex.Title+"  ("+ex.FullID()+")", s, lang)
	}
	fmt.Fprintf(out, i18n.Pick(lang, "Folder: %s\n", "폴더: %s\n"), dir)
	if len(ex.Files) > 0 {
		fmt.Fprintln(out, i18n.Pick(lang, "Files:", "파일:"))
		for _, f := range ex.Files {
			note := ""
			for _, w := range wrote {
				if w == filepath.Join(dir, filepath.FromSlash(f.Path)) {
					note = i18n.Pick(lang, "  (starter file written)", "  (시작 파일을 썼습니다)")
				}
			}
			fmt.Fprintf(out, "  %s%s\n", f.Path, note)
		}
	}

	if len(ex.Setup) > 0 {
		if err := a.setupExercise(ctx, ws, ex, lang); err != nil {
			return err
		}
	}

	fmt.Fprintln(out)
	rel := dir
	if r, err := filepath.Rel(ws.Root, dir); err == nil {
		rel = r
	}
	if ex.IsCommand() {
		fmt.Fprintf(out, i18n.Pick(lang,
			"Next: in %s, run the docker commands the exercise asks for, then 'dockademy check %s'.\n",
			"다음: %s 에서 실습이 요구하는 docker 명령을 실행한 뒤 'dockademy check %s' 를 실행하세요.\n"), rel, ex.FullID())
	} else {
		fmt.Fprintf(out, i18n.Pick(lang,
			"Next: edit the files in %s, then run 'dockademy check %s'.\n",
			"다음: %s 의 파일을 고친 뒤 'dockademy check %s' 를 실행하세요.\n"), rel, ex.FullID())
	}
	if len(ex.Hints) > 0 {
		fmt.Fprintf(out, i18n.Pick(lang,
			"Stuck? 'dockademy hint' shows a hint (%d in all).\n",
			"막히면 'dockademy hint' 로 힌트를 볼 수 있습니다 (모두 %d개).\n"), len(ex.Hints))
	}

	store, err := progress.Open(ws.StateDir())
	if err == nil {
		err = store.Start(ex.FullID())
	}
	if err != nil {
		fmt.Fprintf(a.io.ErrOut, i18n.Pick(lang,
			"dockademy: warning: could not save your progress: %v\n",
			"dockademy: 경고: 진행 상황을 저장하지 못했습니다: %v\n"), err)
	}
	return nil
}

// setupExercise runs ex's setup actions, so that a command exercise finds the image
// it asks the learner to run. What setup creates is labelled with the exercise;
// reset removes it.
func (a *app) setupExercise(ctx context.Context, ws *workspace.Workspace, ex *lessons.Exercise, lang string) error {
	client, err := a.engine(ctx)
	if err != nil {
		return err
	}
	defer client.Close()
	live := newLive(a.io.ErrOut, a.io.IsTerminal())
	defer live.Close()
	live.Line(i18n.Pick(lang, "Preparing the Docker Engine for this exercise ...", "이 실습을 위해 Docker 엔진을 준비합니다 ..."))
	live.Status(i18n.Pick(lang, "preparing ...", "준비 중 ..."))
	err = attempt.Setup(ctx, client, ex, attempt.Options{
		Dir: ws.ExerciseDir(ex), Lang: lang, Log: &buildSteps{live: live, prefix: "  "},
	})
	live.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", i18n.Pick(lang,
			"could not prepare the engine for this exercise",
			"이 실습을 위한 엔진 준비에 실패했습니다"), err)
	}
	fmt.Fprintln(a.io.ErrOut, i18n.Pick(lang, "The engine is ready.", "엔진이 준비되었습니다."))
	return nil
}

// printMarkdown renders Markdown for the terminal (plain text off a terminal).
func (a *app) printMarkdown(title, md, lang string) {
	r, err := reader.NewRenderer(reader.TerminalWidth(a.io.Out), a.io.Color(), lang)
	if err == nil {
		if out, err := r.Render(title, md); err == nil {
			fmt.Fprintln(a.io.Out, out)
			return
		}
	}
	fmt.Fprintf(a.io.Out, "# %s\n\n%s\n\n", title, md)
}
