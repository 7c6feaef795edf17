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

// impostor is a client that labels what it creates with another pid and host. Tests
// use a host name of their own, so that another process's Sweep on this shared engine
// does not take their "dead" objects first.
func impostor(c *Client, pid int, host string) *Client {
	fake := *c
	fake.pid, fake.hostname = pid, host
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
	host := "runner-test-" + token()
	sweeper := impostor(c, c.pid, host)

	create := func(pid int, keep bool, host string) string {
		s := impostor(c, pid, host).NewSession(SessionOptions{Exercise: "runner-test/sweep", Role: "test", Keep: keep})
		run, err := s.Run(ctx, RunSpec{Image: busybox, Detach: true, Command: []string{"sleep", "60"}})
		require.NoError(t, err)
		t.Cleanup(func() { _ = c.removeContainer(context.Background(), run.ContainerID) })
		return run.ContainerID
	}
	deadOne := create(dead, false, host)
	liveOne := create(live, false, host)
	kept := create(dead, true, host)
	elsewhere := create(dead, false, host+"-elsewhere")

	// A private image of the dead process.
	ghost := impostor(c, dead, host).NewSession(SessionOptions{Exercise: "runner-test/sweep", Role: "test", Mapped: true})
	tag := "dockademy-test/sweep:" + token()
	mustBuild(t, ghost, map[string]string{"Dockerfile": "FROM " + busybox + "\nCMD [\"true\"]\n"}, tag)
	private := ghost.ImageRef(tag)
	require.NotEqual(t, tag, private)
	t.Cleanup(func() { _ = c.removeImage(context.Background(), private) })

	removed, err := sweeper.Sweep(ctx)

	require.NoError(t, err)
	assert.Equal(t, 2, removed, "the dead process's container and private tag")
	assert.False(t, exists(t, c, deadOne), "a dead process's container is swept")
	assert.True(t, exists(t, c, liveOne), "a live process's container stays")
	assert.True(t, exists(t, c, kept), "a kept container stays")
	assert.True(t, exists(t, c, elsewhere), "another host's container stays")
	_, err = c.engine.ImageInspect(ctx, private)
	assert.Error(t, err, "a dead process's private tag is swept")
}

func TestRemoveExercise(t *testing.T) {
	t.Parallel()
	c := connect(t)
	ctx := testCtx(t)
	host := "runner-test-" + token()
	ex := "runner-test/reset-" + token()
	me := impostor(c, c.pid, host)
	create := func(owner *Client, keep bool) string {
		s := owner.NewSession(SessionOptions{Exercise: ex, Role: "setup", Keep: keep})
		run, err := s.Run(ctx, RunSpec{Image: busybox, Detach: true, Command: []string{"sleep", "60"}})
		require.NoError(t, err)
		t.Cleanup(func() { _ = c.removeContainer(context.Background(), run.ContainerID) })
		return run.ContainerID
	}
	kept := create(me, true)
	deadOne := create(impostor(c, deadPID(t), host), false)
	busy := create(impostor(c, livePID(t), host), false)

	n, err := me.RemoveExercise(ctx, ex)

	require.NoError(t, err)
	assert.Equal(t, 2, n)
	assert.False(t, exists(t, c, kept), "reset removes kept containers")
	assert.False(t, exists(t, c, deadOne))
	assert.True(t, exists(t, c, busy), "a check running at the same time keeps its container")
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
