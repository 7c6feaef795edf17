package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/dockademy/dockademy/checker"
	"github.com/dockademy/dockademy/internal/attempt"
	"github.com/dockademy/dockademy/internal/events"
	"github.com/dockademy/dockademy/internal/i18n"
	"github.com/dockademy/dockademy/internal/progress"
	"github.com/dockademy/dockademy/internal/render"
	"github.com/dockademy/dockademy/internal/workspace"
	"github.com/dockademy/dockademy/lessons"
)

type checkOptions struct {
	dir     string
	json    bool
	keep    bool
	verbose bool
}

func (a *app) checkCmd() *cobra.Command {
	opts := &checkOptions{}
	cmd := &cobra.Command{
		Use:   "check <lesson-id>/<exercise-id> [--dir <dir>] [--lessons <dir>] [--json] [--keep] [--verbose]",
		Short: "Check an exercise on your Docker Engine",
		Long: `Check an exercise: build and run your files on the Docker Engine (or, for a
command exercise, look at what your docker commands left), and report each step.
Exit status: 0 when every step passed, 1 when a step did not, 2 for usage errors,
3 when the Docker Engine cannot be reached. In a workspace, every check is
recorded in its progress ('dockademy progress').`,
		Example: `  dockademy check dockerfile-basics/helloworld
  dockademy check dockerfile-basics/echo --dir ./my-echo --json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runCheck(cmd.Context(), args[0], opts)
		},
	}
	cmd.Flags().StringVar(&opts.dir, "dir", "", "the exercise folder (default: the exercise's folder in this workspace)")
	cmd.Flags().BoolVar(&opts.json, "json", false, "print the report as JSON")
	cmd.Flags().BoolVar(&opts.keep, "keep", false, "leave the containers running so that you can look at them")
	cmd.Flags().BoolVarP(&opts.verbose, "verbose", "v", false, "show the whole build output")
	return cmd
}

func (a *app) runCheck(ctx context.Context, id string, opts *checkOptions) error {
	ws, err := a.findWorkspace()
	if err != nil {
		return err
	}
	c, lang, err := a.course(ws)
	if err != nil {
		return err
	}
	ex, err := findExercise(c, id)
	if err != nil {
		return err
	}
	dir, err := exerciseDir(ws, ex, opts.dir, lang)
	if err != nil {
		return err
	}
	// The attempt counts in the workspace that holds the folder checked: a folder
	// elsewhere (a classmate's, a submission) is not the learner's own progress.
	recordIn := ws
	if opts.dir != "" {
		recordIn, _ = workspace.Find(dir)
	}
	client, err := a.engine(ctx)
	if err != nil {
		return err
	}
	defer client.Close()

	color := a.io.Color() && !opts.json
	var live *liveStatus
	aopts := attempt.Options{Dir: dir, Lang: lang, Keep: opts.keep, Log: io.Discard}
	if !opts.json {
		live = newLive(a.io.ErrOut, a.io.IsTerminal())
		defer live.Close()
		if opts.verbose {
			aopts.Log = &lockedWriter{live: live, w: a.io.ErrOut}
		} else {
			aopts.Log = &buildSteps{live: live, prefix: "  "}
		}
		aopts.Progress = func(e attempt.Event) {
			if !e.Done {
				live.Status(fmt.Sprintf(i18n.Pick(lang, "checking %s ...", "%s 확인 중 ..."), e.Step.DisplayName()))
				return
			}
			live.Status("")
			live.Do(func() { render.Step(a.io.Out, e.Result, lang, color) })
		}
	}
	rep, err := attempt.Check(ctx, client, ex, aopts)
	live.Close()
	if err != nil {
		return fmt.Errorf("could not check %s: %w", id, err)
	}
	e := events.New(events.Check, ex.FullID())
	e.Check = rep
	a.recordEvent(ctx, recordIn, lang, e)

	if opts.json {
		enc := json.NewEncoder(a.io.Out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else {
		render.Summary(a.io.Out, rep, lang, color)
		if !rep.Passed && !opts.verbose && rep.BuildLog != "" && buildFailed(rep) {
			fmt.Fprintln(a.io.ErrOut, i18n.Pick(lang, "--- build output ---", "--- 빌드 출력 ---"))
			fmt.Fprint(a.io.ErrOut, tail(rep.BuildLog, 30))
		}
		if opts.keep {
			fmt.Fprintln(a.io.ErrOut, i18n.Pick(lang,
				"Containers were kept: 'docker ps --filter label=dev.dockademy.exercise="+ex.FullID()+"' lists them.",
				"컨테이너를 남겨 두었습니다: 'docker ps --filter label=dev.dockademy.exercise="+ex.FullID()+"' 로 볼 수 있습니다."))
		}
		a.afterCheck(c, recordIn, ex, rep.Passed, lang)
	}
	if !rep.Passed {
		return errSilentFail
	}
	return nil
}

// afterCheck says what to do now: the next unit after a pass, a hint after a failure.
func (a *app) afterCheck(c *lessons.Course, ws *workspace.Workspace, ex *lessons.Exercise, passed bool, lang string) {
	if !passed {
		if ws != nil {
			fmt.Fprintf(a.io.ErrOut, i18n.Pick(lang,
				"Stuck? 'dockademy hint %s' shows a hint.\n",
				"막혔나요? 'dockademy hint %s' 로 힌트를 볼 수 있습니다.\n"), ex.FullID())
		}
		return
	}
	st, err := progressState(ws)
	if err != nil {
		st, _ = progressState(nil)
	}
	if ws == nil {
		// No record: the course order alone says what comes next.
		st.Units[ex.FullID()] = &progress.UnitState{Status: progress.StatusPassed}
	}
	describeNext(a.io.Out, c, st, ex.FullID(), lang)
}

// lockedWriter writes the whole build output (--verbose) around the spinner line.
type lockedWriter struct {
	live *liveStatus
	w    io.Writer
}

func (l *lockedWriter) Write(p []byte) (n int, err error) {
	l.live.Do(func() { n, err = l.w.Write(p) })
	return n, err
}

// exerciseDir is --dir, else the exercise's folder in the workspace.
func exerciseDir(ws *workspace.Workspace, ex *lessons.Exercise, flag, lang string) (string, error) {
	if flag != "" {
		abs, err := filepath.Abs(flag)
		if err != nil {
			return "", err
		}
		st, err := os.Stat(abs)
		if err != nil || !st.IsDir() {
			return "", usageErr("%s is not a folder", flag)
		}
		return abs, nil
	}
	if ws == nil {
		return "", usageErr("%s", i18n.Pick(lang,
			"no workspace here: run 'dockademy init' to create one, or pass --dir <folder>",
			"여기에는 작업 공간이 없습니다: 'dockademy init' 으로 만들거나 --dir <폴더> 를 지정하세요"))
	}
	dir := ws.ExerciseDir(ex)
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		return "", usageErr("%s", fmt.Sprintf(i18n.Pick(lang,
			"the folder of %s is missing (%s): 'dockademy init' writes it again",
			"%s 의 폴더가 없습니다 (%s): 'dockademy init' 으로 다시 만들 수 있습니다"), ex.FullID(), dir))
	}
	return dir, nil
}

func buildFailed(r *checker.Report) bool {
	for _, s := range r.Steps {
		if s.Kind == string(lessons.KindBuild) && s.Status == checker.Failed {
			return true
		}
	}
	return false
}

func tail(s string, lines int) string {
	n := 0
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '\n' {
			n++
			if n > lines {
				return s[i+1:]
			}
		}
	}
	return s
}
