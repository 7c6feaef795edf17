package runner

import (
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func okWith(text string) func(int, string) bool {
	return func(status int, body string) bool { return status == http.StatusOK && strings.Contains(body, text) }
}

func TestProbeDetachedServer(t *testing.T) {
	t.Parallel()
	c := connect(t)
	s := session(t, c, SessionOptions{Mapped: true})
	tag := testTag(t, c, "web")
	mustBuild(t, s, httpdFiles("hello from the web\n", "8080"), tag)
	ctx := testCtx(t)

	run, err := s.Run(ctx, RunSpec{Image: tag, Detach: true, Publish: []string{"9000:8080"}})
	require.NoError(t, err)
	require.Len(t, run.Ports, 1)
	assert.Equal(t, "8080/tcp", run.Ports[0].ContainerPort)
	assert.Equal(t, "127.0.0.1", run.Ports[0].HostIP)
	assert.Equal(t, run.Ports[0].HostPort, s.HostPort("9000"))

	res, err := s.ProbeHTTP(ctx, ProbeSpec{URL: "http://localhost:9000/index.html", Within: 10 * time.Second, Until: okWith("hello"), Watch: []string{run.ContainerID}})

	require.NoError(t, err)
	assert.True(t, res.Answered, "probe error: %s", res.Err)
	assert.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, "hello from the web\n", res.Body)
	assert.Equal(t, "http://127.0.0.1:"+run.Ports[0].HostPort+"/index.html", res.URL)
	assert.Empty(t, res.GaveUpEarly)

	via, err := s.ProbeHTTP(ctx, ProbeSpec{URL: "http://localhost:8080/", Via: run.ContainerID, Within: 5 * time.Second, Until: okWith("hello")})
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, via.Status, "via the container's published port: %s", via.Err)
}

func TestProbeGivesUpWhenTheContainerExits(t *testing.T) {
	t.Parallel()
	c := connect(t)
	s := session(t, c, SessionOptions{Mapped: true})
	ctx := testCtx(t)
	run, err := s.Run(ctx, RunSpec{Image: busybox, Detach: true, Command: []string{"sh", "-c", "sleep 0.3; exit 3"}, Publish: []string{"9000:8080"}})
	require.NoError(t, err)

	res, err := s.ProbeHTTP(ctx, ProbeSpec{URL: "http://localhost:9000/", Within: 20 * time.Second, Watch: []string{run.ContainerID}})

	require.NoError(t, err)
	assert.False(t, res.Answered)
	assert.Contains(t, res.GaveUpEarly, "exited with code 3")
	assert.Less(t, res.Took, 5*time.Second, "the probe did not wait for its deadline")
	assert.Greater(t, res.Attempts, 1)
}

func TestProbeServerBoundToLoopbackInside(t *testing.T) {
	t.Parallel()
	c := connect(t)
	s := session(t, c, SessionOptions{Mapped: true})
	tag := testTag(t, c, "loopback")
	mustBuild(t, s, httpdFiles("unreachable\n", "127.0.0.1:8080"), tag)
	ctx := testCtx(t)
	run, err := s.Run(ctx, RunSpec{Image: tag, Detach: true, Publish: []string{"9000:8080"}})
	require.NoError(t, err)

	res, err := s.ProbeHTTP(ctx, ProbeSpec{URL: "http://localhost:9000/", Within: 1500 * time.Millisecond, Watch: []string{run.ContainerID}})

	require.NoError(t, err)
	assert.False(t, res.Answered)
	assert.True(t, res.Closed, "the proxy accepted and closed: %s", res.Err)
	assert.Empty(t, res.GaveUpEarly, "the server is still running")
	assert.GreaterOrEqual(t, res.Took, 1500*time.Millisecond)
}

// With no container to wait for, a refused connection ends the probe at once.
func TestProbeGivesUpWhenRefused(t *testing.T) {
	t.Parallel()
	c := connect(t)
	s := session(t, c, SessionOptions{})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close()) // a port that nothing listens on

	res, err := s.ProbeHTTP(testCtx(t), ProbeSpec{URL: "http://" + addr + "/", Within: 5 * time.Second, GiveUpWhenRefused: true})
	require.NoError(t, err)
	assert.False(t, res.Answered)
	assert.Contains(t, res.Err, "refused")
	assert.Equal(t, 1, res.Attempts, "it did not poll until the deadline")
}
