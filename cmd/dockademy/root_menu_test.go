package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dockademy/dockademy/internal/iostreams"
	"github.com/dockademy/dockademy/internal/progress"
	"github.com/dockademy/dockademy/internal/prompt"
)

// menuApp is an app on a pretend terminal, with the tmux test's course.
func menuApp(t *testing.T, course string) (*app, func() string) {
	t.Helper()
	streams, out, _ := iostreams.Test()
	streams.SetTerminal(true, true)
	a := &app{io: streams, lessonsDir: course, lang: "en"}
	return a, func() string { return ansi.Strip(out.String()) }
}

// inTempDir moves the test into a fresh folder, with HOME another one, and returns the
// tmux test's course.
func inTempDir(t *testing.T) (dir, course string) {
	t.Helper()
	course = writeCourse(t, 19473, "dockademy-menu-test/first-page:latest")
	dir = t.TempDir()
	t.Chdir(dir)
	t.Setenv("HOME", t.TempDir())
	return dir, course
}

// The journey without an engine: create a workspace, read, answer the quiz, leave;
// come back and land where you left off, with the lesson marked as begun.
func TestCourseMenu(t *testing.T) {
	dir, course := inTempDir(t)
	ctx := context.Background()

	a, out := menuApp(t, course)
	p := prompt.NewScripted(
		prompt.Choose("Create it here"),
		prompt.Choose("1. A first web page"),
		prompt.Choose("Next: The idea"),
		prompt.Choose("Next: Quick check"),
		prompt.Choose("Answer the quiz"),
		prompt.Choose("When the image is built"),
		prompt.Choose("Quit"),
	)
	require.NoError(t, a.runCourse(ctx, p, "", -1), "asked: %q", p.Asked)
	assert.Zero(t, p.Left())
	assert.Contains(t, out(), "Workspace ready at "+dir)
	assert.Contains(t, out(), "✔ Right!")
	assert.Contains(t, out(), "COPY  runs during the build")
	assert.Contains(t, p.Asked[0], "Create it in "+filepath.Join(os.Getenv("HOME"), "dockademy"))

	store, err := progress.Open(filepath.Join(dir, ".dockademy"))
	require.NoError(t, err)
	st, err := store.State()
	require.NoError(t, err)
	assert.Equal(t, "first-page", st.Lesson)
	assert.Equal(t, 2, st.Section)
	assert.Equal(t, progress.StatusPassed, st.Unit("first-page/copy-when").Status)

	a, out = menuApp(t, course)
	p = prompt.NewScripted(prompt.Choose("Continue: A first web page §3"), prompt.Choose("Lessons"), prompt.Choose("Quit"))
	require.NoError(t, a.runCourse(ctx, p, "", -1), "asked: %q", p.Asked)
	require.Len(t, p.Asked, 3)
	assert.Contains(t, p.Asked[0], "[Continue: A first web page §3|•  1. A first web page|Quit]")
	assert.Contains(t, out(), "A first web page  §3/5")
	assert.Contains(t, out(), "When does  COPY  take")
}

func TestCourseMenuInterrupt(t *testing.T) {
	_, course := inTempDir(t)
	a, _ := menuApp(t, course)
	err := a.runCourse(context.Background(), prompt.NewScripted(prompt.Interrupt()), "", -1)
	require.ErrorIs(t, err, prompt.ErrInterrupted)
	assert.Equal(t, exitInterrupted, exitCode(context.Background(), err))
}

func TestLearnOpensTheLesson(t *testing.T) {
	_, course := inTempDir(t)
	a, out := menuApp(t, course)
	p := prompt.NewScripted(prompt.Choose("Create it here"), prompt.Choose("Finish the lesson"), prompt.Choose("Quit"))
	require.NoError(t, a.runCourse(context.Background(), p, "first-page", 4), "asked: %q", p.Asked)
	assert.Contains(t, out(), "Recap")
	assert.NotContains(t, out(), "The idea")

	a, _ = menuApp(t, course)
	err := a.runCourse(context.Background(), prompt.NewScripted(), "nope", -1)
	assert.Equal(t, exitUsage, exitCode(context.Background(), err))
}
