package attempt

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"

	"github.com/dockademy/dockademy/checker"
	"github.com/dockademy/dockademy/lessons"
	"github.com/dockademy/dockademy/runner"
)

// maxDockerfile caps what a dockerfile assertion reads: a Dockerfile is small, and a
// hostile submission must not make the checker read gigabytes.
const maxDockerfile = 1 << 20

func (w *walk) file(ctx context.Context, i int) (checker.Verdict, error) {
	s := &w.steps[i]
	image := w.lastImg
	if s.File.In != "" {
		image = s.File.In
		if j := builderOf(w.steps, i, s.File.In); j >= 0 {
			image = w.out[j].imageID
		}
	}
	if image == "" {
		return checker.Verdict{}, fmt.Errorf("file %s: no image to look in (build one first, or name it with in:)", s.Subject)
	}
	f, err := w.sess.ReadFile(ctx, image, s.Subject)
	if err != nil {
		return checker.Verdict{}, fmt.Errorf("could not read %s in image %s: %w", s.Subject, short(image), err)
	}
	return checker.File(s, f, w.opts.Lang), nil
}

func (w *walk) output(ctx context.Context, i int) (checker.Verdict, error) {
	s := &w.steps[i]
	src := -1
	if s.Subject == "" {
		src = lastRunOrExec(w.steps, i)
	} else if cs := lessons.ParseContainerSubject(s.Subject); cs.Step != "" {
		src = stepNamed(w.steps, i, cs.Step)
	}
	if src >= 0 {
		r := w.out[src].run
		if r == nil {
			return checker.Verdict{}, fmt.Errorf("output: step %s left no output", w.steps[src].DisplayName())
		}
		if r.Detached && w.out[src].containerID != "" {
			// A detached run's output is its logs so far.
			return w.logsOf(ctx, s, w.out[src].containerID)
		}
		return checker.Output(s, *r, w.opts.Lang), nil
	}
	found, err := w.containers(ctx, i, s.Subject)
	if err != nil {
		return checker.Verdict{}, err
	}
	if len(found) == 0 {
		return checker.Output(s, runner.RunResult{}, w.opts.Lang), nil
	}
	return w.logsOf(ctx, s, found[0].ID)
}

func (w *walk) logsOf(ctx context.Context, s *lessons.Step, id string) (checker.Verdict, error) {
	out, errOut, err := w.sess.Logs(ctx, id)
	if err != nil {
		return checker.Verdict{}, fmt.Errorf("could not read the logs of %s: %w", short(id), err)
	}
	info, err := w.sess.InspectContainer(ctx, id)
	if err != nil {
		return checker.Verdict{}, fmt.Errorf("could not inspect container %s: %w", short(id), err)
	}
	return checker.Output(s, runner.RunResult{
		ContainerID: id, ImageID: info.ImageID, Detached: true,
		Exited: !info.Running, ExitCode: info.ExitCode, Stdout: out, Stderr: errOut,
	}, w.opts.Lang), nil
}

func (w *walk) container(ctx context.Context, i int) (checker.Verdict, error) {
	s := &w.steps[i]
	found, err := w.containers(ctx, i, s.Subject)
	if err != nil {
		return checker.Verdict{}, err
	}
	env := checker.ContainerEnv{}
	for _, p := range s.Container.Publishes {
		env.Publishes = append(env.Publishes, w.sess.MapPublishes(p))
	}
	if ref := s.Container.Image; ref != "" {
		if j := stepNamed(w.steps, i, ref); j >= 0 {
			env.WantImageID = w.out[j].imageID
		} else {
			img, err := w.sess.InspectImage(ctx, ref)
			if err != nil {
				return checker.Verdict{}, fmt.Errorf("could not inspect image %q: %w", ref, err)
			}
			env.WantImageID = img.ID
		}
	}
	obs := make([]checker.ContainerObservation, 0, len(found))
	for _, c := range found {
		o := checker.ContainerObservation{Info: c}
		if s.Container.Unchanged != nil {
			o.Changes, err = w.sess.Diff(ctx, c.ID)
			if err != nil {
				return checker.Verdict{}, fmt.Errorf("could not list the changes of %s: %w", short(c.ID), err)
			}
			o.DiffKnown = true
		}
		obs = append(obs, o)
	}
	return checker.Container(s, obs, env, w.opts.Lang), nil
}

func (w *walk) http(ctx context.Context, i int) (checker.Verdict, error) {
	s := &w.steps[i]
	spec := runner.ProbeSpec{
		URL:    s.Subject,
		Within: s.HTTP.Within,
		Until:  checker.HTTPSatisfied(s),
	}
	if s.HTTP.Via != "" {
		found, err := w.containers(ctx, i, s.HTTP.Via)
		if err != nil {
			return checker.Verdict{}, err
		}
		for _, c := range found {
			if c.Running {
				spec.Via = c.ID
				break
			}
		}
		if spec.Via == "" && len(found) > 0 {
			spec.Via = found[0].ID
		}
		if spec.Via != "" {
			spec.Watch = []string{spec.Via}
		}
	} else {
		for _, j := range servers(w.steps, i, s.Subject) {
			if id := w.out[j].containerID; id != "" {
				spec.Watch = append(spec.Watch, id)
			}
		}
	}
	spec.GiveUpWhenRefused = len(spec.Watch) == 0
	res, err := w.sess.ProbeHTTP(ctx, spec)
	if err != nil {
		return checker.Verdict{}, fmt.Errorf("could not probe %s: %w", s.Subject, err)
	}
	return checker.HTTP(s, res, w.opts.Lang), nil
}

func (w *walk) dockerfile(i int) (checker.Verdict, error) {
	s := &w.steps[i]
	rel := s.Subject
	if rel == "" {
		rel = "Dockerfile"
	}
	path, err := inside(w.opts.Dir, rel)
	if err != nil {
		return checker.Verdict{}, err
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return checker.Dockerfile(s, nil, false, w.opts.Lang), nil
	}
	if err != nil {
		return checker.Verdict{}, fmt.Errorf("could not read %s: %w", rel, err)
	}
	defer f.Close()
	content, err := io.ReadAll(io.LimitReader(f, maxDockerfile))
	if err != nil {
		return checker.Verdict{}, fmt.Errorf("could not read %s: %w", rel, err)
	}
	return checker.Dockerfile(s, content, true, w.opts.Lang), nil
}

// containers resolves a container subject: a run step of this check, or what the
// engine holds now (ancestor:, name:), newest first.
func (w *walk) containers(ctx context.Context, i int, subject string) ([]runner.ContainerInfo, error) {
	cs := lessons.ParseContainerSubject(subject)
	var filter runner.ContainerFilter
	switch {
	case cs.Step != "":
		j := stepNamed(w.steps, i, cs.Step)
		if j < 0 || w.out[j].containerID == "" {
			return nil, nil
		}
		filter.ID = w.out[j].containerID
	case cs.Ancestor != "":
		filter.Ancestor = w.sess.ImageRef(cs.Ancestor)
	default:
		filter.Name = cs.Name
	}
	found, err := w.sess.FindContainers(ctx, filter)
	if err != nil {
		return nil, fmt.Errorf("could not list containers for %s: %w", subject, err)
	}
	sort.SliceStable(found, func(a, b int) bool { return found[a].Created.After(found[b].Created) })
	return found, nil
}
