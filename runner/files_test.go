package runner

import (
	"io/fs"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadFile(t *testing.T) {
	t.Parallel()
	c := connect(t)
	s := session(t, c, SessionOptions{Mapped: true})
	tag := testTag(t, c, "files")
	mustBuild(t, s, map[string]string{
		"Dockerfile": "FROM " + busybox + "\nCOPY tool conf /opt/\nRUN chmod 0755 /opt/tool && chmod 0644 /opt/conf && ln -s /opt/tool /usr/local/bin/tool\n",
		"tool":       "#!/bin/sh\necho tool\n",
		"conf":       "key=value\n",
	}, tag)

	tests := []struct {
		path    string
		exists  bool
		mode    fs.FileMode
		content string
		link    string
	}{
		{path: "/opt/tool", exists: true, mode: 0o755, content: "#!/bin/sh\necho tool\n"},
		{path: "/opt/conf", exists: true, mode: 0o644, content: "key=value\n"},
		{path: "/usr/local/bin/tool", exists: true, mode: 0o755, content: "#!/bin/sh\necho tool\n", link: "/opt/tool"},
		{path: "/opt/missing", exists: false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			f, err := s.ReadFile(testCtx(t), tag, tt.path)
			require.NoError(t, err)
			assert.Equal(t, tt.exists, f.Exists)
			assert.Equal(t, tt.mode, f.Mode.Perm())
			assert.Equal(t, tt.content, string(f.Content))
			assert.Equal(t, tt.link, f.Link)
		})
	}
	dir, err := s.ReadFile(testCtx(t), tag, "/opt")
	require.NoError(t, err)
	assert.True(t, dir.IsDir)

	_, err = s.ReadFile(testCtx(t), "dockademy-test/absent:"+token(), "/x")
	var missing *MissingImageError
	assert.ErrorAs(t, err, &missing)
}

func TestDiff(t *testing.T) {
	t.Parallel()
	c := connect(t)
	s := session(t, c, SessionOptions{Mapped: true})
	ctx := testCtx(t)
	run, err := s.Run(ctx, RunSpec{Image: busybox, Command: []string{"sh", "-c", "echo x > /created.txt; rm /bin/yes"}})
	require.NoError(t, err)
	require.Equal(t, 0, run.ExitCode, run.Stderr)

	changes, err := s.Diff(ctx, run.ContainerID)

	require.NoError(t, err)
	assert.Contains(t, changes, Change{Kind: "A", Path: "/created.txt"})
	assert.Contains(t, changes, Change{Kind: "D", Path: "/bin/yes"})
	assert.Contains(t, changes, Change{Kind: "C", Path: "/bin"})

	untouched, err := s.Run(ctx, RunSpec{Image: busybox, Command: []string{"true"}})
	require.NoError(t, err)
	none, err := s.Diff(ctx, untouched.ContainerID)
	require.NoError(t, err)
	assert.Empty(t, none)
}

func TestStopTiming(t *testing.T) {
	t.Parallel()
	c := connect(t)
	tests := []struct {
		name    string
		image   string
		command []string
		grace   time.Duration
		killed  bool
	}{
		{
			// A shell that traps TERM exits at once.
			name:    "trap",
			image:   busybox,
			command: []string{"sh", "-c", "trap 'exit 0' TERM; while :; do sleep 0.1; done"},
			grace:   5 * time.Second,
		},
		{
			// dash does not exec the last command: PID 1 is the shell, which ignores TERM.
			name:    "shell as pid 1",
			image:   debian,
			command: []string{"sh", "-c", "sleep 100"},
			grace:   time.Second,
			killed:  true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := session(t, c, SessionOptions{Mapped: true})
			ctx := testCtx(t)
			run, err := s.Run(ctx, RunSpec{Image: tt.image, Detach: true, Command: tt.command})
			require.NoError(t, err)
			time.Sleep(200 * time.Millisecond) // let the shell set its trap

			res, err := s.Stop(ctx, run.ContainerID, tt.grace)

			require.NoError(t, err)
			assert.True(t, res.WasRunning)
			assert.Equal(t, tt.killed, res.Killed, "took %s", res.Took)
			if tt.killed {
				assert.GreaterOrEqual(t, res.Took, tt.grace)
			} else {
				assert.Less(t, res.Took, 2*time.Second)
			}
			info, err := s.InspectContainer(ctx, run.ContainerID)
			require.NoError(t, err)
			assert.False(t, info.Running)

			again, err := s.Stop(ctx, run.ContainerID, tt.grace)
			require.NoError(t, err)
			assert.False(t, again.WasRunning)
		})
	}
}
