package runner

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConnectUnreachable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	host := "unix://" + filepath.Join(t.TempDir(), "no.sock")

	_, err := Connect(ctx, host)

	var unreachable *UnreachableError
	require.ErrorAs(t, err, &unreachable)
	assert.Equal(t, host, unreachable.Host)
	assert.Contains(t, err.Error(), "is not reachable")
	assert.Contains(t, err.Error(), "docker context ls")
}

// The active docker context is honoured when DOCKER_HOST is empty.
func TestConnectUsesDockerContext(t *testing.T) {
	dir := t.TempDir()
	host := "unix://" + filepath.Join(dir, "context.sock")
	sum := sha256.Sum256([]byte("classroom"))
	meta := filepath.Join(dir, "contexts", "meta", hex.EncodeToString(sum[:]))
	require.NoError(t, os.MkdirAll(meta, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(meta, "meta.json"),
		[]byte(`{"Name":"classroom","Endpoints":{"docker":{"Host":"`+host+`","SkipTLSVerify":false}}}`), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "config.json"), []byte(`{"currentContext":"classroom"}`), 0o644))
	t.Setenv("DOCKER_CONFIG", dir)
	t.Setenv("DOCKER_HOST", "")
	t.Setenv("DOCKER_CONTEXT", "")

	_, err := Connect(context.Background(), "")

	var unreachable *UnreachableError
	require.ErrorAs(t, err, &unreachable)
	assert.Equal(t, host, unreachable.Host, "the context's endpoint was dialled")

	t.Setenv("DOCKER_CONTEXT", "default")
	ep, err := activeContext()
	require.NoError(t, err)
	assert.Empty(t, ep.Host, "DOCKER_CONTEXT overrides the config file")
}

func TestConnectNegotiatesDespiteAPIVersionVariable(t *testing.T) {
	t.Setenv("DOCKER_API_VERSION", "1.99")
	c := connect(t)
	_, api := c.ServerVersion()
	assert.NotEqual(t, "1.99", api)
	assert.Equal(t, "1.99", c.IgnoredAPIVersion)
	_, err := c.engine.ImageList(context.Background(), imageListAll())
	assert.NoError(t, err, "calls work at the negotiated version")
}

func TestEnsureImages(t *testing.T) {
	t.Parallel()
	c := connect(t)
	ctx := testCtx(t)
	require.NoError(t, c.EnsureImages(ctx, []string{busybox}, nil))

	ref := "dockademy-test/absent:" + token()
	err := c.EnsureImages(ctx, []string{busybox, ref}, nil)

	var missing *MissingImageError
	require.ErrorAs(t, err, &missing)
	assert.Equal(t, ref, missing.Ref)
	assert.Error(t, errors.Unwrap(missing), "why the pull failed")
	assert.Contains(t, err.Error(), "dockademy images load")
}

func TestRemoveSince(t *testing.T) {
	t.Parallel()
	c := connect(t)
	ctx := testCtx(t)
	before, err := c.TakeSnapshot(ctx)
	require.NoError(t, err)
	require.True(t, before.Images[mustImageID(t, c, busybox)])

	// What a solution's commands would make, labelled here only so that the test can
	// leave other test runs' objects on this shared engine alone.
	ex := "runner-test/since-" + token()
	s := c.NewSession(SessionOptions{Exercise: ex, Role: "test"})
	tag := "dockademy-test/since:" + token()
	built := mustBuild(t, s, map[string]string{"Dockerfile": "FROM " + busybox + "\nRUN echo " + token() + " > /x\n"}, tag)
	run, err := s.Run(ctx, RunSpec{Image: tag, Command: []string{"true"}})
	require.NoError(t, err)
	other := impostor(c, livePID(t), c.hostname).NewSession(SessionOptions{Exercise: ex})
	busy, err := other.Run(ctx, RunSpec{Image: busybox, Detach: true, Command: []string{"sleep", "60"}})
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.removeContainer(context.Background(), busy.ContainerID) })

	n, err := c.removeSince(ctx, before, func(l map[string]string) bool { return l[LabelExercise] == ex })

	require.NoError(t, err)
	assert.Equal(t, 2, n, "one container, one image")
	assert.False(t, exists(t, c, run.ContainerID))
	assert.True(t, exists(t, c, busy.ContainerID), "another live dockademy process's container stays")
	_, err = c.engine.ImageInspect(ctx, built.ImageID)
	assert.Error(t, err)
	_, err = c.engine.ImageInspect(ctx, busybox)
	assert.NoError(t, err, "what was there before stays")
}

func mustImageID(t *testing.T, c *Client, ref string) string {
	t.Helper()
	img, err := c.engine.ImageInspect(context.Background(), ref)
	require.NoError(t, err)
	return img.ID
}

// A command may move a tag to a new image or add a tag to an old one; afterwards the
// tags are as they were.
func TestRemoveSinceRestoresTags(t *testing.T) {
	t.Parallel()
	c := connect(t)
	ctx := testCtx(t)
	ex := "runner-test/tags-" + token()
	s := c.NewSession(SessionOptions{Exercise: ex, Role: "test"})
	tag := "dockademy-test/moved:" + token()
	alias := "dockademy-test/alias:" + token()
	old := mustBuild(t, s, map[string]string{"Dockerfile": "FROM " + busybox + "\nRUN echo " + token() + " > /x\n"}, tag)
	t.Cleanup(func() { _ = c.removeImage(context.Background(), tag) })
	// A second tag keeps the old image when its first tag moves away.
	pin := "dockademy-test/pin:" + token()
	require.NoError(t, c.engine.ImageTag(ctx, old.ImageID, pin))
	t.Cleanup(func() { _ = c.removeImage(context.Background(), pin) })
	before, err := c.TakeSnapshot(ctx)
	require.NoError(t, err)

	moved := mustBuild(t, s, map[string]string{"Dockerfile": "FROM " + busybox + "\nRUN echo " + token() + " > /y\n"}, tag)
	require.NotEqual(t, old.ImageID, moved.ImageID)
	require.NoError(t, c.engine.ImageTag(ctx, old.ImageID, alias))

	_, err = c.removeSince(ctx, before, func(l map[string]string) bool { return l[LabelExercise] == ex })
	require.NoError(t, err)

	assert.Equal(t, old.ImageID, mustImageID(t, c, tag), "the moved tag names the old image again")
	_, err = c.engine.ImageInspect(ctx, alias)
	assert.Error(t, err, "the added tag is gone")
	_, err = c.engine.ImageInspect(ctx, moved.ImageID)
	assert.Error(t, err, "the new image is gone")
}
