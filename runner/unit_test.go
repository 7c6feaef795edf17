package runner

import (
	"strings"
	"testing"

	"github.com/docker/docker/api/types/container"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Stream lines as the 20.10 engine sent them for a build with dockademy's labels.
const failedRunStream = `{"stream":"Step 1/4 : FROM busybox:1.35"}
{"stream":"\n"}
{"stream":" ---\u003e 257a84ad360f\n"}
{"stream":"Step 2/4 : RUN echo hi"}
{"stream":"\n"}
{"stream":" ---\u003e Running in de6fb3581662\n"}
{"stream":"\u001b[1;32mhi\u001b[0m\n"}
{"stream":"Removing intermediate container de6fb3581662\n"}
{"stream":" ---\u003e 94b562145a93\n"}
{"stream":"Step 3/4 : RUN exit 3"}
{"stream":"\n"}
{"stream":" ---\u003e Running in 501107532d6c\n"}
{"stream":"Removing intermediate container 501107532d6c\n"}
{"errorDetail":{"code":3,"message":"The command '/bin/sh -c exit 3' returned a non-zero code: 3"},"error":"The command '/bin/sh -c exit 3' returned a non-zero code: 3"}
`

const cachedSuccessStream = `{"stream":"Step 1/3 : FROM busybox:1.35"}
{"stream":"\n"}
{"stream":" ---\u003e 257a84ad360f\n"}
{"stream":"Step 2/3 : RUN echo hi \u003e /f"}
{"stream":"\n"}
{"stream":" ---\u003e Using cache\n"}
{"stream":" ---\u003e bf7d88eec6de\n"}
{"stream":"Step 3/3 : LABEL dev.dockademy.owner=dockademy"}
{"stream":"\n"}
{"stream":" ---\u003e Running in 7141d27d4c92\n"}
{"stream":"Removing intermediate container 7141d27d4c92\n"}
{"stream":" ---\u003e 8ff76e567fb7\n"}
{"aux":{"ID":"sha256:8ff76e567fb72520d165ce9d5c88dd774b91ff29be780b3457cff5f38b3e2322"}}
{"stream":"Successfully built 8ff76e567fb7\n"}
{"stream":"Successfully tagged x/ok:1\n"}
`

func TestBuildStreamFailedRun(t *testing.T) {
	var out strings.Builder
	b := newBuildStream(&out, 1<<20, 1)
	require.NoError(t, b.consume(strings.NewReader(failedRunStream)))

	assert.Equal(t, "Step 3/3 : RUN exit 3", b.step, "the label step is not counted")
	assert.Equal(t, "RUN exit 3", b.instr)
	assert.Equal(t, 3, b.errCode)
	assert.Equal(t, []string{"94b562145a93"}, b.created, "the FROM image is not ours")
	assert.Equal(t, []string{"de6fb3581662", "501107532d6c"}, b.running)
	assert.Empty(t, b.imageID)
	assert.Contains(t, out.String(), "\nhi\n", "ANSI codes are stripped")
	assert.NotContains(t, out.String(), "\x1b")
	assert.Equal(t, out.String(), b.log.Text())
}

func TestBuildStreamHidesLabelStep(t *testing.T) {
	var out strings.Builder
	b := newBuildStream(&out, 1<<20, 1)
	require.NoError(t, b.consume(strings.NewReader(cachedSuccessStream)))

	assert.Equal(t, "sha256:8ff76e567fb72520d165ce9d5c88dd774b91ff29be780b3457cff5f38b3e2322", b.imageID)
	assert.Equal(t, []string{"8ff76e567fb7"}, b.created, "cached images are not this build's")
	assert.Contains(t, out.String(), "Step 2/2 : RUN echo hi > /f\n")
	assert.NotContains(t, out.String(), "dev.dockademy")
	assert.NotContains(t, out.String(), "7141d27d4c92")
	assert.Contains(t, out.String(), "Successfully built 8ff76e567fb7\n")
}

func TestCappedKeepsTheStart(t *testing.T) {
	c := capped{max: 5}
	c.WriteString("abc")
	c.WriteString("defgh")
	assert.Equal(t, "abcde", c.String())
	assert.Contains(t, c.Text(), "3 more bytes not kept")
}

func TestPrivateTag(t *testing.T) {
	tests := []struct{ logical, want string }{
		{"example/echo:latest", "example/echo:latest-dkd-ab12"},
		{"example/echo", "example/echo:latest-dkd-ab12"},
		{"localhost:5000/app:v1", "localhost:5000/app:v1-dkd-ab12"},
		{"docker.io/library/web:2", "web:2-dkd-ab12"},
	}
	for _, tt := range tests {
		t.Run(tt.logical, func(t *testing.T) {
			got, err := privateTag(tt.logical, "ab12")
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	long, err := privateTag("x:"+strings.Repeat("a", 128), "ab12")
	require.NoError(t, err)
	assert.Len(t, strings.SplitN(long, ":", 2)[1], 128)
	_, err = privateTag("Bad Tag", "ab12")
	assert.Error(t, err)
}

func TestNamespaceMapping(t *testing.T) {
	s := (&Client{}).NewSession(SessionOptions{Mapped: true})
	s.ports["9000"] = "49153"
	s.tags[normalizeRef("example/echo")] = "example/echo:latest-dkd-" + s.RunID()

	tests := []struct{ name, in, want string }{
		{"localhost", "http://localhost:9000/health?x=1", "http://127.0.0.1:49153/health?x=1"},
		{"loopback ip", "http://127.0.0.1:9000/", "http://127.0.0.1:49153/"},
		{"unpublished port", "http://localhost:9001/", "http://localhost:9001/"},
		{"other host", "http://example.com:9000/", "http://example.com:9000/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { assert.Equal(t, tt.want, s.MapURL(tt.in)) })
	}
	assert.Equal(t, "49153->8080/tcp", s.MapPublishes("9000->8080/tcp"))
	assert.Equal(t, "*->8080/tcp", s.MapPublishes("*->8080/tcp"))
	assert.Equal(t, "9001->8080/tcp", s.MapPublishes("9001->8080/tcp"))
	assert.Equal(t, "example/echo:latest-dkd-"+s.RunID(), s.ImageRef("example/echo:latest"))
	assert.Equal(t, busybox, s.ImageRef(busybox))

	w := (&Client{}).NewSession(SessionOptions{})
	w.ports["9000"] = "49153"
	assert.Equal(t, "http://localhost:9000/", w.MapURL("http://localhost:9000/"), "a workspace means what it says")
	assert.Equal(t, "9000->8080/tcp", w.MapPublishes("9000->8080/tcp"))
}

func TestBuildKitFlag(t *testing.T) {
	tests := []struct{ instr, want string }{
		{"COPY --chmod=755 app /app", "--chmod"},
		{"COPY --chown=1:1 --link app /app", "--link"},
		{"COPY --from=build /out /app", ""},
		{"RUN --mount=type=cache,target=/c make", "--mount"},
		{"RUN echo --mount", ""},
		{"FROM busybox", ""},
	}
	for _, tt := range tests {
		t.Run(tt.instr, func(t *testing.T) { assert.Equal(t, tt.want, buildKitFlag(tt.instr)) })
	}
}

func TestKeepBuildFiles(t *testing.T) {
	got := keepBuildFiles([]string{"*", "!src"}, "docker/Dockerfile")
	assert.Equal(t, []string{"*", "!src", "!.dockerignore", "!docker/Dockerfile"}, got)
	assert.Empty(t, keepBuildFiles(nil, "Dockerfile"))
	assert.Equal(t, []string{"secret.txt"}, keepBuildFiles([]string{"secret.txt"}, "Dockerfile"))
}

func TestFromImage(t *testing.T) {
	assert.Equal(t, "golang:1.22", fromImage("FROM --platform=linux/amd64 golang:1.22 AS build"))
	assert.Equal(t, "busybox:1.35", fromImage("FROM busybox:1.35"))
}

func TestBuildStepContainers(t *testing.T) {
	id := "sha256:" + strings.Repeat("ab", 32)
	assert.True(t, buildStep(container.Summary{Image: id}))
	assert.False(t, buildStep(container.Summary{Image: "busybox:1.35"}))
	assert.False(t, buildStep(container.Summary{Image: "257a84ad360f"}))
}

func TestRemoteAdd(t *testing.T) {
	for _, tt := range []struct{ dockerfile, instr, url string }{
		{"FROM busybox\nADD https://example.com/app.tgz /app/\n", "ADD https://example.com/app.tgz /app/", "https://example.com/app.tgz"},
		{"FROM busybox\nadd --chown=1:1 index.html HTTP://169.254.169.254/latest /x/\n", "add --chown=1:1 index.html HTTP://169.254.169.254/latest /x/", "HTTP://169.254.169.254/latest"},
		{"FROM busybox\nADD [\"git@github.com:a/b.git\", \"/src\"]\n", `ADD ["git@github.com:a/b.git", "/src"]`, "git@github.com:a/b.git"},
		{"FROM busybox\nADD app.tgz /app/\nCOPY http.conf /etc/\n", "", ""},
		{"FROM busybox\nADD https://example.com/only-one-arg\n", "", ""},
		{"FROM busybox\nRUN echo https://example.com x\n", "", ""},
	} {
		instr, url := remoteAdd([]byte(tt.dockerfile))
		assert.Equal(t, tt.instr, instr, tt.dockerfile)
		assert.Equal(t, tt.url, url, tt.dockerfile)
	}
}
