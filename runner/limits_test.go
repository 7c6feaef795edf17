package runner

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAtPidsLimit(t *testing.T) {
	for _, tt := range []struct {
		current, limit int64
		want           bool
	}{{256, 256, true}, {231, 256, true}, {230, 256, false}, {3, 256, false}, {5, 0, false}, {-1, 256, false}} {
		assert.Equal(t, tt.want, atPidsLimit(tt.current, tt.limit), "%d of %d", tt.current, tt.limit)
	}
}

func TestForkFailed(t *testing.T) {
	for out, want := range map[string]bool{
		"sh: can't fork: Resource temporarily unavailable\n":                                                   true,
		"bash: fork: retry: Resource temporarily unavailable":                                                  true,
		"runtime: failed to create new OS thread (have 5 already; errno=11)\nResource temporarily unavailable": true,
		"read: Resource temporarily unavailable":                                                               false,
		"listening on :8080":                                                                                   false,
	} {
		assert.Equal(t, want, forkFailed(out), out)
	}
}

var limited = Limits{Memory: 128 << 20, NanoCPUs: 1e9, PidsLimit: 64}

// A container whose process count stays at the limit is named by Breaches, and so is
// one that the kernel killed for memory, exited or still running.
func TestBreachesOfContainers(t *testing.T) {
	t.Parallel()
	c := connect(t)
	s := session(t, c, SessionOptions{Mapped: true, Limits: limited})
	ctx := testCtx(t)
	bomb, err := s.Run(ctx, RunSpec{Image: busybox, Detach: true,
		Command: []string{"sh", "-c", "while true; do (sleep 100 &) 2>/dev/null; done"}})
	require.NoError(t, err)
	hog, err := s.Run(ctx, RunSpec{Image: busybox, Command: []string{"tail", "/dev/zero"}, Timeout: 30 * time.Second})
	require.NoError(t, err)
	assert.Equal(t, 137, hog.ExitCode)
	survivor, err := s.Run(ctx, RunSpec{Image: busybox, Detach: true,
		Command: []string{"sh", "-c", "tail /dev/zero; exec sleep 100"}})
	require.NoError(t, err)
	// busybox sh gives up at the first fork that fails: only its output tells.
	quitter, err := s.Run(ctx, RunSpec{Image: busybox, Command: []string{"sh", "-c", "while true; do sleep 100 & done"}, Timeout: 30 * time.Second})
	require.NoError(t, err)
	assert.Contains(t, quitter.Stderr, "can't fork")
	calm, err := s.Run(ctx, RunSpec{Image: busybox, Detach: true, Command: []string{"sleep", "100"}})
	require.NoError(t, err)

	var got []Breach
	require.Eventually(t, func() bool {
		got = s.Breaches(ctx)
		return len(got) == 4
	}, 20*time.Second, 250*time.Millisecond, "breaches: %+v", got)
	assert.ElementsMatch(t, []Breach{
		{Resource: ResourceProcesses, Limit: 64, Container: bomb.ContainerID},
		{Resource: ResourceMemory, Limit: 128 << 20, Container: hog.ContainerID},
		{Resource: ResourceMemory, Limit: 128 << 20, Container: survivor.ContainerID},
		{Resource: ResourceProcesses, Limit: 64, Container: quitter.ContainerID},
	}, got)
	for _, b := range got {
		assert.NotEqual(t, calm.ContainerID, b.Container)
	}
}

// A build step gets no process limit from the engine: the watchdog stops it at the
// session's limit. One that takes too much memory is killed by the kernel.
func TestBreachesOfBuilds(t *testing.T) {
	t.Parallel()
	c := connect(t)
	s := session(t, c, SessionOptions{Mapped: true, Limits: limited})
	ctx := testCtx(t)

	start := time.Now()
	res, err := s.Build(ctx, BuildSpec{ContextDir: writeFiles(t, map[string]string{
		"Dockerfile": "FROM " + busybox + "\nRUN while true; do (sleep 100 &) 2>/dev/null; done\n"}), Timeout: 40 * time.Second})
	require.NoError(t, err)
	require.NotNil(t, res.Failure)
	assert.Less(t, time.Since(start), 30*time.Second, "stopped by the watchdog, not the timeout")
	assert.False(t, res.Failure.TimedOut)
	require.NotEmpty(t, res.Containers)

	hog, err := s.Build(ctx, BuildSpec{ContextDir: writeFiles(t, map[string]string{
		"Dockerfile": "FROM " + busybox + "\nRUN dd if=/dev/zero of=/dev/null bs=300M count=1\n"}), Timeout: 40 * time.Second})
	require.NoError(t, err)
	require.NotNil(t, hog.Failure)
	assert.Equal(t, 137, hog.Failure.ExitCode)

	assert.Equal(t, []Breach{
		{Resource: ResourceProcesses, Limit: 64, Container: res.Containers[len(res.Containers)-1],
			Instruction: "RUN while true; do (sleep 100 &) 2>/dev/null; done"},
		{Resource: ResourceMemory, Limit: 128 << 20, Container: hog.Containers[len(hog.Containers)-1],
			Instruction: "RUN dd if=/dev/zero of=/dev/null bs=300M count=1"},
	}, s.Breaches(ctx))
}

// Without limits (a learner's own check) nothing is sampled or reported.
func TestNoLimitsNoBreaches(t *testing.T) {
	t.Parallel()
	c := connect(t)
	s := session(t, c, SessionOptions{Mapped: true})
	ctx := testCtx(t)
	_, err := s.Run(ctx, RunSpec{Image: busybox, Command: []string{"true"}, Timeout: 10 * time.Second})
	require.NoError(t, err)
	assert.Empty(t, s.Breaches(ctx))
}

// An untrusted build gets no network: its steps see only the loopback interface.
func TestBuildNetworkNone(t *testing.T) {
	t.Parallel()
	c := connect(t)
	for network, ok := range map[string]bool{"none": true, "": false} {
		// Its own line, or the second build would take the first one's layer from the cache.
		check := "FROM " + busybox + "\nRUN echo " + token() + "; test \"$(ls /sys/class/net)\" = lo\n"
		s := session(t, c, SessionOptions{Mapped: true, Limits: Limits{BuildNetwork: network}})
		res, err := s.Build(testCtx(t), BuildSpec{ContextDir: writeFiles(t, map[string]string{"Dockerfile": check}), Timeout: 40 * time.Second})
		require.NoError(t, err)
		assert.Equal(t, ok, res.Failure == nil, "network %q: %s", network, res.Log)
	}
}

// Untrusted code gains no privileges through setuid programs, and opens no raw sockets.
// (A Linux engine refuses security options for builds: "does not support setting
// security options on build".)
func TestConfined(t *testing.T) {
	t.Parallel()
	c := connect(t)
	s := session(t, c, SessionOptions{Mapped: true, Limits: Limits{Confined: true}})
	ctx := testCtx(t)
	res, err := s.Run(ctx, RunSpec{Image: busybox, Command: []string{"grep", "-E", "^(NoNewPrivs|CapBnd)", "/proc/self/status"}, Timeout: 10 * time.Second})
	require.NoError(t, err)
	assert.Contains(t, res.Stdout, "NoNewPrivs:\t1")
	assert.Contains(t, res.Stdout, "CapBnd:\t00000000000405fb", "the default set without NET_RAW, MKNOD, AUDIT_WRITE, SETFCAP")

	// An ADD of a URL would be fetched by the engine on the host's network.
	s = session(t, c, SessionOptions{Mapped: true, Limits: Limits{BuildNetwork: "none"}})
	b, err := s.Build(ctx, BuildSpec{ContextDir: writeFiles(t, map[string]string{
		"Dockerfile": "FROM " + busybox + "\nADD http://169.254.169.254/latest/meta-data /x\n"}), Timeout: 40 * time.Second})
	require.NoError(t, err)
	require.NotNil(t, b.Failure)
	assert.Equal(t, "ADD http://169.254.169.254/latest/meta-data /x downloads http://169.254.169.254/latest/meta-data, "+
		"and builds here have no network: put the file in the folder and COPY it", b.Failure.Message)
}
