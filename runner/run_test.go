package runner

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunAttached(t *testing.T) {
	t.Parallel()
	c := connect(t)
	s := session(t, c, SessionOptions{Mapped: true})
	tests := []struct {
		name     string
		spec     RunSpec
		exit     int
		stdout   string
		stderr   string
		timedOut bool
	}{
		{
			name:   "output and exit code",
			spec:   RunSpec{Image: busybox, Command: []string{"sh", "-c", "echo out; echo err >&2; exit 7"}},
			exit:   7,
			stdout: "out\n",
			stderr: "err\n",
		},
		{
			name:   "env",
			spec:   RunSpec{Image: busybox, Command: []string{"sh", "-c", "echo $GREETING"}, Env: map[string]string{"GREETING": "hi"}},
			stdout: "hi\n",
		},
		{
			name:     "timeout kills",
			spec:     RunSpec{Image: busybox, Command: []string{"sleep", "30"}, Timeout: 300 * time.Millisecond},
			exit:     137,
			timedOut: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := s.Run(testCtx(t), tt.spec)
			require.NoError(t, err)
			assert.True(t, res.Exited)
			assert.Equal(t, tt.exit, res.ExitCode)
			assert.Equal(t, tt.stdout, res.Stdout)
			assert.Equal(t, tt.stderr, res.Stderr)
			assert.Equal(t, tt.timedOut, res.TimedOut)
			assert.NotEmpty(t, res.ImageID)
		})
	}
}

func TestRunCommandNotFoundIsAResult(t *testing.T) {
	t.Parallel()
	c := connect(t)
	s := session(t, c, SessionOptions{})
	res, err := s.Run(testCtx(t), RunSpec{Image: busybox, Command: []string{"/no/such/program"}})
	require.NoError(t, err)
	assert.True(t, res.Exited)
	assert.Equal(t, 127, res.ExitCode)
	assert.Contains(t, res.Stderr, "/no/such/program")
}

func TestRunMissingImage(t *testing.T) {
	t.Parallel()
	c := connect(t)
	s := session(t, c, SessionOptions{})
	ref := "dockademy-test/absent:" + token()
	_, err := s.Run(testCtx(t), RunSpec{Image: ref})
	var missing *MissingImageError
	require.ErrorAs(t, err, &missing)
	assert.Equal(t, ref, missing.Ref)
	assert.Contains(t, err.Error(), "docker pull "+ref)
}

func TestExec(t *testing.T) {
	t.Parallel()
	c := connect(t)
	s := session(t, c, SessionOptions{Mapped: true})
	ctx := testCtx(t)
	run, err := s.Run(ctx, RunSpec{Image: busybox, Detach: true, Command: []string{"sleep", "30"}})
	require.NoError(t, err)

	res, err := s.Exec(ctx, run.ContainerID, []string{"sh", "-c", "echo in; echo oops >&2; exit 4"}, 10*time.Second)
	require.NoError(t, err)
	assert.Equal(t, "in\n", res.Stdout)
	assert.Equal(t, "oops\n", res.Stderr)
	assert.Equal(t, 4, res.ExitCode)

	slow, err := s.Exec(ctx, run.ContainerID, []string{"sleep", "10"}, 200*time.Millisecond)
	require.NoError(t, err)
	assert.True(t, slow.TimedOut)

	done, err := s.Run(ctx, RunSpec{Image: busybox, Command: []string{"true"}})
	require.NoError(t, err)
	_, err = s.Exec(ctx, done.ContainerID, []string{"true"}, time.Second)
	var notRunning *NotRunningError
	assert.ErrorAs(t, err, &notRunning)
}

func TestRunPortInUse(t *testing.T) {
	t.Parallel()
	c := connect(t)

	t.Run("by another program", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		defer l.Close()
		port := portOf(l.Addr())
		s := session(t, c, SessionOptions{})

		_, err = s.Run(testCtx(t), RunSpec{Image: busybox, Detach: true, Command: []string{"sleep", "5"}, Publish: []string{port + ":80"}})

		var inUse *PortInUseError
		require.ErrorAs(t, err, &inUse)
		assert.Equal(t, port, inUse.Port)
		assert.Empty(t, inUse.Container)
		assert.Contains(t, err.Error(), "host port "+port+" is already in use")
	})
	t.Run("by a container", func(t *testing.T) {
		port := freePort(t)
		holder := session(t, c, SessionOptions{})
		first, err := holder.Run(testCtx(t), RunSpec{Image: busybox, Detach: true, Command: []string{"sleep", "30"}, Publish: []string{port + ":80"}})
		require.NoError(t, err)
		info, err := holder.InspectContainer(testCtx(t), first.ContainerID)
		require.NoError(t, err)
		s := session(t, c, SessionOptions{})

		_, err = s.Run(testCtx(t), RunSpec{Image: busybox, Detach: true, Command: []string{"sleep", "5"}, Publish: []string{port + ":80"}})

		var inUse *PortInUseError
		require.ErrorAs(t, err, &inUse)
		assert.Equal(t, port, inUse.Port)
		assert.Equal(t, info.Name, inUse.Container)
		assert.Contains(t, err.Error(), "docker stop "+info.Name)
	})
}

func TestCancelMidRunLeavesNothing(t *testing.T) {
	t.Parallel()
	c := connect(t)
	s := c.NewSession(SessionOptions{Exercise: "runner-test/cancel-run", Role: "test"})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(500*time.Millisecond, cancel)

	start := time.Now()
	_, err := s.Run(ctx, RunSpec{Image: busybox, Command: []string{"sleep", "30"}})

	assert.ErrorIs(t, err, context.Canceled)
	assert.Less(t, time.Since(start), 10*time.Second)
	require.NoError(t, s.Cleanup())
	requireNothingLabelled(t, c, s.RunID())
}

func TestCancelMidBuildLeavesNothing(t *testing.T) {
	t.Parallel()
	c := connect(t)
	s := c.NewSession(SessionOptions{Exercise: "runner-test/cancel-build", Role: "test", Mapped: true})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var running string
	sleeping := false
	log := writerFunc(func(p []byte) {
		for _, line := range strings.Split(string(p), "\n") {
			sleeping = sleeping || strings.HasSuffix(line, "RUN sleep 30")
			if id, ok := strings.CutPrefix(line, " ---> Running in "); ok && sleeping && running == "" {
				running = id
				cancel()
			}
		}
	})
	s.opts.Log = log
	dir := writeFiles(t, map[string]string{"Dockerfile": "FROM " + busybox + "\nRUN echo " + token() + " > /a\nRUN sleep 30\n"})

	_, err := s.Build(ctx, BuildSpec{ContextDir: dir, Tag: testTag(t, c, "cancel")})

	assert.ErrorIs(t, err, context.Canceled)
	require.NotEmpty(t, running, "the build reached the sleep")
	// The engine stops a classic build whose client went away, and removes the step's
	// container by itself.
	assert.Eventually(t, func() bool {
		_, err := c.engine.ContainerInspect(context.Background(), running)
		return err != nil
	}, 15*time.Second, 100*time.Millisecond, "the engine removes the cancelled step's container")
	require.NoError(t, s.Cleanup())
	requireNothingLabelled(t, c, s.RunID())
	_, err = c.engine.ContainerInspect(context.Background(), running)
	assert.Error(t, err, "the builder's intermediate container is gone")
}

type writerFunc func(p []byte)

func (w writerFunc) Write(p []byte) (int, error) { w(p); return len(p), nil }

func portOf(a net.Addr) string {
	_, port, _ := net.SplitHostPort(a.String())
	return port
}

// freePort finds a host port that is free now.
func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return portOf(l.Addr())
}

var _ = errors.New
