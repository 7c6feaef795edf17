package checker

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/dockademy/dockademy/lessons"
)

func dockerfileStep(o lessons.DockerfileOptions) *lessons.Step {
	return &lessons.Step{Kind: lessons.KindDockerfile, Index: 1, Points: 1, Dockerfile: o}
}

const solution = `FROM busybox:1.35
COPY helloworld /usr/local/bin/
RUN chmod +x /usr/local/bin/helloworld
EXPOSE 8080
CMD ["helloworld"]
`

const multiStage = `ARG GO=1.22
FROM golang:${GO} AS build
RUN go build -o /app .

FROM build AS test
RUN go test ./...

FROM busybox:1.35 AS runtime
COPY --from=build /app /app

FROM test
`

func TestDockerfile(t *testing.T) {
	tests := []struct {
		name     string
		content  string
		missing  bool
		opts     lessons.DockerfileOptions
		status   Status
		expected string
		actual   string
		message  string
	}{
		{name: "no options: parses", content: solution, status: Passed, actual: "instructions FROM, COPY, RUN, EXPOSE, CMD"},
		{name: "missing file", missing: true, status: Failed, expected: "file Dockerfile", actual: "no file Dockerfile",
			message: "There is no `Dockerfile` in the exercise folder."},
		{name: "parse error names the line", content: "FROM busybox:1.35\n\nCMD [\"a\", 1]\n", status: Failed,
			expected: "a Dockerfile that parses",
			actual:   "line 3: when using JSON array syntax, arrays must be comprised of strings only",
			message:  "at line 3"},
		{name: "empty file", content: "# nothing\n", status: Failed, message: "file with no instructions"},
		{name: "from normalised", content: solution, opts: lessons.DockerfileOptions{From: "docker.io/library/busybox:1.35"},
			status: Passed, expected: "FROM docker.io/library/busybox:1.35", actual: "FROM busybox:1.35"},
		{name: "from without tag accepts any tag", content: solution, opts: lessons.DockerfileOptions{From: "busybox"},
			status: Passed},
		{name: "from without tag in the file is latest", content: "FROM busybox\n", opts: lessons.DockerfileOptions{From: "busybox:latest"},
			status: Passed},
		{name: "from other tag", content: solution, opts: lessons.DockerfileOptions{From: "busybox:1.36"}, status: Failed,
			expected: "FROM busybox:1.36", actual: "FROM busybox:1.35", message: "final stage"},
		{name: "from other image", content: "FROM debian:bookworm-slim\n", opts: lessons.DockerfileOptions{From: "busybox:1.35"},
			status: Failed, actual: "FROM debian:bookworm-slim"},
		{name: "from judges the final stage", content: multiStage, opts: lessons.DockerfileOptions{From: "busybox:1.35"},
			status: Failed, actual: "FROM test (→ build → golang:1.22)"},
		{name: "from follows stage aliases and ARGs", content: multiStage, opts: lessons.DockerfileOptions{From: "golang:1.22"},
			status: Passed},
		{name: "from with platform flag", content: "FROM --platform=linux/amd64 busybox:1.35\n",
			opts: lessons.DockerfileOptions{From: "busybox:1.35"}, status: Passed},
		{name: "no FROM", content: "ARG X=1\n", opts: lessons.DockerfileOptions{From: "busybox:1.35"}, status: Failed,
			actual: "no FROM"},
		{name: "instructions present", content: solution, opts: lessons.DockerfileOptions{Instructions: []string{"copy", "RUN chmod", "EXPOSE 8080"}},
			status: Passed, expected: "instructions COPY, RUN chmod, EXPOSE 8080"},
		{name: "instructions missing", content: solution, opts: lessons.DockerfileOptions{Instructions: []string{"COPY", "USER", "EXPOSE 80"}},
			status: Failed, expected: "instructions COPY, USER, EXPOSE 80",
			actual: "missing USER, EXPOSE 80 (has FROM, COPY, RUN, EXPOSE, CMD)", message: "`Dockerfile` lacks USER, EXPOSE 80."},
		{name: "instructions inside ONBUILD do not count", content: "FROM busybox:1.35\nONBUILD RUN echo hi\n",
			opts: lessons.DockerfileOptions{Instructions: []string{"RUN"}}, status: Failed},
		{name: "instructions across a line continuation", content: "FROM busybox:1.35\nRUN chmod \\\n  +x /x\n",
			opts: lessons.DockerfileOptions{Instructions: []string{"RUN chmod +x"}}, status: Passed},
		{name: "forbid absent", content: solution, opts: lessons.DockerfileOptions{Forbid: []string{"ADD"}}, status: Passed,
			expected: "no ADD", actual: "no ADD"},
		{name: "forbid present names the line", content: "FROM busybox:1.35\nADD app /app\nadd x /x\n",
			opts: lessons.DockerfileOptions{Forbid: []string{"ADD", "USER"}}, status: Failed,
			expected: "no ADD, USER", actual: "line 2: ADD app /app, line 3: ADD x /x", message: "uses ADD"},
		{name: "exec form used", content: solution, opts: lessons.DockerfileOptions{ExecForm: []string{"CMD", "ENTRYPOINT"}},
			status: Passed, expected: "CMD, ENTRYPOINT in JSON form", actual: `line 5: CMD ["helloworld"]`},
		{name: "exec form absent instruction passes", content: "FROM busybox:1.35\n",
			opts: lessons.DockerfileOptions{ExecForm: []string{"CMD"}}, status: Passed, actual: "no CMD"},
		{name: "shell form names the line and suggests JSON", content: "FROM busybox:1.35\nCMD helloworld --port 80\n",
			opts: lessons.DockerfileOptions{ExecForm: []string{"cmd"}}, status: Failed,
			actual: "line 2: CMD helloworld --port 80", message: "like `CMD [\"helloworld\", \"--port\", \"80\"]`"},
		{name: "shell form with shell syntax gets the general shape", content: "FROM busybox:1.35\nCMD echo $HOME && sleep 1\n",
			opts: lessons.DockerfileOptions{ExecForm: []string{"CMD"}}, status: Failed,
			message: "like `CMD [\"executable\", \"param\"]`"},
		{name: "every failing option at once", content: "FROM debian:bookworm-slim\nCMD run\n",
			opts:   lessons.DockerfileOptions{From: "busybox:1.35", Instructions: []string{"COPY"}, ExecForm: []string{"CMD"}},
			status: Failed, expected: "FROM busybox:1.35; instructions COPY; CMD in JSON form"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Dockerfile(dockerfileStep(tt.opts), []byte(tt.content), !tt.missing, "en")
			assert.Equal(t, tt.status, v.Status, v.Message)
			if tt.expected != "" {
				assert.Equal(t, tt.expected, v.Expected)
			}
			if tt.actual != "" {
				assert.Equal(t, tt.actual, v.Actual)
			}
			assert.Contains(t, v.Message, tt.message)
		})
	}
}

func TestDockerfileSubjectNamesTheFile(t *testing.T) {
	s := dockerfileStep(lessons.DockerfileOptions{})
	s.Subject = "docker/Dockerfile.prod"
	v := Dockerfile(s, nil, false, "ko")
	assert.Equal(t, "실습 폴더에 `docker/Dockerfile.prod` 파일이 없습니다.", v.Message)
}

func TestDockerfileKorean(t *testing.T) {
	v := Dockerfile(dockerfileStep(lessons.DockerfileOptions{ExecForm: []string{"CMD"}}),
		[]byte("FROM busybox:1.35\nCMD helloworld\n"), true, "ko")
	assert.Equal(t, "CMD: JSON 형식", v.Expected)
	assert.Equal(t, "2번째 줄: CMD helloworld", v.Actual)
	assert.Contains(t, v.Message, "`CMD [\"helloworld\"]` 처럼 JSON 형식으로 써 주세요.")
}

func TestSameRef(t *testing.T) {
	tests := []struct {
		want, got string
		same      bool
	}{
		{"busybox:1.35", "docker.io/library/busybox:1.35", true},
		{"busybox", "busybox:1.35", true},
		{"busybox:latest", "busybox", true},
		{"busybox:1.35", "busybox", false},
		{"example/app", "docker.io/example/app:v1", true},
		{"ghcr.io/x/app:1", "x/app:1", false},
		{"busybox:${V}", "busybox:${V}", true}, // not a reference: compared as text
	}
	for _, tt := range tests {
		assert.Equal(t, tt.same, sameRef(tt.want, tt.got), "%s vs %s", tt.want, tt.got)
	}
}
