package workspace

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dockademy/dockademy/lessons"
)

func course() *lessons.Course {
	ex := &lessons.Exercise{ID: "hello", LessonID: "basics", Files: []lessons.File{
		{Path: "Dockerfile", Content: []byte("FROM busybox:1.35\n")},
		{Path: "bin/run", Mode: 0o755, Content: []byte("#!/bin/sh\n")},
	}}
	return &lessons.Course{Lang: "ko", Lessons: []*lessons.Lesson{{ID: "basics", Exercises: []*lessons.Exercise{ex}}}}
}

func TestInitWritesStartersAndKeepsTheLearnersFiles(t *testing.T) {
	dir := t.TempDir()
	ws, wrote, err := Init(dir, course(), Meta{})
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"basics/hello/Dockerfile", "basics/hello/bin/run"}, wrote)
	assert.Equal(t, "ko", ws.Meta.Lang)

	st, err := os.Stat(filepath.Join(dir, "basics/hello/bin/run"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o755), st.Mode().Perm())

	mine := filepath.Join(dir, "basics/hello/Dockerfile")
	require.NoError(t, os.WriteFile(mine, []byte("FROM busybox:1.35\nCMD [\"mine\"]\n"), 0o644))
	_, wrote, err = Init(dir, course(), Meta{})
	require.NoError(t, err)
	assert.Empty(t, wrote, "a second init writes nothing over the learner's work")
	b, _ := os.ReadFile(mine)
	assert.Contains(t, string(b), "mine")
}

func TestFindWalksUp(t *testing.T) {
	dir := t.TempDir()
	_, _, err := Init(dir, course(), Meta{Lang: "en"})
	require.NoError(t, err)
	ws, err := Find(filepath.Join(dir, "basics", "hello"))
	require.NoError(t, err)
	assert.Equal(t, dir, ws.Root)
	assert.Equal(t, "en", ws.Meta.Lang)

	_, err = Find(t.TempDir())
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestWriteFilesRefusesPathsOutside(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"../escape", "/etc/passwd", "a/../../b"} {
		_, err := WriteFiles(dir, []lessons.File{{Path: p, Content: []byte("x")}}, true)
		assert.Error(t, err, p)
	}
	_, err := os.Stat(filepath.Join(filepath.Dir(dir), "escape"))
	assert.True(t, os.IsNotExist(err))
}
