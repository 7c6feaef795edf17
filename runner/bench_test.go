package runner

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/docker/docker/api/types/build"
	"github.com/docker/docker/api/types/container"
	"github.com/docker/docker/api/types/image"
	"github.com/docker/go-connections/nat"
	archive "github.com/moby/go-archive"
)

// BenchmarkEchoFloor is what the engine itself needs for the echo exercise's check,
// with no tool around it: the same API calls made directly, one after the other:
// build (warm cache), create, start, first HTTP answer, remove. `.ci/bench-check`
// compares `dockademy check` with it. Set DOCKADEMY_BENCH_DIR to the exercise folder.
func BenchmarkEchoFloor(b *testing.B) {
	dir := os.Getenv("DOCKADEMY_BENCH_DIR")
	if dir == "" {
		b.Skip("DOCKADEMY_BENCH_DIR is not set (see .ci/bench-check)")
	}
	ctx := context.Background()
	c, err := Connect(ctx, "")
	if err != nil {
		b.Skipf("no Docker Engine: %v", err)
	}
	defer c.Close()
	eng := c.engine
	const tag = "dockademy-bench/echo-floor:latest"
	defer eng.ImageRemove(ctx, tag, image.RemoveOptions{PruneChildren: true})

	floor := func() error {
		tarball, err := archive.TarWithOptions(dir, &archive.TarOptions{})
		if err != nil {
			return err
		}
		resp, err := eng.ImageBuild(ctx, tarball, build.ImageBuildOptions{
			Tags: []string{tag}, Version: build.BuilderV1, Remove: true, ForceRemove: true,
		})
		if err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		created, err := eng.ContainerCreate(ctx, &container.Config{Image: tag},
			&container.HostConfig{PortBindings: nat.PortMap{"8080/tcp": {{HostIP: "127.0.0.1", HostPort: "9000"}}}},
			nil, nil, "")
		if err != nil {
			return err
		}
		defer eng.ContainerRemove(ctx, created.ID, container.RemoveOptions{Force: true})
		if err := eng.ContainerStart(ctx, created.ID, container.StartOptions{}); err != nil {
			return err
		}
		deadline := time.Now().Add(10 * time.Second)
		for wait := 5 * time.Millisecond; ; wait = min(2*wait, 100*time.Millisecond) {
			r, err := http.Get("http://127.0.0.1:9000/")
			if err == nil {
				r.Body.Close()
				return nil
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("no answer: %w", err)
			}
			time.Sleep(wait)
		}
	}
	if err := floor(); err != nil { // warm the cache
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if err := floor(); err != nil {
			b.Fatal(err)
		}
	}
}
