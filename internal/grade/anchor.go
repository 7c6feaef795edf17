package grade

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"github.com/dockademy/dockademy/internal/workspace"
	"github.com/dockademy/dockademy/lessons"
	"github.com/dockademy/dockademy/runner"
)

// warmCache builds the lesson's reference solution on an engine before grading, and
// keeps it until grading ends.
//
// Learners start from the same starter files and mostly write the same instructions,
// so their builds share layers with the solution's. Kept, the solution's image holds
// those layers in the engine's cache: each is built once, and every submission's
// cleanup stops pruning where the shared layers begin. Without it the first
// submission's cleanup would remove the layers that the next one could have reused.
// It runs beside the first submissions and only saves time; a build that fails here
// changes nothing.
func warmCache(ctx context.Context, eng Engine, ex *lessons.Exercise, opts Options, first *firsts) (release func()) {
	release = func() {}
	if len(ex.Solution) == 0 {
		return release
	}
	dir, err := os.MkdirTemp(opts.Scratch, "dockademy-solution-*")
	if err != nil {
		return release
	}
	files := append(append([]lessons.File{}, ex.Files...), ex.Solution...)
	if _, err := workspace.WriteFiles(dir, files, true); err != nil {
		os.RemoveAll(dir)
		return release
	}
	sess := eng.Client.NewSession(runner.SessionOptions{
		Exercise: ex.FullID(), Role: "grade-cache", Mapped: true, Limits: opts.Limits,
	})
	// Registered before any submission starts: those with the solution's files wait
	// for this build instead of making the same layers at the same time.
	type job struct {
		step *lessons.Step
		done func()
	}
	var jobs []job
	for i := range ex.Check {
		s := &ex.Check[i]
		if s.Kind != lessons.KindBuild {
			continue
		}
		sub := filepath.Clean(filepath.FromSlash(s.Subject))
		if filepath.IsAbs(sub) || sub == ".." || strings.HasPrefix(sub, ".."+string(filepath.Separator)) {
			continue
		}
		jobs = append(jobs, job{s, first.begin(ctx, contextKey(dir, s))})
	}
	built := make(chan struct{})
	go func() {
		defer close(built)
		for _, j := range jobs {
			_, _ = sess.Build(ctx, runner.BuildSpec{
				ContextDir: filepath.Join(dir, filepath.FromSlash(j.step.Subject)), Dockerfile: j.step.Build.File,
				Tag: j.step.Build.Tag, Args: j.step.Build.Args, Timeout: opts.StepTimeout,
			})
			j.done()
		}
	}()
	return func() {
		<-built
		_ = sess.Cleanup()
		os.RemoveAll(dir)
	}
}
