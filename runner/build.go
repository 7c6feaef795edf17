package runner

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/docker/docker/api/types/build"
	archive "github.com/moby/go-archive"
)

const (
	buildLogLimit = 1 << 20
	cpuPeriod     = 100000 // microseconds, the kernel's default CFS period
)

// Build builds spec.ContextDir with the classic builder. A build that fails because of
// the learner's files is a result with a Failure; the error is for problems of the
// tool or the engine, and for the caller's context ending.
func (s *Session) Build(ctx context.Context, spec BuildSpec) (BuildResult, error) {
	res := BuildResult{Tag: spec.Tag}
	if spec.Dockerfile == "" {
		spec.Dockerfile = "Dockerfile"
	}
	if f := checkDockerfile(spec); f != nil {
		res.Failure = f
		return res, nil
	}
	var actual string
	if spec.Tag != "" {
		actual = spec.Tag
		if s.opts.Mapped {
			t, err := privateTag(spec.Tag, s.runID)
			if err != nil {
				return res, err
			}
			actual = t
		}
	}
	var previous string // the tag's image before this build
	if actual != "" {
		if img, err := s.c.engine.ImageInspect(ctx, actual); err == nil {
			previous = img.ID
		}
	}

	out, err := s.build(ctx, spec, actual)
	if err != nil {
		return res, err
	}
	if out.Failure != nil && out.Failure.Instruction != "" && spec.Pull && s.baseExists(ctx, out.Failure) {
		// Offline (a classroom, a train): the base is here but cannot be refreshed.
		s.logf("could not pull %s; building with the copy on this machine", fromImage(out.Failure.Instruction))
		spec.Pull = false
		if out, err = s.build(ctx, spec, actual); err != nil {
			return res, err
		}
	}
	res.ImageID, res.Log, res.Failure, res.Containers, res.Leftovers = out.ImageID, out.Log, out.Failure, out.Containers, out.Leftovers
	if res.Failure != nil {
		return res, nil
	}
	if actual == "" {
		s.track(&s.untagged, res.ImageID)
		return res, nil
	}
	if s.opts.Mapped {
		s.mu.Lock()
		s.tags[normalizeRef(spec.Tag)] = actual
		s.mu.Unlock()
	}
	if previous != "" && previous != res.ImageID {
		s.removeReplaced(ctx, previous)
	}
	return res, nil
}

// build runs one build request and reads its stream to the end.
func (s *Session) build(ctx context.Context, spec BuildSpec, tag string) (BuildResult, error) {
	var res BuildResult
	labels := s.labels()
	if tag != "" && !s.opts.Mapped {
		labels = s.stableLabels()
	}
	dockerfile, err := os.ReadFile(filepath.Join(spec.ContextDir, spec.Dockerfile))
	if err != nil {
		return res, fmt.Errorf("could not read %s: %w", spec.Dockerfile, err)
	}
	if s.opts.Limits.BuildNetwork == "none" {
		if instr, url := remoteAdd(dockerfile); instr != "" {
			res.Failure = remoteAddFailure(instr, url)
			return res, nil
		}
	}
	tarball, err := contextTar(spec.ContextDir, spec.Dockerfile)
	if err != nil {
		return res, fmt.Errorf("could not pack the build context %s: %w", spec.ContextDir, err)
	}
	opts := build.ImageBuildOptions{
		Version:     build.BuilderV1, // BuildKit needs a session that the plain API lacks
		Dockerfile:  filepath.ToSlash(spec.Dockerfile),
		Remove:      true,
		ForceRemove: true,
		PullParent:  spec.Pull,
		BuildArgs:   map[string]*string{},
		Memory:      s.opts.Limits.Memory,
		NetworkMode: s.opts.Limits.BuildNetwork,
	}
	extraSteps := len(labels)
	if line, ok := labelLine(dockerfile, labels); ok {
		name := filepath.ToSlash(filepath.Clean(spec.Dockerfile))
		tarball = archive.ReplaceFileTarWrapper(tarball, map[string]archive.TarModifierFunc{name: appendLine(line)})
		extraSteps = 1
	} else {
		opts.Labels = labels
	}
	defer tarball.Close()
	if tag != "" {
		opts.Tags = []string{tag}
	}
	if s.opts.Limits.Memory > 0 {
		opts.MemorySwap = s.opts.Limits.Memory
	}
	if n := s.opts.Limits.NanoCPUs; n > 0 {
		opts.CPUPeriod = cpuPeriod
		opts.CPUQuota = n * cpuPeriod / 1e9
	}
	for k, v := range spec.Args {
		opts.BuildArgs[k] = &v
	}

	bctx, cancel := ctx, context.CancelFunc(func() {})
	if spec.Timeout > 0 {
		bctx, cancel = context.WithTimeout(ctx, spec.Timeout)
	}
	defer cancel()

	reqCtx, cancelReq := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelReq()
	stopper := &buildStopper{s: s, cancelReq: cancelReq, ended: make(chan struct{})}
	stopper.watch(bctx)
	defer stopper.end()
	resp, err := s.c.engine.ImageBuild(reqCtx, tarball, opts)
	if err != nil {
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		if bctx.Err() != nil {
			res.Failure = timeoutFailure(spec.Timeout)
			return res, nil
		}
		if cerrdefs.IsInvalidArgument(err) {
			// The engine refused the request itself, e.g. a Dockerfile it cannot parse.
			res.Failure = &BuildFailure{Message: strings.TrimPrefix(err.Error(), "Error response from daemon: ")}
			return res, nil
		}
		return res, fmt.Errorf("could not start the build of %s: %w", spec.ContextDir, err)
	}
	stopper.started()
	stream := newBuildStream(s.opts.Log, buildLogLimit, extraSteps)
	stopWatching := make(chan struct{})
	var watchers sync.WaitGroup
	stream.onRunning = func(id, instr string) {
		stopper.running(id)
		if s.opts.Limits.PidsLimit > 0 {
			s.watchBuildStep(bctx, id, instr, stopWatching, &watchers)
		}
	}
	streamErr := stream.consume(resp.Body)
	resp.Body.Close()
	close(stopWatching)
	watchers.Wait()
	// What the build made so far is ours, also when it was stopped.
	s.mu.Lock()
	s.building = append(s.building, stream.running...)
	s.mu.Unlock()
	res.Log = stream.log.Text()
	res.Containers = append([]string(nil), stream.running...)

	switch {
	case ctx.Err() != nil:
		s.trackLeftovers(stream.created)
		if stream.imageID != "" {
			// Finished as it was stopped: the image and, in a mapped session, its private tag.
			s.track(&s.untagged, stream.imageID)
			if tag != "" && s.opts.Mapped {
				s.mu.Lock()
				s.tags[normalizeRef(spec.Tag)] = tag
				s.mu.Unlock()
			}
		}
		return res, ctx.Err()
	case bctx.Err() != nil:
		s.trackLeftovers(stream.created)
		res.Failure = timeoutFailure(spec.Timeout)
		res.Failure.Step, res.Failure.Instruction = stream.step, stream.instr
		return res, nil
	case stream.errMsg != "":
		s.trackLeftovers(stream.created)
		res.Leftovers = len(stream.created)
		res.Failure = s.failure(ctx, stream)
		if n := len(stream.running); n > 0 {
			s.noteBuildKill(res.Failure, stream.running[n-1])
		}
		return res, nil
	case streamErr != nil:
		s.trackLeftovers(stream.created)
		return res, fmt.Errorf("the build output of %s broke off: %w", spec.ContextDir, streamErr)
	case stream.imageID == "":
		s.trackLeftovers(stream.created)
		return res, fmt.Errorf("the engine ended the build of %s without an image", spec.ContextDir)
	}
	res.ImageID = stream.imageID
	if stream.stages > 1 && len(stream.created) > 0 {
		// The earlier stages' layers are no parents of the image: nothing removes them
		// with it, and they would stay behind, unlabelled.
		stray := s.strayLayers(ctx, stream.imageID, stream.created)
		s.trackLeftovers(stray)
		res.Leftovers = len(stray)
	}
	return res, nil
}

// strayLayers returns the layers in created (short IDs, oldest first) that are not in
// image's parent chain, which the image's history lists in one call.
func (s *Session) strayLayers(ctx context.Context, image string, created []string) []string {
	history, err := s.c.engine.ImageHistory(ctx, image)
	if err != nil {
		return nil // better to leave them than to remove a layer that the image holds
	}
	chain := map[string]bool{}
	for _, h := range history {
		chain[shortID(strings.TrimPrefix(h.ID, "sha256:"))] = true
	}
	var stray []string
	for _, c := range created {
		if !chain[shortID(c)] {
			stray = append(stray, c)
		}
	}
	return stray
}

func timeoutFailure(d time.Duration) *BuildFailure {
	return &BuildFailure{Message: fmt.Sprintf("the build did not finish within %s", d), TimedOut: true}
}

func checkDockerfile(spec BuildSpec) *BuildFailure {
	if !filepath.IsAbs(spec.ContextDir) {
		return &BuildFailure{Message: fmt.Sprintf("the build context %q is not an absolute path", spec.ContextDir)}
	}
	rel := filepath.Clean(spec.Dockerfile)
	if filepath.IsAbs(rel) || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return &BuildFailure{Message: fmt.Sprintf("the Dockerfile %s must be inside the build context %s", spec.Dockerfile, spec.ContextDir)}
	}
	st, err := os.Stat(filepath.Join(spec.ContextDir, rel))
	if err != nil || st.IsDir() {
		return &BuildFailure{Message: fmt.Sprintf("there is no %s in %s", spec.Dockerfile, spec.ContextDir)}
	}
	return nil
}

// trackLeftovers remembers the intermediate images of a failed build for Cleanup.
func (s *Session) trackLeftovers(ids []string) {
	s.mu.Lock()
	s.leftovers = append(s.leftovers, ids...)
	s.mu.Unlock()
}

func (s *Session) logf(format string, args ...any) {
	if s.opts.Log != nil {
		fmt.Fprintf(s.opts.Log, format+"\n", args...)
	}
}

// removeReplaced removes the image a tag pointed to before a rebuild moved it, when
// dockademy made that image and nothing else holds it: each check of changed files
// would otherwise leave one dangling image behind.
func (s *Session) removeReplaced(ctx context.Context, id string) {
	img, err := s.c.engine.ImageInspect(ctx, id)
	if err != nil || len(img.RepoTags) > 0 || img.Config == nil || img.Config.Labels[LabelOwner] != ownerValue {
		return
	}
	_ = s.removeImage(ctx, id)
}

var errInUse = errors.New("image in use")
