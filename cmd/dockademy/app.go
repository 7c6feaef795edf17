package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/dockademy/dockademy/internal/i18n"
	"github.com/dockademy/dockademy/internal/iostreams"
	"github.com/dockademy/dockademy/internal/workspace"
	"github.com/dockademy/dockademy/lessons"
	"github.com/dockademy/dockademy/runner"
)

// Exit codes. Scripts and graders read them, so they never change meaning.
const (
	exitOK          = 0
	exitFailed      = 1 // a check ran and did not pass
	exitUsage       = 2 // wrong flags or arguments, or a broken lesson
	exitEngine      = 3 // the Docker Engine cannot be reached
	exitError       = 4 // anything else went wrong
	exitInterrupted = 130
)

// exitError carries an exit code through cobra to Main.
type codeError struct {
	code int
	err  error
}

func (e *codeError) Error() string { return e.err.Error() }
func (e *codeError) Unwrap() error { return e.err }

func usageErr(format string, a ...any) error {
	return &codeError{exitUsage, fmt.Errorf(format, a...)}
}

// errSilentFail ends a command whose result was already printed (a failed check).
var errSilentFail = &codeError{exitFailed, errors.New("")}

// app is what every command shares: streams, global flags, and how to reach the engine.
type app struct {
	io         *iostreams.IO
	lang       string
	lessonsDir string
	engineHost string
	// connect is replaceable so that commands that need no engine never dial it.
	connect func(ctx context.Context, host string) (*runner.Client, error)
}

// Main runs the command line and returns the process's exit code.
func Main() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return run(ctx, iostreams.System(), os.Args[1:])
}

func run(ctx context.Context, streams *iostreams.IO, args []string) int {
	a := &app{io: streams, connect: runner.Connect}
	root := a.rootCmd()
	root.SetArgs(args)
	root.SetIn(streams.In)
	root.SetOut(streams.Out)
	root.SetErr(streams.ErrOut)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	code := exitCode(ctx, err)
	var unreachable *runner.UnreachableError
	switch {
	case code == exitInterrupted:
		fmt.Fprintln(streams.ErrOut, "dockademy: interrupted")
	case errors.As(err, &unreachable):
		ws, _ := a.findWorkspace()
		lang, lerr := a.language(ws)
		if lerr != nil {
			lang = "en"
		}
		fmt.Fprintf(streams.ErrOut, "dockademy: %s\n%s\n", engineDownMessage(err, lang), engineDownRemedy(err, lang))
	case err != errSilentFail && err.Error() != "":
		fmt.Fprintln(streams.ErrOut, "dockademy:", err)
	}
	return code
}

func exitCode(ctx context.Context, err error) int {
	var ce *codeError
	var unreachable *runner.UnreachableError
	var lessonErrs lessons.Errors
	switch {
	case ctx.Err() != nil || errors.Is(err, context.Canceled):
		return exitInterrupted
	case errors.As(err, &unreachable):
		return exitEngine
	case errors.As(err, &ce):
		return ce.code
	case errors.As(err, &lessonErrs):
		return exitUsage
	case isFlagError(err):
		return exitUsage
	}
	return exitError
}

func (a *app) rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "dockademy",
		Short: "Learn Docker by doing: lessons checked on your own Docker Engine",
		Long: `dockademy teaches Docker by doing. Its lessons explain an idea, and its
exercises are checked on your own Docker Engine: it builds your Dockerfile, runs
the container and probes it over HTTP, then tells you what is right and what is not.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().StringVar(&a.lang, "lang", "", "language of lessons and messages: ko or en (default: from LANG)")
	root.PersistentFlags().StringVar(&a.lessonsDir, "lessons", "", "load the course from `<dir>` instead of the built-in one")
	root.PersistentFlags().StringVar(&a.engineHost, "host", "", "Docker Engine address (default: DOCKER_HOST or the active docker context)")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &codeError{exitUsage, fmt.Errorf("%w\nRun '%s --help' for usage.", err, c.CommandPath())}
	})
	root.AddCommand(a.listCmd(), a.initCmd(), a.checkCmd(), a.lessonsCmd(), a.learnCmd(), a.watchCmd(), a.quizCmd(), a.gradeCmd(), a.openCmd(), a.hintCmd(), a.solutionCmd(), a.resetCmd(), a.progressCmd(), a.doctorCmd(), a.imagesCmd(), a.classroomCmd(), a.joinCmd(), a.leaveCmd())
	root.RunE = a.runRoot
	return root
}

func isFlagError(err error) bool {
	var ce *codeError
	return errors.As(err, &ce) && ce.code == exitUsage
}

// language resolves --lang, then the workspace's, then the environment's.
func (a *app) language(ws *workspace.Workspace) (string, error) {
	if a.lang != "" {
		l := i18n.Normalize(a.lang)
		if l == "" {
			return "", usageErr("unknown language %q: use ko or en", a.lang)
		}
		return l, nil
	}
	if ws != nil && ws.Meta.Lang != "" {
		return ws.Meta.Lang, nil
	}
	return i18n.Detect(), nil
}

// courseFS is the course's files: --lessons, else the workspace's course, else the
// built-in one.
func (a *app) courseFS(ws *workspace.Workspace) fs.FS {
	dir := a.lessonsDir
	if dir == "" && ws != nil {
		dir = ws.Meta.Lessons
	}
	if dir == "" {
		return lessons.Embedded()
	}
	return os.DirFS(dir)
}

// course loads the course in the resolved language.
func (a *app) course(ws *workspace.Workspace) (*lessons.Course, string, error) {
	lang, err := a.language(ws)
	if err != nil {
		return nil, "", err
	}
	c, err := lessons.LoadCourse(a.courseFS(ws), lang)
	if err != nil {
		return nil, "", err
	}
	return c, lang, nil
}

// findWorkspace is the enclosing workspace, or nil when there is none.
func (a *app) findWorkspace() (*workspace.Workspace, error) {
	ws, err := workspace.Find(".")
	if errors.Is(err, workspace.ErrNotFound) {
		return nil, nil
	}
	return ws, err
}

// engine connects to the Docker Engine and sweeps what crashed runs left behind.
func (a *app) engine(ctx context.Context) (*runner.Client, error) {
	c, err := a.connect(ctx, a.engineHost)
	if err != nil {
		return nil, err
	}
	if _, err := c.Sweep(ctx); err != nil {
		fmt.Fprintf(a.io.ErrOut, "dockademy: warning: could not remove leftovers of earlier runs: %v\n", err)
	}
	return c, nil
}

// findExercise looks up "<lesson-id>/<exercise-id>".
func findExercise(c *lessons.Course, id string) (*lessons.Exercise, error) {
	for _, l := range c.Lessons {
		for _, ex := range l.Exercises {
			if ex.FullID() == id {
				return ex, nil
			}
		}
	}
	return nil, usageErr("no exercise %q in the course; 'dockademy list' shows them", id)
}
