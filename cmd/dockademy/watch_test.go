package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIgnoredPath(t *testing.T) {
	tests := []struct {
		path    string
		ignored bool
	}{
		{"/ws/l/e/Dockerfile", false},
		{"/ws/l/e/.dockerignore", false},
		{"/ws/l/e/app/main.sh", false},
		{"/ws/l/e/.Dockerfile.swp", true},
		{"/ws/l/e/.Dockerfile.swx", true},
		{"/ws/l/e/4913", true},
		{"/ws/l/e/Dockerfile~", true},
		{"/ws/l/e/.#Dockerfile", true},
		{"/ws/l/e/#Dockerfile#", true},
		{"/ws/l/e/Dockerfile___jb_tmp___", true},
		{"/ws/l/e/.Dockerfile.tmp12345", true},
		{"/ws/.dockademy/state.json", true},
		{"/ws/l/e/.git/index", true},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			assert.Equal(t, tt.ignored, ignoredPath(tt.path))
		})
	}
}

// expectTick waits for a tick, or asserts that none comes within d.
func expectTick(t *testing.T, ch <-chan struct{}, want bool, d time.Duration) {
	t.Helper()
	select {
	case <-ch:
		assert.True(t, want, "a change was reported that should have been ignored")
	case <-time.After(d):
		assert.False(t, want, "no change was reported within %s", d)
	}
}

func TestFileChanges(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, content string) {
		t.Helper()
		p := filepath.Join(dir, rel)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	write("Dockerfile", "FROM busybox:1.35\n")
	write(".dockademy/state.json", "{}")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch, err := fileChanges(ctx, dir)
	require.NoError(t, err)

	quiet := 3 * debounce
	// An editor's save is several writes; they make one tick.
	for i := range 5 {
		write("Dockerfile", "FROM busybox:1.35\n# "+string(rune('a'+i))+"\n")
	}
	expectTick(t, ch, true, 5*time.Second)
	expectTick(t, ch, false, quiet)

	write(".Dockerfile.swp", "swap")
	write("4913", "")
	write(".dockademy/state.json", `{"v":1}`)
	expectTick(t, ch, false, quiet)

	// A folder made after the watch began is watched too: its tick comes after the
	// watch on it was added.
	require.NoError(t, os.Mkdir(filepath.Join(dir, "app"), 0o755))
	expectTick(t, ch, true, 5*time.Second)
	write("app/server.sh", "#!/bin/sh\n")
	expectTick(t, ch, true, 5*time.Second)

	require.NoError(t, os.Chmod(filepath.Join(dir, "app/server.sh"), 0o755))
	expectTick(t, ch, true, 5*time.Second)

	cancel()
	select {
	case _, ok := <-ch:
		for ok {
			_, ok = <-ch
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the channel did not close after ctx ended")
	}
}

func TestDebounced(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	in := make(chan struct{}, 1)
	out := debounced(ctx, in, 100*time.Millisecond)
	// Ticks closer together than the wait make one.
	for range 5 {
		in <- struct{}{}
		time.Sleep(20 * time.Millisecond)
	}
	expectTick(t, out, true, time.Second)
	expectTick(t, out, false, 300*time.Millisecond)
	in <- struct{}{}
	expectTick(t, out, true, time.Second)
	close(in)
	_, ok := <-out
	assert.False(t, ok, "out closes when in does")
}
