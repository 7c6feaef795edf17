package runner

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBuildTagsTheImage(t *testing.T) {
	t.Parallel()
	c := connect(t)
	s := session(t, c, SessionOptions{})
	tag := testTag(t, c, "ok")
	files := map[string]string{
		"Dockerfile": "FROM " + busybox + "\nRUN echo hello > /hello\nLABEL course=docker\nCMD [\"cat\", \"/hello\"]\n",
	}

	res := mustBuild(t, s, files, tag)

	assert.Regexp(t, `^sha256:[0-9a-f]{64}$`, res.ImageID)
	assert.Equal(t, tag, res.Tag)
	assert.Contains(t, res.Log, "Step 2/4 : RUN echo hello > /hello")
	assert.NotContains(t, res.Log, "dev.dockademy", "dockademy's label step is not shown")
	img, err := s.InspectImage(testCtx(t), tag)
	require.NoError(t, err)
	assert.True(t, img.Exists)
	assert.Equal(t, res.ImageID, img.ID)
	assert.Equal(t, []string{"cat", "/hello"}, img.Cmd)
	assert.Equal(t, map[string]string{"course": "docker"}, img.Labels, "dockademy's labels are hidden")
	assert.Contains(t, img.Tags, tag)

	again := mustBuild(t, s, files, tag)
	assert.Equal(t, res.ImageID, again.ImageID, "a workspace build of the same files gives the same image")
}

func TestBuildFailureInRun(t *testing.T) {
	t.Parallel()
	c := connect(t)
	s := session(t, c, SessionOptions{})
	dir := writeFiles(t, map[string]string{
		"Dockerfile": "FROM " + busybox + "\nRUN echo " + token() + " > /x\nRUN exit 3\nCMD [\"true\"]\n",
	})

	res, err := s.Build(testCtx(t), BuildSpec{ContextDir: dir, Tag: testTag(t, c, "fail")})

	require.NoError(t, err)
	require.NotNil(t, res.Failure)
	assert.Empty(t, res.ImageID)
	assert.Equal(t, "Step 3/4 : RUN exit 3", res.Failure.Step)
	assert.Equal(t, "RUN exit 3", res.Failure.Instruction)
	assert.Equal(t, 3, res.Failure.ExitCode)
	assert.Contains(t, res.Failure.Message, "non-zero code: 3")

	s.mu.Lock()
	leftovers := append([]string(nil), s.leftovers...)
	s.mu.Unlock()
	require.Len(t, leftovers, 1, "the image of the successful RUN is left over")
	require.NoError(t, s.Cleanup())
	_, err = c.engine.ImageInspect(context.Background(), leftovers[0])
	assert.Error(t, err, "the failed build's untagged image is removed")
}

func TestBuildHonoursDockerignore(t *testing.T) {
	t.Parallel()
	c := connect(t)
	s := session(t, c, SessionOptions{Mapped: true})
	tag := testTag(t, c, "ignore")
	mustBuild(t, s, map[string]string{
		"Dockerfile":    "FROM " + busybox + "\nCOPY . /ctx/\n",
		".dockerignore": "secret.txt\nlogs/\nDockerfile\n.dockerignore\n",
		"keep.txt":      "kept",
		"secret.txt":    "password",
		"logs/a.log":    "noise",
	}, tag)

	tests := []struct {
		path   string
		exists bool
	}{
		{"/ctx/keep.txt", true},
		{"/ctx/secret.txt", false},
		{"/ctx/logs/a.log", false},
		// Sent for the builder to read, then dropped by the engine, as with docker/cli.
		{"/ctx/Dockerfile", false},
		{"/ctx/.dockerignore", false},
	}
	for _, tt := range tests {
		f, err := s.ReadFile(testCtx(t), tag, tt.path)
		require.NoError(t, err)
		assert.Equal(t, tt.exists, f.Exists, tt.path)
	}
}

func TestBuildMissingBase(t *testing.T) {
	t.Parallel()
	c := connect(t)
	s := session(t, c, SessionOptions{})
	base := "dockademy-test/no-such-base:" + token()
	dir := writeFiles(t, map[string]string{"Dockerfile": "FROM " + base + "\nRUN true\n"})

	res, err := s.Build(testCtx(t), BuildSpec{ContextDir: dir, Tag: testTag(t, c, "nobase"), Timeout: 30 * time.Second})

	require.NoError(t, err)
	require.NotNil(t, res.Failure)
	assert.Equal(t, base, res.Failure.MissingBase)
	assert.Equal(t, "Step 1/2 : FROM "+base, res.Failure.Step)
	assert.Contains(t, res.Failure.Advice, "docker pull "+base)
	assert.Contains(t, res.Failure.Advice, "dockademy images load")
}

func TestBuildPullFallsBackToLocalBase(t *testing.T) {
	t.Parallel()
	c := connect(t)
	s := session(t, c, SessionOptions{Mapped: true})
	dir := writeFiles(t, map[string]string{"Dockerfile": "FROM " + busybox + "\nCMD [\"true\"]\n"})

	res, err := s.Build(testCtx(t), BuildSpec{ContextDir: dir, Tag: testTag(t, c, "pull"), Pull: true, Timeout: 30 * time.Second})

	require.NoError(t, err)
	if res.Failure != nil {
		t.Fatalf("build with pull failed although the base is here: %+v", res.Failure)
	}
	assert.NotEmpty(t, res.ImageID)
}

func TestBuildKitOnlyFlags(t *testing.T) {
	t.Parallel()
	c := connect(t)
	tests := []struct{ name, step, flag string }{
		{"copy chmod", "COPY --chmod=755 run.sh /run.sh", "--chmod"},
		{"run mount", "RUN --mount=type=cache,target=/c true", "--mount"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := session(t, c, SessionOptions{Mapped: true})
			dir := writeFiles(t, map[string]string{"Dockerfile": "FROM " + busybox + "\n" + tt.step + "\n", "run.sh": "#!/bin/sh\n"})

			res, err := s.Build(testCtx(t), BuildSpec{ContextDir: dir})

			require.NoError(t, err)
			require.NotNil(t, res.Failure)
			assert.Equal(t, tt.flag, res.Failure.BuildKitOnly)
			assert.Equal(t, tt.step, res.Failure.Instruction)
			assert.Contains(t, res.Failure.Advice, "classic builder")
		})
	}
}

func TestBuildWithoutDockerfile(t *testing.T) {
	t.Parallel()
	c := connect(t)
	s := session(t, c, SessionOptions{})
	res, err := s.Build(testCtx(t), BuildSpec{ContextDir: writeFiles(t, map[string]string{"app.txt": "x"})})
	require.NoError(t, err)
	require.NotNil(t, res.Failure)
	assert.Contains(t, res.Failure.Message, "there is no Dockerfile")
}

func TestBuildTimeoutWithLimits(t *testing.T) {
	t.Parallel()
	c := connect(t)
	s := session(t, c, SessionOptions{Mapped: true, Limits: Limits{Memory: 128 << 20, NanoCPUs: 5e8, PidsLimit: 64}})
	dir := writeFiles(t, map[string]string{"Dockerfile": "FROM " + busybox + "\nRUN sleep 30\n"})

	start := time.Now()
	res, err := s.Build(testCtx(t), BuildSpec{ContextDir: dir, Tag: testTag(t, c, "slow"), Timeout: 1500 * time.Millisecond})

	require.NoError(t, err, "a slow build is the learner's, not an error")
	require.NotNil(t, res.Failure)
	assert.True(t, res.Failure.TimedOut)
	assert.Equal(t, "RUN sleep 30", res.Failure.Instruction)
	assert.Less(t, time.Since(start), 10*time.Second)
}

func TestRebuildRemovesReplacedImage(t *testing.T) {
	t.Parallel()
	c := connect(t)
	s := session(t, c, SessionOptions{})
	tag := testTag(t, c, "rebuild")
	first := mustBuild(t, s, map[string]string{"Dockerfile": "FROM " + busybox + "\nRUN echo " + token() + " > /v\n"}, tag)
	second := mustBuild(t, s, map[string]string{"Dockerfile": "FROM " + busybox + "\nRUN echo " + token() + " > /v\n"}, tag)

	require.NotEqual(t, first.ImageID, second.ImageID)
	_, err := c.engine.ImageInspect(context.Background(), first.ImageID)
	assert.Error(t, err, "the image the tag left is removed, not left dangling")
	assert.Equal(t, second.ImageID, mustImageID(t, c, tag))
}

// The earlier stages of a multi-stage build are no parents of its image: the session
// removes their layers too, so that nothing unlabelled stays behind.
func TestMultiStageLeavesNoStages(t *testing.T) {
	t.Parallel()
	c := connect(t)
	s := c.NewSession(SessionOptions{Exercise: "runner-test/multistage", Role: "test", Mapped: true})
	tok := token()
	dir := writeFiles(t, map[string]string{"Dockerfile": "FROM " + busybox + " AS builder\n" +
		"RUN echo " + tok + " > /made\nRUN cp /made /made2\n" +
		"FROM " + busybox + "\nCOPY --from=builder /made2 /made\nCMD [\"cat\", \"/made\"]\n"})
	res, err := s.Build(testCtx(t), BuildSpec{ContextDir: dir, Tag: "dockademy-test/multistage:" + tok, Timeout: 60 * time.Second})
	require.NoError(t, err)
	require.Nil(t, res.Failure, res.Log)
	assert.Equal(t, 2, res.Leftovers, "the builder stage's two RUN layers:\n%s", res.Log)
	stray := arrowIDs(res.Log)[1:3] // after FROM: the two RUN steps of the first stage
	for _, id := range stray {
		_, err := c.engine.ImageInspect(context.Background(), id)
		require.NoError(t, err, "layer %s exists before the cleanup", id)
	}
	require.NoError(t, s.Cleanup())
	requireNothingLabelled(t, c, s.RunID())
	for _, id := range stray {
		_, err := c.engine.ImageInspect(context.Background(), id)
		assert.Error(t, err, "layer %s of the first stage is gone", id)
	}
}

// arrowIDs are the image IDs that a build log names (" ---> 0123456789ab"), in order.
func arrowIDs(log string) []string {
	var ids []string
	for _, l := range strings.Split(log, "\n") {
		if m := arrowIDRE.FindStringSubmatch(l); m != nil {
			ids = append(ids, m[1])
		}
	}
	return ids
}
