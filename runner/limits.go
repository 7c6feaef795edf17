package runner

import (
	"context"
	"io"
	"strings"
	"sync"
	"time"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/docker/docker/api/types/container"
	"github.com/docker/docker/api/types/events"
	"github.com/docker/docker/api/types/filters"
)

// Resources that a limit bounds.
const (
	ResourceMemory    = "memory"
	ResourceProcesses = "processes"
)

// Breach is a limit that something a session ran reached: the engine contained it,
// but what it did is not a fair answer, and a grader gives it no points.
type Breach struct {
	Resource    string // ResourceMemory or ResourceProcesses
	Limit       int64  // bytes or processes
	Container   string // the container that reached it (a run's, or a build step's)
	Instruction string // for a build step: its instruction
}

// Build steps cannot get a process limit through the API (the classic builder has no
// PidsLimit), so a watchdog samples each RUN step's container and kills it at the
// limit. Between two samples a loop of forks gains a few hundred processes; the
// memory limit bounds the rest (about 2,000 busybox processes in 256 MiB, measured).
const pidsWatchEvery = 200 * time.Millisecond

// A container counts as at the limit from 90% of it: a fork bomb holds the count at
// the limit, but a sample may fall between one process's exit and the next fork.
func atPidsLimit(current, limit int64) bool {
	return limit > 0 && current*10 >= limit*9
}

func (s *Session) recordBreach(b Breach) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, seen := range s.breaches {
		if seen.Container == b.Container && seen.Resource == b.Resource {
			return
		}
	}
	s.breaches = append(s.breaches, b)
}

// pids is a running container's process count; the error says when it is not running
// (a conflict) or gone. It asks for the container's process list (`docker top`):
// one-shot stats answered in 10 ms, but in a full second when asked again soon after
// (20.10).
func (s *Session) pids(ctx context.Context, id string) (int64, error) {
	top, err := s.c.engine.ContainerTop(ctx, id, nil)
	if err != nil {
		return -1, err
	}
	return int64(len(top.Processes)), nil
}

// watchBuildStep kills a build step's container that reaches the process limit, until
// stop is closed or the container is gone.
func (s *Session) watchBuildStep(ctx context.Context, id, instruction string, stop <-chan struct{}, wg *sync.WaitGroup) {
	limit := s.opts.Limits.PidsLimit
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(pidsWatchEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-stop:
				return
			case <-t.C:
			}
			n, err := s.pids(ctx, id)
			if cerrdefs.IsNotFound(err) || cerrdefs.IsConflict(err) {
				return // the step ended
			}
			if err != nil {
				continue
			}
			if atPidsLimit(n, limit) {
				s.recordBreach(Breach{Resource: ResourceProcesses, Limit: limit, Container: id, Instruction: instruction})
				_ = s.c.engine.ContainerKill(ctx, id, "KILL")
				return
			}
		}
	}()
}

// noteBuildKill records a RUN step that the kernel killed (exit code 137) under a
// memory limit: the classic builder removes the step's container at once, so its
// OOM flag cannot be read. The only other killers are the process watchdog (its
// breach is kept) and the build's stopper, whose builds end as cancelled or timed out,
// never here.
func (s *Session) noteBuildKill(f *BuildFailure, container string) {
	if f == nil || f.ExitCode != 137 || s.opts.Limits.Memory <= 0 {
		return
	}
	s.mu.Lock()
	for _, b := range s.breaches {
		if b.Container == container && container != "" {
			s.mu.Unlock()
			return // the process watchdog killed it
		}
	}
	s.mu.Unlock()
	s.recordBreach(Breach{Resource: ResourceMemory, Limit: s.opts.Limits.Memory, Container: container, Instruction: f.Instruction})
}

// notePids records a running container at the process limit; called before a kill
// ends what could still be seen.
func (s *Session) notePids(ctx context.Context, id string) {
	limit := s.opts.Limits.PidsLimit
	if limit <= 0 {
		return
	}
	// Also after the step's own deadline ended ctx: the count is still there to see.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), pidsWatchFor+time.Second)
	defer cancel()
	deadline := time.Now().Add(pidsWatchFor)
	for prev := int64(-1); ; {
		n, _ := s.pids(ctx, id)
		if atPidsLimit(n, limit) {
			s.recordBreach(Breach{Resource: ResourceProcesses, Limit: limit, Container: id})
			return
		}
		// A check may end a moment after a container started: one with more processes
		// than a server needs is watched a little longer, while its count still grows.
		if n <= suspiciousPids || n <= prev || time.Now().After(deadline) {
			return
		}
		prev = n
		select {
		case <-ctx.Done():
			return
		case <-time.After(pidsWatchEvery):
		}
	}
}

// suspiciousPids is more processes than the servers of a lesson run; pidsWatchFor is
// how long a container with more is watched, at most.
const (
	suspiciousPids = 16
	pidsWatchFor   = 3 * time.Second
)

// forkFailed matches what shells and runtimes print when fork or clone fails with
// EAGAIN, which under a pids limit means the container reached it.
func forkFailed(output string) bool {
	lower := strings.ToLower(output)
	return strings.Contains(lower, "resource temporarily unavailable") &&
		(strings.Contains(lower, "fork") || strings.Contains(lower, "clone") || strings.Contains(lower, "thread"))
}

// Breaches looks at every container the session ran and returns the limits that they
// or the session's builds reached: memory (the kernel killed a process of theirs),
// processes (a running container at the limit, or one whose output says a fork
// failed). Call it before Cleanup; it finds nothing when the session has no limits.
func (s *Session) Breaches(ctx context.Context) []Breach {
	l := s.opts.Limits
	if l.Memory > 0 || l.PidsLimit > 0 {
		s.mu.Lock()
		containers := append([]string(nil), s.containers...)
		readers := map[string]bool{}
		for _, id := range s.readers {
			readers[id] = true
		}
		s.mu.Unlock()
		var wg sync.WaitGroup
		for _, id := range containers {
			if readers[id] {
				continue
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				s.audit(ctx, id)
			}()
		}
		wg.Wait()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Breach(nil), s.breaches...)
}

func (s *Session) audit(ctx context.Context, id string) {
	l := s.opts.Limits
	ins, err := s.c.engine.ContainerInspect(ctx, id)
	if err != nil || ins.State == nil {
		return
	}
	// The engine sets OOMKilled when the container exits; for one still running (a
	// child process was killed) only its event log tells.
	if l.Memory > 0 && (ins.State.OOMKilled || (ins.State.Running && s.sawOOM(ctx, id, ins.Created))) {
		s.recordBreach(Breach{Resource: ResourceMemory, Limit: l.Memory, Container: id})
	}
	if l.PidsLimit <= 0 {
		return
	}
	if ins.State.Running {
		s.notePids(ctx, id)
		return
	}
	rc, err := s.c.engine.ContainerLogs(ctx, id, container.LogsOptions{ShowStdout: true, ShowStderr: true, Tail: "50"})
	if err != nil {
		return
	}
	defer rc.Close()
	tail, _ := io.ReadAll(io.LimitReader(rc, 64<<10))
	if forkFailed(string(tail)) {
		s.recordBreach(Breach{Resource: ResourceProcesses, Limit: l.PidsLimit, Container: id})
	}
}

// sawOOM asks the engine's event log whether the kernel killed a process of the
// container for memory since it was created.
func (s *Session) sawOOM(ctx context.Context, id, created string) bool {
	src, ok := s.c.engine.(eventSource)
	if !ok {
		return false
	}
	// A remote engine's clock may run behind: the log then stays open until "now"
	// reaches it, so give up after a moment.
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	f := filters.NewArgs(
		filters.Arg("type", string(events.ContainerEventType)),
		filters.Arg("container", id),
		filters.Arg("event", string(events.ActionOOM)),
	)
	msgs, errs := src.Events(ctx, events.ListOptions{Since: created, Until: time.Now().Format(time.RFC3339Nano), Filters: f})
	select {
	case _, ok := <-msgs:
		return ok
	case <-errs:
		return false
	}
}
