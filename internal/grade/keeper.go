package grade

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/dockademy/dockademy/lessons"
	"github.com/dockademy/dockademy/runner"
)

// keeper holds the layers that submissions built, on one engine, until grading ends.
//
// A submission's cleanup removes its image and the layers only it used; the next
// submission with the same files (learners share starter files and often write the
// same Dockerfile) would build them all again. So when a submission's build made new
// layers, the keeper builds the same context once more, untagged, in a session of its
// own: every step comes from the cache but the last, and its image holds the layers
// until the keeper's cleanup at the end removes it, and them. It only saves time.
type keeper struct {
	eng  Engine
	ex   *lessons.Exercise
	opts Options
	gate *cacheGate
	// firsts lets the first build of each context run alone.
	firsts *firsts

	mu       sync.Mutex
	sessions []*runner.Session
}

// keeping is one build of the keeper.
type keeping struct {
	window   chan struct{} // closed once the kept layers have a user, or the build ended
	finished chan struct{} // closed once the build ended: the folder is no longer read
	failed   atomic.Bool   // the build ended without an image: nothing is kept
}

// keep starts holding what the build step s made from dir. The hold on the cache
// gate is taken before it returns, and the submission's cleanup waits for the
// window, so that the layers cannot be pruned before the keeper's build has found them.
func (k *keeper) keep(ctx context.Context, dir string, s *lessons.Step) *keeping {
	kp := &keeping{window: make(chan struct{}), finished: make(chan struct{})}
	sub := filepath.Clean(filepath.FromSlash(s.Subject))
	if filepath.IsAbs(sub) || sub == ".." || strings.HasPrefix(sub, ".."+string(filepath.Separator)) {
		kp.failed.Store(true)
		close(kp.window)
		close(kp.finished)
		return kp
	}
	h := &hold{g: k.gate}
	h.startBuild()
	windowEnds := sync.OnceFunc(func() {
		h.endBuild()
		close(kp.window)
	})
	log := &capLog{limit: 4096, onLine: func(line string) {
		if endsCacheWindow(line) {
			windowEnds()
		}
	}}
	sess := k.eng.Client.NewSession(runner.SessionOptions{
		Exercise: k.ex.FullID(), Role: "grade-cache", Mapped: true, Limits: k.opts.Limits, Log: log,
	})
	go func() {
		defer close(kp.finished)
		res, err := sess.Build(ctx, runner.BuildSpec{
			ContextDir: filepath.Join(dir, sub), Dockerfile: s.Build.File, Args: s.Build.Args, Timeout: k.opts.StepTimeout,
		})
		if err != nil || res.ImageID == "" {
			kp.failed.Store(true)
			windowEnds()
			_ = sess.Cleanup()
			return
		}
		windowEnds()
		k.mu.Lock()
		k.sessions = append(k.sessions, sess)
		k.mu.Unlock()
	}()
	return kp
}

// release removes everything the keeper holds. Other graders of the engine (this
// machine's other processes) may be finding those layers in the cache just now, so it
// holds the gate exclusively.
func (k *keeper) release() {
	k.mu.Lock()
	defer k.mu.Unlock()
	if len(k.sessions) == 0 {
		return
	}
	k.gate.lock()
	defer k.gate.unlock()
	for _, s := range k.sessions {
		_ = s.Cleanup()
	}
	k.sessions = nil
}

// endsCacheWindow recognises the lines after which a build's cached layers have a
// user: a container made from them, or the finished image.
func endsCacheWindow(line string) bool {
	return strings.HasPrefix(line, " ---> Running in ") || strings.HasPrefix(line, "Successfully built ")
}

// buildCount follows one build's output to tell whether it made layers of its own.
type buildCount struct {
	steps, froms, cached int
}

func (b *buildCount) line(l string) {
	switch {
	case strings.HasPrefix(l, "Step "):
		b.steps++
		if _, instr, ok := strings.Cut(l, " : "); ok && strings.EqualFold(firstWord(instr), "FROM") {
			b.froms++
		}
	case l == " ---> Using cache":
		b.cached++
	}
}

// made reports whether some step of the build did not come from the cache.
func (b *buildCount) made() bool { return b.cached < b.steps-b.froms }

func firstWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[0]
}
