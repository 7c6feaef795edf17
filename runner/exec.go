package runner

import (
	"context"
	"fmt"
	"io"
	"time"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/docker/docker/api/types/container"
	"github.com/docker/docker/pkg/stdcopy"
)

// logReadLimit bounds how much of a chatty container's log is read at all.
const logReadLimit = 16 << 20

// Exec runs cmd in a running container and waits for it (at most timeout, when set).
// A container that is not running gives a NotRunningError.
func (s *Session) Exec(ctx context.Context, containerID string, cmd []string, timeout time.Duration) (RunResult, error) {
	res := RunResult{ContainerID: containerID}
	created, err := s.c.engine.ContainerExecCreate(ctx, containerID, container.ExecOptions{
		Cmd: cmd, AttachStdout: true, AttachStderr: true,
	})
	switch {
	case cerrdefs.IsNotFound(err):
		return res, fmt.Errorf("%w: %s", ErrContainerNotFound, containerID)
	case cerrdefs.IsConflict(err):
		nr := &NotRunningError{ContainerID: containerID}
		if ins, ierr := s.c.engine.ContainerInspect(ctx, containerID); ierr == nil && ins.State != nil {
			nr.ExitCode = ins.State.ExitCode
		}
		return res, nr
	case err != nil:
		return res, s.ctxOr(ctx, fmt.Errorf("could not exec in container %s: %w", shortID(containerID), err))
	}
	hijacked, err := s.c.engine.ContainerExecAttach(ctx, created.ID, container.ExecAttachOptions{})
	if err != nil {
		return res, s.ctxOr(ctx, fmt.Errorf("could not attach to exec in container %s: %w", shortID(containerID), err))
	}
	defer hijacked.Close()

	stdout, stderr := capped{max: outputLimit}, capped{max: outputLimit}
	done := make(chan error, 1)
	go func() {
		_, err := stdcopy.StdCopy(&stdout, &stderr, io.LimitReader(hijacked.Reader, logReadLimit))
		done <- err
	}()
	var timer <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(timeout)
		defer t.Stop()
		timer = t.C
	}
	select {
	case <-done:
	case <-timer:
		res.TimedOut = true
		hijacked.Close()
		<-done
	case <-ctx.Done():
		hijacked.Close()
		<-done
		return res, ctx.Err()
	}
	res.Stdout, res.Stderr = stdout.String(), stderr.String()
	ins, err := s.c.engine.ContainerExecInspect(ctx, created.ID)
	if err != nil {
		return res, s.ctxOr(ctx, fmt.Errorf("could not inspect exec in container %s: %w", shortID(containerID), err))
	}
	res.Exited = !ins.Running
	res.ExitCode = ins.ExitCode
	return res, nil
}

// Stop stops a container as `docker stop` does (its stop signal, then SIGKILL after
// grace) and measures how long it took to exit. grace <= 0 uses the container's own
// stop timeout. The engine takes whole seconds, so grace is rounded up.
func (s *Session) Stop(ctx context.Context, containerID string, grace time.Duration) (StopResult, error) {
	res := StopResult{ContainerID: containerID}
	ins, err := s.c.engine.ContainerInspect(ctx, containerID)
	if cerrdefs.IsNotFound(err) {
		return res, fmt.Errorf("%w: %s", ErrContainerNotFound, containerID)
	}
	if err != nil {
		return res, s.ctxOr(ctx, fmt.Errorf("could not inspect container %s: %w", shortID(containerID), err))
	}
	res.ContainerID = ins.ID
	if ins.State == nil || !ins.State.Running {
		return res, nil
	}
	res.WasRunning = true
	var opts container.StopOptions
	effective := 10 * time.Second
	if ins.Config != nil && ins.Config.StopTimeout != nil {
		effective = time.Duration(*ins.Config.StopTimeout) * time.Second
	}
	if grace > 0 {
		secs := int((grace + time.Second - 1) / time.Second)
		opts.Timeout = &secs
		effective = time.Duration(secs) * time.Second
	}
	start := time.Now()
	// ContainerStop, not a kill: it tells a restart policy that the stop was meant.
	err = s.c.engine.ContainerStop(ctx, ins.ID, opts)
	res.Took = time.Since(start)
	if err != nil {
		return res, s.ctxOr(ctx, fmt.Errorf("could not stop container %s: %w", shortID(containerID), err))
	}
	res.Killed = res.Took >= effective
	return res, nil
}

// Logs returns a container's output so far, each stream capped.
func (s *Session) Logs(ctx context.Context, containerID string) (stdout, stderr string, err error) {
	ins, err := s.c.engine.ContainerInspect(ctx, containerID)
	if cerrdefs.IsNotFound(err) {
		return "", "", fmt.Errorf("%w: %s", ErrContainerNotFound, containerID)
	}
	if err != nil {
		return "", "", s.ctxOr(ctx, fmt.Errorf("could not inspect container %s: %w", shortID(containerID), err))
	}
	rc, err := s.c.engine.ContainerLogs(ctx, containerID, container.LogsOptions{ShowStdout: true, ShowStderr: true})
	if err != nil {
		return "", "", s.ctxOr(ctx, fmt.Errorf("could not read the logs of container %s: %w", shortID(containerID), err))
	}
	defer rc.Close()
	out, errOut := capped{max: outputLimit}, capped{max: outputLimit}
	r := io.LimitReader(rc, logReadLimit)
	if ins.Config != nil && ins.Config.Tty {
		// With a TTY the engine sends one raw stream, not stdcopy frames.
		_, err = io.Copy(&out, r)
	} else {
		_, err = stdcopy.StdCopy(&out, &errOut, r)
	}
	if err != nil {
		return out.String(), errOut.String(), s.ctxOr(ctx, fmt.Errorf("could not read the logs of container %s: %w", shortID(containerID), err))
	}
	return out.String(), errOut.String(), nil
}
