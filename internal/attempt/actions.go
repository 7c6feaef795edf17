package attempt

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/dockademy/dockademy/checker"
	"github.com/dockademy/dockademy/runner"
)

func (w *walk) build(ctx context.Context, i int) (checker.Verdict, error) {
	s := &w.steps[i]
	dir, err := inside(w.opts.Dir, s.Subject)
	if err != nil {
		return checker.Verdict{}, err
	}
	timeout := s.Timeout
	if timeout == 0 {
		timeout = defaultBuildTimeout
	}
	res, err := w.sess.Build(ctx, runner.BuildSpec{
		ContextDir: dir,
		Dockerfile: s.Build.File,
		Tag:        s.Build.Tag,
		Pull:       s.Build.Pull,
		Args:       s.Build.Args,
		Timeout:    timeout,
	})
	if err != nil {
		return checker.Verdict{}, fmt.Errorf("could not build %s: %w", s.Subject, err)
	}
	w.buildLog += res.Log
	w.out[i].ran = res.Containers
	w.out[i].leftovers = res.Leftovers > 0
	if res.ImageID != "" {
		w.out[i].imageID = res.ImageID
		w.lastImg = res.ImageID
	}
	return checker.Build(s, res, w.opts.Lang), nil
}

func (w *walk) run(ctx context.Context, i int) (checker.Verdict, error) {
	s := &w.steps[i]
	res, err := w.sess.Run(ctx, runner.RunSpec{
		Image:   s.Subject,
		Detach:  s.Run.Detach,
		Publish: s.Run.Publish,
		Command: s.Run.Command,
		Env:     s.Run.Env,
		Timeout: s.Timeout,
	})
	if err == nil || isLearnerRunError(err) {
		w.out[i].containerID = res.ContainerID
		w.out[i].run = &res
		return checker.Run(s, res, err, w.opts.Lang), nil
	}
	return checker.Verdict{}, fmt.Errorf("could not run %s: %w", s.Subject, err)
}

func (w *walk) exec(ctx context.Context, i int) (checker.Verdict, error) {
	s := &w.steps[i]
	target := runTarget(w.steps, i, s.Exec.In)
	if target < 0 || w.out[target].containerID == "" {
		return checker.Verdict{}, fmt.Errorf("exec %v: no running container to exec in", s.Command)
	}
	res, err := w.sess.Exec(ctx, w.out[target].containerID, s.Command, s.Timeout)
	if err != nil && isLearnerRunError(err) {
		return checker.Run(s, res, err, w.opts.Lang), nil
	}
	if err != nil {
		return checker.Verdict{}, fmt.Errorf("could not exec %v: %w", s.Command, err)
	}
	w.out[i].run = &res
	w.out[i].containerID = w.out[target].containerID
	return checker.Run(s, res, nil, w.opts.Lang), nil
}

// stopGrace gives a stop with within enough time to tell slow from fast: a container
// that ignores SIGTERM is killed only after the grace, well past within.
func stopGrace(within time.Duration) time.Duration {
	if within == 0 {
		return 10 * time.Second
	}
	return max(2*within, within+3*time.Second)
}

// stop stops every running container of the subject and judges the slowest: the
// learner's image is what is on trial, and each of its containers must stop in time.
func (w *walk) stop(ctx context.Context, i int) (checker.Verdict, error) {
	s := &w.steps[i]
	found, err := w.containers(ctx, i, s.Subject)
	if err != nil {
		return checker.Verdict{}, err
	}
	var slowest runner.StopResult
	for _, c := range found {
		if !c.Running {
			continue
		}
		if s.Stop.Within > 0 {
			if err := settle(ctx, c.Started); err != nil {
				return checker.Verdict{}, err
			}
		}
		r, err := w.sess.Stop(ctx, c.ID, stopGrace(s.Stop.Within))
		if err != nil {
			return checker.Verdict{}, fmt.Errorf("could not stop container %s: %w", short(c.ID), err)
		}
		if slowest.ContainerID == "" || r.Took > slowest.Took {
			slowest = r
		}
	}
	w.out[i].ok = slowest.ContainerID != ""
	return checker.Stop(s, slowest, w.opts.Lang), nil
}

// startupGrace is how long a container may run before a stop judges how it handles
// SIGTERM. PID 1 ignores a signal it has no handler for, so a SIGTERM that arrives
// while the program is still starting, before its handler is installed, is lost:
// a right answer would fail on a loaded machine.
const startupGrace = 1500 * time.Millisecond

func settle(ctx context.Context, started time.Time) error {
	wait := time.Until(started.Add(startupGrace))
	if started.IsZero() || wait <= 0 {
		return nil
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(wait):
		return nil
	}
}

// isLearnerRunError tells the errors that the learner's work causes (a port in use, an
// image that is not there) from the engine failing.
func isLearnerRunError(err error) bool {
	var port *runner.PortInUseError
	var missing *runner.MissingImageError
	var notRunning *runner.NotRunningError
	return errors.As(err, &port) || errors.As(err, &missing) || errors.As(err, &notRunning)
}

// inside resolves rel within dir and refuses a path that leaves it: a lesson or a
// submission must not make the tool read the rest of the disk.
func inside(dir, rel string) (string, error) {
	if rel == "" {
		rel = "."
	}
	if filepath.IsAbs(rel) {
		return "", fmt.Errorf("path %q must be relative to the exercise folder", rel)
	}
	p := filepath.Join(dir, filepath.FromSlash(rel))
	r, err := filepath.Rel(dir, p)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("path %q leaves the exercise folder", rel)
	}
	return p, nil
}

func short(id string) string {
	id = strings.TrimPrefix(id, "sha256:")
	if len(id) > 12 {
		return id[:12]
	}
	return id
}
