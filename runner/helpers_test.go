package runner

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/docker/docker/api/types/container"
	"github.com/docker/docker/api/types/filters"
	"github.com/docker/docker/api/types/image"
	"github.com/stretchr/testify/require"
)

const (
	busybox = "busybox:1.35"
	debian  = "debian:bookworm-slim"
)

// connect returns a client for the local engine, or skips the test when there is none
// (outside CI, where an unreachable engine is a failure).
func connect(t *testing.T) *Client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c, err := Connect(ctx, "")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no Docker Engine: %v", err)
		}
		t.Skipf("no Docker Engine reachable: %s", strings.SplitN(err.Error(), "\n", 2)[0])
	}
	t.Cleanup(func() { _ = c.Close() })
	for _, ref := range []string{busybox, debian} {
		if _, err := c.engine.ImageInspect(ctx, ref); err != nil {
			t.Fatalf("base image %s is missing (run `bash .ci/base-images`): %v", ref, err)
		}
	}
	return c
}

// session opens a session whose Cleanup runs at the end of the test, and checks that
// it left nothing labelled with its run id behind.
func session(t *testing.T, c *Client, opts SessionOptions) *Session {
	t.Helper()
	if opts.Exercise == "" {
		opts.Exercise = "runner-test/" + strings.ToLower(t.Name())
	}
	if opts.Role == "" {
		opts.Role = "test"
	}
	s := c.NewSession(opts)
	t.Cleanup(func() {
		require.NoError(t, s.Cleanup())
		if !opts.Keep {
			requireNothingLabelled(t, c, s.RunID())
		}
	})
	return s
}

func requireNothingLabelled(t *testing.T, c *Client, runID string) {
	t.Helper()
	ctx := context.Background()
	args := filters.NewArgs(filters.Arg("label", LabelRun+"="+runID))
	cs, err := c.engine.ContainerList(ctx, container.ListOptions{All: true, Filters: args})
	require.NoError(t, err)
	require.Empty(t, cs, "containers of run %s left behind", runID)
	imgs, err := c.engine.ImageList(ctx, image.ListOptions{All: true, Filters: args})
	require.NoError(t, err)
	require.Empty(t, imgs, "images of run %s left behind", runID)
}

func token() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// testTag is a tag nobody else uses; the test removes it at the end.
func testTag(t *testing.T, c *Client, name string) string {
	t.Helper()
	tag := "dockademy-test/" + name + ":" + token()
	t.Cleanup(func() { _ = c.removeImage(context.Background(), tag) })
	return tag
}

// writeFiles makes a build context; a name ending in "*" is written with mode 0755.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		mode := os.FileMode(0o644)
		if strings.HasSuffix(name, "*") {
			name, mode = strings.TrimSuffix(name, "*"), 0o755
		}
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), mode))
		require.NoError(t, os.Chmod(p, mode))
	}
	return dir
}

func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// mustBuild builds files and requires success.
func mustBuild(t *testing.T, s *Session, files map[string]string, tag string) BuildResult {
	t.Helper()
	res, err := s.Build(testCtx(t), BuildSpec{ContextDir: writeFiles(t, files), Tag: tag, Timeout: 60 * time.Second})
	require.NoError(t, err)
	require.Nil(t, res.Failure, "build failed:\n%s", res.Log)
	return res
}

// httpdFiles is a busybox web server on 8080 that serves body; bind is httpd's -p.
func httpdFiles(body, bind string) map[string]string {
	return map[string]string{
		"Dockerfile": "FROM " + busybox + "\nCOPY index.html /www/\n" +
			`CMD ["httpd", "-f", "-p", "` + bind + `", "-h", "/www"]` + "\n",
		"index.html": body,
	}
}

func imageListAll() image.ListOptions { return image.ListOptions{All: true} }
