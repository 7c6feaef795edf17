//go:build windows

package progress

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"golang.org/x/sys/windows"
)

func lockRange(ctx context.Context, path string, flags uint32) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		if flags&windows.LOCKFILE_EXCLUSIVE_LOCK == 0 && errors.Is(err, fs.ErrPermission) {
			return func() {}, nil
		}
		return nil, fmt.Errorf("could not lock the progress record: %w", err)
	}
	h := windows.Handle(f.Fd())
	for {
		ol := new(windows.Overlapped)
		err := windows.LockFileEx(h, flags|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
		if err == nil {
			return func() { _ = windows.UnlockFileEx(h, 0, 1, 0, new(windows.Overlapped)); f.Close() }, nil
		}
		if !errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
			f.Close()
			return nil, fmt.Errorf("could not lock the progress record: %w", err)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
}

func lockExclusive(ctx context.Context, path string) (func(), error) {
	return lockRange(ctx, path, windows.LOCKFILE_EXCLUSIVE_LOCK)
}

func lockShared(path string) (func(), error) {
	return lockRange(context.Background(), path, 0)
}
