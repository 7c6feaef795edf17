package runner

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Two graders build the same logical tag and publish the same logical host port at the
// same time; each sees its own server.
func TestMappedSessionsSideBySide(t *testing.T) {
	t.Parallel()
	c := connect(t)
	logical := "dockademy-test/side:" + token()
	type outcome struct {
		session *Session
		run     RunResult
		probe   HTTPResult
		err     error
	}
	outcomes := make([]outcome, 2)
	var wg sync.WaitGroup
	for i := range outcomes {
		s := session(t, c, SessionOptions{Mapped: true, Exercise: "runner-test/side"})
		dir := writeFiles(t, httpdFiles("grader "+string(rune('A'+i))+"\n", "8080"))
		wg.Add(1)
		go func() {
			defer wg.Done()
			o := &outcomes[i]
			o.session = s
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			b, err := s.Build(ctx, BuildSpec{ContextDir: dir, Tag: logical})
			if err == nil && b.Failure != nil {
				err = fmt.Errorf("build failed: %+v\n%s", *b.Failure, b.Log)
			}
			if o.err = err; err != nil {
				return
			}
			if o.run, o.err = s.Run(ctx, RunSpec{Image: logical, Detach: true, Publish: []string{"9000:8080"}}); o.err != nil {
				return
			}
			o.probe, o.err = s.ProbeHTTP(ctx, ProbeSpec{URL: "http://localhost:9000/", Within: 10 * time.Second, Until: okWith("grader")})
		}()
	}
	wg.Wait()

	for i, o := range outcomes {
		require.NoError(t, o.err, "grader %d", i)
		want := "grader " + string(rune('A'+i)) + "\n"
		assert.Equal(t, want, o.probe.Body, "grader %d sees its own server", i)
		actual := o.session.ImageRef(logical)
		assert.NotEqual(t, logical, actual)
		assert.Equal(t, logical+"-dkd-"+o.session.RunID(), actual)
		require.Len(t, o.run.Ports, 1)
		port := o.run.Ports[0].HostPort
		assert.NotEqual(t, "9000", port)
		assert.Equal(t, "http://127.0.0.1:"+port+"/", o.session.MapURL("http://localhost:9000/"))
		assert.Equal(t, port+"->8080/tcp", o.session.MapPublishes("9000->8080/tcp"))
		img, err := o.session.InspectImage(testCtx(t), logical)
		require.NoError(t, err)
		assert.Equal(t, o.run.ImageID, img.ID, "the logical tag resolves to the session's own image")
		assert.Contains(t, img.Tags, logical, "tags are reported as the lesson wrote them")
	}
	assert.NotEqual(t, outcomes[0].session.ImageRef(logical), outcomes[1].session.ImageRef(logical))
	assert.NotEqual(t, outcomes[0].run.Ports[0].HostPort, outcomes[1].run.Ports[0].HostPort)
	_, err := c.engine.ImageInspect(testCtx(t), logical)
	assert.Error(t, err, "the logical tag itself is never created")

	for _, o := range outcomes {
		require.NoError(t, o.session.Cleanup())
		_, err := c.engine.ImageInspect(testCtx(t), o.session.ImageRef(logical))
		assert.Error(t, err, "cleanup removes the private tag")
	}
}

func TestFindContainersByAncestor(t *testing.T) {
	t.Parallel()
	c := connect(t)
	s := session(t, c, SessionOptions{Mapped: true})
	tag := testTag(t, c, "ancestor")
	built := mustBuild(t, s, map[string]string{"Dockerfile": "FROM " + busybox + "\nCMD [\"true\"]\n"}, tag)
	ctx := testCtx(t)
	var mine []string
	for range 2 {
		run, err := s.Run(ctx, RunSpec{Image: tag})
		require.NoError(t, err)
		mine = append(mine, run.ContainerID)
	}
	other, err := s.Run(ctx, RunSpec{Image: busybox, Command: []string{"true"}})
	require.NoError(t, err)

	found, err := s.FindContainers(ctx, ContainerFilter{Ancestor: tag})

	require.NoError(t, err)
	var ids []string
	for _, f := range found {
		ids = append(ids, f.ID)
		assert.Equal(t, built.ImageID, f.ImageID)
		assert.Equal(t, tag, f.Image, "the image as the lesson named it")
	}
	assert.ElementsMatch(t, mine, ids)
	assert.NotContains(t, ids, other.ContainerID)

	none, err := s.FindContainers(ctx, ContainerFilter{Ancestor: "dockademy-test/absent:" + token()})
	require.NoError(t, err)
	assert.Empty(t, none)

	info, err := s.InspectContainer(ctx, other.ContainerID)
	require.NoError(t, err)
	byName, err := s.FindContainers(ctx, ContainerFilter{Name: info.Name})
	require.NoError(t, err)
	require.Len(t, byName, 1)
	assert.Equal(t, other.ContainerID, byName[0].ID)
	assert.False(t, byName[0].Running)
}
