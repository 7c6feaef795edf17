//go:build !windows

package runner

import (
	"errors"
	"syscall"
)

// processAlive reports whether a process with this pid exists. A reused pid reads as
// alive, which only means that Sweep waits for a later run.
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
