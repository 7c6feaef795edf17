//go:build unix

package grade

import (
	"os"
	"path/filepath"
	"syscall"
)

// fileLock is an advisory lock shared by the processes of one machine; without a lock
// file (a read-only /tmp, say) it does nothing, and only this process is guarded.
type fileLock struct{ f *os.File }

// openLock opens the lock file in /tmp rather than $TMPDIR: two graders with
// different TMPDIRs still share one engine.
func openLock(name string) fileLock {
	if st, err := os.Stat("/tmp"); err == nil && st.IsDir() {
		name = filepath.Join("/tmp", filepath.Base(name))
	}
	f, err := os.OpenFile(name, os.O_RDONLY|os.O_CREATE, 0o666)
	if err != nil {
		return fileLock{}
	}
	return fileLock{f: f}
}

func (l fileLock) shared()    { l.flock(syscall.LOCK_SH) }
func (l fileLock) exclusive() { l.flock(syscall.LOCK_EX) }
func (l fileLock) unlock()    { l.flock(syscall.LOCK_UN) }

func (l fileLock) flock(how int) {
	if l.f == nil {
		return
	}
	for {
		if err := syscall.Flock(int(l.f.Fd()), how); err != syscall.EINTR {
			return
		}
	}
}
