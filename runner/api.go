package runner

// API CONTRACT (skeleton written by the lead; the runner helper implements it and may
// split it into files, but keeps these exported names and signatures so that
// internal/attempt and the CLI compile against them).

import (
	"io"
	"time"
)

// Labels that mark what dockademy created. Sweep and cleanup select by these only.
const (
	LabelOwner    = "dev.dockademy.owner"    // always "dockademy"
	LabelRun      = "dev.dockademy.run"      // the session's run id
	LabelExercise = "dev.dockademy.exercise" // "<lesson-id>/<exercise-id>"
	LabelPID      = "dev.dockademy.pid"      // pid of the process that created it
	LabelHost     = "dev.dockademy.host"     // hostname of that process
	LabelKeep     = "dev.dockademy.keep"     // "true": the learner asked to keep it (--keep) or it is a workspace tag
	LabelRole     = "dev.dockademy.role"     // "check", "setup", "probe", "test"
)

// Limits bound what a container or build may use; zero values mean no limit.
type Limits struct {
	Memory    int64 // bytes
	NanoCPUs  int64
	PidsLimit int64
	// BuildNetwork is the network mode of build steps: "none" keeps an untrusted RUN
	// off every network; empty is the engine's default.
	BuildNetwork string
	// Confined is for untrusted code: no raw sockets (ARP or DNS spoofing on the
	// bridge), no device nodes, no privilege gains through setuid programs.
	Confined bool
}

// SessionOptions configure one check run.
type SessionOptions struct {
	Exercise string    // full exercise id, for labels
	Role     string    // LabelRole value; default "check"
	Mapped   bool      // true: private tags with a run suffix and ephemeral host ports
	Keep     bool      // leave containers (and mapped tags) for the learner to look at
	Log      io.Writer // build output as it happens; may be nil
	Limits   Limits
}

// BuildSpec is one build.
type BuildSpec struct {
	ContextDir string // absolute folder
	Dockerfile string // relative to ContextDir; default "Dockerfile"
	Tag        string // logical tag as the lesson writes it; may be empty
	Pull       bool
	Args       map[string]string
	Timeout    time.Duration
}

// RunSpec is one container run.
type RunSpec struct {
	Image   string // logical reference; mapped to this session's tag when it built it
	Detach  bool
	Publish []string // "HOST:CONTAINER[/PROTO]" or "CONTAINER[/PROTO]", logical host ports
	Command []string
	Env     map[string]string
	Timeout time.Duration // for attached runs: how long to wait for the exit
}

// ProbeSpec is one HTTP probe.
type ProbeSpec struct {
	URL    string        // logical URL; the session maps its host port
	Via    string        // container id whose published port serves the URL's port; may be empty
	Within time.Duration // deadline for a satisfying answer
	// Until reports whether an answer satisfies the check; the probe polls until it does,
	// the deadline passes, or every container in Watch has exited.
	Until func(status int, body string) bool
	Watch []string // container ids
	// GiveUpWhenRefused ends the probe at a refused connection: with no container to
	// wait for, nothing that the check does will start a server on that port.
	GiveUpWhenRefused bool
}

// ContainerFilter selects containers (running or not).
type ContainerFilter struct {
	Ancestor string // containers whose image ID is this image's ID now
	Name     string // the container with this name
	ID       string
}

// Snapshot records the engine's containers and images at one moment.
type Snapshot struct {
	Containers map[string]bool
	Images     map[string]bool
	Tags       map[string]string // tag → image ID: a command may move or add a tag on an old image
}
