package runner

import (
	"io/fs"
	"time"
)

// What the runner saw. These types carry no SDK types, so that the checker can judge
// them without knowing about the engine.

// BuildResult is the outcome of a build.
type BuildResult struct {
	ImageID string // empty when the build failed
	Tag     string // the tag as written in the namespace (the actual tag may be mapped)
	Log     string // the build output, capped
	// Failure describes a build that the engine refused or that failed in a step.
	Failure *BuildFailure
	// Containers are the builder's step containers, for matching a Breach to its build.
	Containers []string
	// Leftovers counts the layers this build made that its image does not hold (the
	// earlier stages of a multi-stage build, or a failed build's steps). The session's
	// Cleanup removes them; meanwhile another build may find them in the cache.
	Leftovers int
}

// BuildFailure says where and why a build failed, for the learner.
type BuildFailure struct {
	Step        string // "Step 3/4 : RUN chmod +x /usr/local/bin/helloworld", if known
	Instruction string // "RUN chmod +x /usr/local/bin/helloworld"
	Message     string // the engine's error message, without ANSI codes
	ExitCode    int    // a failing RUN's exit status; 0 when not a RUN failure
	MissingBase string // a base image that is not present and could not be pulled
	// BuildKitOnly is a flag of the failing step that the classic builder refuses
	// ("--chmod", "--mount").
	BuildKitOnly string
	TimedOut     bool   // the step's timeout ended the build
	Advice       string // what to do, in English, for the traps above; may be empty
}

// RunResult is what a run or exec step produced. For a detached run only the
// container is known until it is inspected.
type RunResult struct {
	ContainerID string
	ImageID     string
	Detached    bool
	Exited      bool
	ExitCode    int
	Stdout      string // capped
	Stderr      string // capped
	TimedOut    bool   // the step's timeout ended it
	Ports       []PortBinding
}

// PortBinding is one published port as the engine reports it.
type PortBinding struct {
	ContainerPort string // "8080/tcp"
	HostIP        string
	HostPort      string
}

// ImageInfo is an inspected image.
type ImageInfo struct {
	Exists     bool
	ID         string
	Tags       []string
	Cmd        []string
	Entrypoint []string
	Exposes    []string // "8080/tcp", sorted
	Env        map[string]string
	Workdir    string
	User       string
	Labels     map[string]string // without dockademy's own labels
	Size       int64
	Created    time.Time
}

// FileInfo is a file read out of an image without starting it.
type FileInfo struct {
	Exists  bool
	Path    string
	Mode    fs.FileMode
	IsDir   bool
	Link    string // symlink target, when the path is a symlink
	Content []byte // capped; only for regular files
}

// ContainerInfo is an inspected container.
type ContainerInfo struct {
	ID       string
	Name     string // without the leading slash
	Image    string // as the learner named it
	ImageID  string
	Running  bool
	ExitCode int
	Ports    []PortBinding
	Labels   map[string]string
	Created  time.Time
	Started  time.Time
}

// Change is one line of `docker diff`.
type Change struct {
	Kind string // "A", "C" or "D"
	Path string
}

// StopResult is the outcome of stopping a container.
type StopResult struct {
	ContainerID string
	Took        time.Duration // from SIGTERM until the container had exited
	Killed      bool          // the grace period ended and the engine sent SIGKILL
	WasRunning  bool
}

// HTTPResult is the last answer (or failure) of an HTTP probe.
type HTTPResult struct {
	URL      string // the URL actually requested (after namespace mapping)
	Answered bool   // an HTTP response arrived
	Status   int
	Body     string // capped
	Err      string // the last transport error, when nothing answered
	// Closed: a connection was accepted and closed without an answer, as the engine's
	// proxy does when nothing listens on the container's port (a server bound to
	// 127.0.0.1 inside the container).
	Closed      bool
	Attempts    int
	Took        time.Duration
	GaveUpEarly string // why the probe stopped before its deadline (the container exited)
}
