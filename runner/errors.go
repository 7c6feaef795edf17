package runner

import (
	"errors"
	"fmt"
)

// ErrContainerNotFound is wrapped by errors about a container that does not exist.
var ErrContainerNotFound = errors.New("no such container")

// PortInUseError says that a host port a run publishes is taken, by a container or by
// another program.
type PortInUseError struct {
	Port      string // host port, e.g. "9000"
	HostIP    string
	Container string // name of the container that publishes it, when one does
	Err       error  // the engine's error
}

func (e *PortInUseError) Error() string {
	if e.Container != "" {
		return fmt.Sprintf("host port %s is already in use by the container %s: "+
			"stop it with `docker stop %s` (see `docker ps --filter publish=%s`), then try again",
			e.Port, e.Container, e.Container, e.Port)
	}
	return fmt.Sprintf("host port %s is already in use by another program: "+
		"find it with `ss -ltnp 'sport = :%s'` (or `lsof -i :%s`), stop it, then try again",
		e.Port, e.Port, e.Port)
}

func (e *PortInUseError) Unwrap() error { return e.Err }

// MissingImageError says that an image is not on this machine and could not be pulled.
type MissingImageError struct {
	Ref string
	Err error // why the pull failed; nil when no pull was tried
}

func (e *MissingImageError) Error() string {
	msg := missingImageAdvice(e.Ref)
	if e.Err != nil {
		msg += fmt.Sprintf(" (pull failed: %v)", e.Err)
	}
	return msg
}

func (e *MissingImageError) Unwrap() error { return e.Err }

// NotRunningError says that an exec went to a container that is not running, usually
// because its main process exited.
type NotRunningError struct {
	ContainerID string
	ExitCode    int
}

func (e *NotRunningError) Error() string {
	return fmt.Sprintf("container %s is not running (it exited with code %d)", shortID(e.ContainerID), e.ExitCode)
}

func shortID(id string) string {
	if len(id) > 12 {
		return id[:12]
	}
	return id
}

func isNotFound(err error) bool { return errors.Is(err, ErrContainerNotFound) }
