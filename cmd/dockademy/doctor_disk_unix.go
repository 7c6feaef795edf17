//go:build !windows

package main

import "golang.org/x/sys/unix"

// freeBytes is the space that an unprivileged user can still use on dir's file system.
func freeBytes(dir string) (uint64, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return 0, err
	}
	return st.Bavail * uint64(st.Bsize), nil
}
