package runner

import (
	"context"
	"fmt"
	"sort"
	"time"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/docker/docker/api/types/container"
)

const outputLimit = 64 << 10

// Run creates and starts a container. An attached run waits for the exit (or the
// timeout, then kills it) and keeps the exit code and output; a detached run returns
// once the container started. A container that cannot start because of what the
// learner wrote (a command that does not exist) is a result, exited with the code
// `docker run` would give.
func (s *Session) Run(ctx context.Context, spec RunSpec) (RunResult, error) {
	res := RunResult{Detached: spec.Detach}
	plan, err := s.planPublish(spec.Publish)
	if err != nil {
		return res, err
	}
	env := make([]string, 0, len(spec.Env))
	for k, v := range spec.Env {
		env = append(env, k+"="+v)
	}
	sort.Strings(env)
	cfg := &container.Config{
		Image:        s.ImageRef(spec.Image),
		Cmd:          spec.Command,
		Env:          env,
		Labels:       s.labels(),
		ExposedPorts: plan.exposed,
	}
	hc := &container.HostConfig{PortBindings: plan.bindings, Resources: s.resources()}
	if s.opts.Limits.Confined {
		hc.CapDrop = confinedCapDrop
		hc.SecurityOpt = confinedSecurityOpt
	}
	id, err := s.create(ctx, cfg, hc)
	if err != nil {
		return res, err
	}
	res.ContainerID = id

	var waitC <-chan container.WaitResponse
	var errC <-chan error
	wctx, stopWaiting := context.WithCancel(ctx)
	defer stopWaiting()
	if !spec.Detach {
		// Registered before the start, or a fast exit would be missed.
		waitC, errC = s.c.engine.ContainerWait(wctx, id, container.WaitConditionNextExit)
	}
	if err := s.c.engine.ContainerStart(ctx, id, container.StartOptions{}); err != nil {
		return s.startFailed(ctx, res, plan, err)
	}
	ins, err := s.c.engine.ContainerInspect(ctx, id)
	if err != nil {
		return res, fmt.Errorf("could not inspect container %s: %w", shortID(id), err)
	}
	res.ImageID = ins.Image
	if spec.Detach {
		if ins.NetworkSettings != nil {
			s.recordPorts(plan, ins.NetworkSettings.Ports)
			res.Ports = portBindings(ins.NetworkSettings.Ports)
		}
		return res, nil
	}
	return s.waitExit(ctx, res, spec.Timeout, waitC, errC)
}

func (s *Session) waitExit(ctx context.Context, res RunResult, timeout time.Duration, waitC <-chan container.WaitResponse, errC <-chan error) (RunResult, error) {
	var timer <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(timeout)
		defer t.Stop()
		timer = t.C
	}
	select {
	case w := <-waitC:
		res.ExitCode = int(w.StatusCode)
	case err := <-errC:
		return res, s.ctxOr(ctx, fmt.Errorf("could not wait for container %s: %w", shortID(res.ContainerID), err))
	case <-ctx.Done():
		return res, ctx.Err()
	case <-timer:
		res.TimedOut = true
		s.notePids(ctx, res.ContainerID)
		if err := s.c.engine.ContainerKill(ctx, res.ContainerID, "KILL"); err != nil && !cerrdefs.IsConflict(err) {
			return res, s.ctxOr(ctx, fmt.Errorf("could not kill container %s: %w", shortID(res.ContainerID), err))
		}
		select {
		case w := <-waitC:
			res.ExitCode = int(w.StatusCode)
		case err := <-errC:
			return res, s.ctxOr(ctx, fmt.Errorf("could not wait for container %s: %w", shortID(res.ContainerID), err))
		case <-ctx.Done():
			return res, ctx.Err()
		}
	}
	res.Exited = true
	var err error
	res.Stdout, res.Stderr, err = s.Logs(ctx, res.ContainerID)
	return res, err
}

// startFailed sorts a failed start into a taken port, the learner's mistake, or an
// engine problem.
func (s *Session) startFailed(ctx context.Context, res RunResult, plan publishPlan, cause error) (RunResult, error) {
	if ctx.Err() != nil {
		return res, ctx.Err()
	}
	if pe := s.portInUse(ctx, res.ContainerID, plan.fixed, cause); pe != nil {
		// A container that never started holds nothing worth keeping.
		_ = s.removeContainer(ctx, res.ContainerID)
		return res, pe
	}
	ins, err := s.c.engine.ContainerInspect(ctx, res.ContainerID)
	if err == nil && ins.State != nil && (ins.State.ExitCode != 0 || ins.State.Error != "") {
		res.ImageID = ins.Image
		res.Exited = true
		res.ExitCode = ins.State.ExitCode
		if res.ExitCode == 0 {
			res.ExitCode = 128
		}
		res.Stderr = ins.State.Error
		return res, nil
	}
	return res, fmt.Errorf("could not start a container of %s: %w", shortID(res.ContainerID), cause)
}

// create makes a labelled container; a missing image is pulled once, as `docker run`
// does, and otherwise reported as a MissingImageError.
func (s *Session) create(ctx context.Context, cfg *container.Config, hc *container.HostConfig) (string, error) {
	hc.Privileged = false
	created, err := s.createContainer(ctx, cfg, hc)
	if cerrdefs.IsNotFound(err) {
		if perr := s.c.pull(ctx, cfg.Image, s.opts.Log); perr != nil {
			if ctx.Err() != nil {
				return "", ctx.Err()
			}
			return "", &MissingImageError{Ref: cfg.Image, Err: perr}
		}
		created, err = s.createContainer(ctx, cfg, hc)
	}
	if err != nil {
		return "", s.ctxOr(ctx, fmt.Errorf("could not create a container of %s: %w", cfg.Image, err))
	}
	s.track(&s.containers, created.ID)
	if ctx.Err() != nil {
		return "", ctx.Err()
	}
	return created.ID, nil
}

// createContainer is not cancelled with ctx: the engine finishes a create whose client
// went away, and the container would be left behind unknown. A create takes
// milliseconds; the caller looks at ctx once it is tracked.
func (s *Session) createContainer(ctx context.Context, cfg *container.Config, hc *container.HostConfig) (container.CreateResponse, error) {
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), createTimeout)
	defer cancel()
	return s.c.engine.ContainerCreate(cctx, cfg, hc, nil, nil, "")
}

const createTimeout = 30 * time.Second

// A lesson's servers and tools need none of these capabilities of the engine's
// default set.
var (
	confinedCapDrop     = []string{"NET_RAW", "MKNOD", "AUDIT_WRITE", "SETFCAP"}
	confinedSecurityOpt = []string{"no-new-privileges"}
)

func (s *Session) resources() container.Resources {
	l := s.opts.Limits
	r := container.Resources{Memory: l.Memory, NanoCPUs: l.NanoCPUs}
	if l.Memory > 0 {
		r.MemorySwap = l.Memory
	}
	if l.PidsLimit > 0 {
		pids := l.PidsLimit
		r.PidsLimit = &pids
	}
	return r
}

// ctxOr prefers the context's error: after Ctrl-C the engine's "context canceled"
// wrapped in a message would only confuse.
func (s *Session) ctxOr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}
