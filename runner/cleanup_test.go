package runner

import (
	"context"
	"os/exec"
	"strconv"
	"testing"

	"github.com/docker/docker/api/types/container"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// deadPID is the pid of a process that has exited.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("true")
	require.NoError(t, cmd.Run())
	require.False(t, processAlive(cmd.Process.Pid))
	return cmd.Process.Pid
}

// livePID is the pid of a process that runs until the test ends.
func livePID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("sleep", "120")
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return cmd.Process.Pid
}

// impostor is a client that labels what it creates with another process's pid.
func impostor(c *Client, pid int) *Client {
	fake := *c
	fake.pid = pid
	return &fake
}

func exists(t *testing.T, c *Client, id string) bool {
	t.Helper()
	_, err := c.engine.ContainerInspect(context.Background(), id)
	return err == nil
}

func TestSweep(t *testing.T) {
	t.Parallel()
	c := connect(t)
	ctx := testCtx(t)
	dead, live := deadPID(t), livePID(t)
	ex := "runner-test/sweep-" + token()

	create := func(pid int, keep bool, host string) string {
		s := impostor(c, pid).NewSession(SessionOptions{Exercise: ex, Role: "test", Keep: keep})
		if host != "" {
			s.c.hostname = host
		}
		run, err := s.Run(ctx, RunSpec{Image: busybox, Detach: true, Command: []string{"sleep", "60"}})
		require.NoError(t, err)
		t.Cleanup(func() { _ = c.removeContainer(context.Background(), run.ContainerID) })
		return run.ContainerID
	}
	deadOne := create(dead, false, "")
	liveOne := create(live, false, "")
	kept := create(dead, true, "")
	elsewhere := create(dead, false, "another-host")

	// A private image of the dead process.
	ghost := impostor(c, dead).NewSession(SessionOptions{Exercise: ex, Role: "test", Mapped: true})
	tag := "dockademy-test/sweep:" + token()
	mustBuild(t, ghost, map[string]string{"Dockerfile": "FROM " + busybox + "\nCMD [\"true\"]\n"}, tag)
	private := ghost.ImageRef(tag)
	require.NotEqual(t, tag, private)
	t.Cleanup(func() { _ = c.removeImage(context.Background(), private) })

	// Sweep itself would also take other test runs' leftovers on this shared engine.
	removed, err := c.sweep(ctx, func(l map[string]string) bool { return l[LabelExercise] == ex })

	require.NoError(t, err)
	assert.Equal(t, 2, removed, "the dead process's container and private tag")
	assert.False(t, exists(t, c, deadOne), "a dead process's container is swept")
	assert.True(t, exists(t, c, liveOne), "a live process's container stays")
	assert.True(t, exists(t, c, kept), "a kept container stays")
	assert.True(t, exists(t, c, elsewhere), "another host's container stays")
	_, err = c.engine.ImageInspect(ctx, private)
	assert.Error(t, err, "a dead process's private tag is swept")

	n, err := c.RemoveExercise(ctx, ex)
	require.NoError(t, err)
	assert.Equal(t, 2, n, "reset removes the kept container and the other host's, not the live one")
	assert.False(t, exists(t, c, kept))
	assert.True(t, exists(t, c, liveOne))
}

func TestKeepLeavesContainers(t *testing.T) {
	t.Parallel()
	c := connect(t)
	ctx := testCtx(t)
	ex := "runner-test/keep-" + token()
	s := c.NewSession(SessionOptions{Exercise: ex, Role: "test", Keep: true})
	run, err := s.Run(ctx, RunSpec{Image: busybox, Command: []string{"true"}})
	require.NoError(t, err)
	_, err = s.ReadFile(ctx, busybox, "/bin/sh")
	require.NoError(t, err)

	require.NoError(t, s.Cleanup())

	list, err := c.engine.ContainerList(ctx, container.ListOptions{All: true})
	require.NoError(t, err)
	var mine []string
	for _, ct := range list {
		if ct.Labels[LabelRun] == s.RunID() {
			mine = append(mine, ct.ID)
			assert.Equal(t, "true", ct.Labels[LabelKeep])
		}
	}
	assert.Equal(t, []string{run.ContainerID}, mine, "the run stays, ReadFile's placeholder does not")
	n, err := c.RemoveExercise(ctx, ex)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	requireNothingLabelled(t, c, s.RunID())
}

func TestLabelsAndLimits(t *testing.T) {
	t.Parallel()
	c := connect(t)
	s := session(t, c, SessionOptions{Exercise: "lesson/unit", Role: "setup", Limits: Limits{Memory: 64 << 20, NanoCPUs: 5e8, PidsLimit: 32}})
	run, err := s.Run(testCtx(t), RunSpec{Image: busybox, Command: []string{"true"}})
	require.NoError(t, err)
	info, err := s.InspectContainer(testCtx(t), run.ContainerID)
	require.NoError(t, err)
	host := c.hostname
	assert.Equal(t, map[string]string{
		LabelOwner: "dockademy", LabelRun: s.RunID(), LabelExercise: "lesson/unit",
		LabelPID: strconv.Itoa(c.pid), LabelHost: host, LabelRole: "setup",
	}, info.Labels)

	ins, err := c.engine.ContainerInspect(testCtx(t), run.ContainerID)
	require.NoError(t, err)
	assert.Equal(t, int64(64<<20), ins.HostConfig.Memory)
	assert.Equal(t, int64(5e8), ins.HostConfig.NanoCPUs)
	require.NotNil(t, ins.HostConfig.PidsLimit)
	assert.Equal(t, int64(32), *ins.HostConfig.PidsLimit)
	assert.False(t, ins.HostConfig.Privileged)
	assert.Empty(t, ins.Mounts)
}
