// Package attempt runs one exercise's check: it walks the steps in order, has the
// runner act on and observe the engine, and has the checker judge what was seen. It
// is the only place where lessons, runner and checker meet.
package attempt

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/dockademy/dockademy/checker"
	"github.com/dockademy/dockademy/lessons"
	"github.com/dockademy/dockademy/runner"
)

// Options configure one check.
type Options struct {
	Dir    string // the exercise folder, absolute
	Lang   string
	Mapped bool // grade in a private namespace (batch grading)
	Keep   bool // leave containers running for the learner
	Log    io.Writer
	Limits runner.Limits
	// Progress, when set, hears about each step as it starts and ends.
	Progress func(Event)
}

// Event tells a watcher where the check is.
type Event struct {
	Step   *lessons.Step
	Done   bool
	Result checker.StepResult // set when Done
	// Leftovers: a build step made layers that its image does not hold; the check's
	// cleanup removes them, and until then another build may find them in the cache.
	Leftovers bool
}

const defaultBuildTimeout = 5 * time.Minute

// Check runs ex's check on the folder in opts.Dir and returns the report. It returns an
// error only when the engine could not be used at all; a failing build or a wrong
// answer is part of the report. Everything the check created is removed before it
// returns, also when ctx is cancelled.
func Check(ctx context.Context, client *runner.Client, ex *lessons.Exercise, opts Options) (*checker.Report, error) {
	sess := client.NewSession(runner.SessionOptions{
		Exercise: ex.FullID(),
		Role:     "check",
		Mapped:   opts.Mapped,
		Keep:     opts.Keep,
		Log:      opts.Log,
		Limits:   opts.Limits,
	})
	defer sess.Cleanup()

	rep := &checker.Report{Exercise: ex.FullID(), Started: time.Now()}
	w := &walk{ctx: ctx, sess: sess, opts: opts, steps: ex.Check, out: make([]outcome, len(ex.Check))}
	for i := range ex.Check {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		s := &ex.Check[i]
		if opts.Progress != nil {
			opts.Progress(Event{Step: s})
		}
		res := checker.Result(s, w.step(i))
		if opts.Progress != nil {
			opts.Progress(Event{Step: s, Done: true, Result: res, Leftovers: w.out[i].leftovers})
		}
		rep.Steps = append(rep.Steps, res)
		if w.fatal != nil {
			return nil, w.fatal
		}
	}
	rep.BuildLog = w.buildLog
	rep.Took = time.Since(rep.Started)
	rep.Total()
	if rep.Limits = w.limits(sess.Breaches(ctx)); len(rep.Limits) > 0 {
		rep.Passed = false
	}
	return rep, nil
}

// Setup runs an exercise's setup actions so that the learner finds the engine ready
// (an image to run, say). What it creates is kept and labelled with the exercise, so
// that reset removes it.
func Setup(ctx context.Context, client *runner.Client, ex *lessons.Exercise, opts Options) error {
	if len(ex.Setup) == 0 {
		return nil
	}
	sess := client.NewSession(runner.SessionOptions{
		Exercise: ex.FullID(), Role: "setup", Mapped: opts.Mapped, Keep: true, Log: opts.Log, Limits: opts.Limits,
	})
	defer sess.Cleanup()
	w := &walk{ctx: ctx, sess: sess, opts: opts, steps: ex.Setup, out: make([]outcome, len(ex.Setup))}
	for i := range ex.Setup {
		v := w.step(i)
		if w.fatal != nil {
			return w.fatal
		}
		if v.Status != checker.Passed {
			return fmt.Errorf("could not prepare exercise %s: step %s: %s %s",
				ex.FullID(), ex.Setup[i].DisplayName(), v.Message, v.Actual)
		}
	}
	return nil
}

// outcome is what an action step left for the steps after it.
type outcome struct {
	ok          bool
	imageID     string
	containerID string
	ran         []string // a build's step containers
	leftovers   bool     // a build's layers that its image does not hold
	run         *runner.RunResult
}

type walk struct {
	ctx      context.Context
	sess     *runner.Session
	opts     Options
	steps    []lessons.Step
	out      []outcome
	lastImg  string // image id of the last successful build
	buildLog string
	fatal    error // the engine went away: stop the whole check
}

func (w *walk) step(i int) checker.Verdict {
	s := &w.steps[i]
	for _, d := range dependencies(w.steps, i) {
		if !w.out[d].ok {
			return checker.Skip(s, w.steps[d].DisplayName(), w.opts.Lang)
		}
	}
	ctx := w.ctx
	if s.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.Timeout)
		defer cancel()
	}
	v, err := w.do(ctx, i)
	if err != nil {
		var unreachable *runner.UnreachableError
		if errors.As(err, &unreachable) || w.ctx.Err() != nil {
			w.fatal = err
		}
		return checker.Errored(s, err, w.opts.Lang)
	}
	if s.Kind.IsAction() && s.Kind != lessons.KindStop && v.Status == checker.Passed {
		w.out[i].ok = true
	}
	return v
}

func (w *walk) do(ctx context.Context, i int) (checker.Verdict, error) {
	s := &w.steps[i]
	switch s.Kind {
	case lessons.KindBuild:
		return w.build(ctx, i)
	case lessons.KindRun:
		return w.run(ctx, i)
	case lessons.KindExec:
		return w.exec(ctx, i)
	case lessons.KindStop:
		return w.stop(ctx, i)
	case lessons.KindImage:
		img, err := w.sess.InspectImage(ctx, s.Subject)
		if err != nil {
			return checker.Verdict{}, fmt.Errorf("could not inspect image %q: %w", s.Subject, err)
		}
		return checker.Image(s, img, w.opts.Lang), nil
	case lessons.KindFile:
		return w.file(ctx, i)
	case lessons.KindOutput:
		return w.output(ctx, i)
	case lessons.KindContainer:
		return w.container(ctx, i)
	case lessons.KindHTTP:
		return w.http(ctx, i)
	case lessons.KindDockerfile:
		return w.dockerfile(i)
	}
	return checker.Verdict{}, fmt.Errorf("step %s: unknown kind %q", s.DisplayName(), s.Kind)
}

// limits words the breaches for the steps whose containers reached them.
func (w *walk) limits(breaches []runner.Breach) []checker.LimitHit {
	var hits []checker.LimitHit
	for _, b := range breaches {
		step := ""
		for i := range w.steps {
			if w.out[i].containerID == b.Container || slices.Contains(w.out[i].ran, b.Container) {
				step = w.steps[i].DisplayName()
				break
			}
		}
		hits = append(hits, checker.Limit(step, b.Resource, b.Limit, b.Instruction, w.opts.Lang))
	}
	return hits
}
