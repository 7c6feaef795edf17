package checker

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/dockademy/dockademy/lessons"
	"github.com/dockademy/dockademy/runner"
)

func buildStep() *lessons.Step {
	return &lessons.Step{Kind: lessons.KindBuild, Subject: ".", Index: 1, Build: lessons.BuildOptions{Tag: "example/helloworld:latest"}}
}

func TestBuild(t *testing.T) {
	tests := []struct {
		name     string
		res      runner.BuildResult
		status   Status
		actual   string
		message  string
		noticeBK bool
	}{
		{name: "built", res: runner.BuildResult{ImageID: "sha256:feedfacecafe0000"}, status: Passed,
			actual: "example/helloworld:latest (feedfacecafe)", message: "Built example/helloworld:latest (feedfacecafe)."},
		{name: "run step failed", res: runner.BuildResult{Failure: &runner.BuildFailure{
			Step: "Step 3/4 : RUN chmod +x /usr/local/bin/hello", Instruction: "RUN chmod +x /usr/local/bin/hello",
			Message: "The command '/bin/sh -c chmod +x /usr/local/bin/hello' returned a non-zero code: 1\n", ExitCode: 1}},
			status: Failed, actual: "Step 3/4 : RUN chmod +x /usr/local/bin/hello, exit code 1",
			message: "The build failed at Step 3/4 : RUN chmod +x /usr/local/bin/hello: the command exited with code 1. The command '/bin/sh -c chmod +x /usr/local/bin/hello' returned a non-zero code: 1"},
		{name: "copy failed", res: runner.BuildResult{Failure: &runner.BuildFailure{
			Step: "Step 2/4 : COPY hello /usr/local/bin/", Message: "COPY failed: file not found in build context"}},
			status: Failed, actual: "Step 2/4 : COPY hello /usr/local/bin/, COPY failed: file not found in build context"},
		{name: "engine refused", res: runner.BuildResult{Failure: &runner.BuildFailure{Message: "dockerfile parse error line 2: unknown instruction: COPPY"}},
			status: Failed, message: "The build failed: dockerfile parse error"},
		{name: "missing base", res: runner.BuildResult{Failure: &runner.BuildFailure{MissingBase: "busybox:1.35", Message: "pull access denied"}},
			status: Failed, actual: "base image busybox:1.35 missing",
			message: "`docker pull busybox:1.35` gets it; otherwise load a saved copy with `dockademy images load FILE`"},
		{name: "buildkit only", res: runner.BuildResult{Failure: &runner.BuildFailure{
			Step: "Step 2/3 : COPY --chmod=755 hello /bin/", Message: "the --chmod option requires BuildKit"}},
			status: Failed, noticeBK: true},
		{name: "no image and no reason", res: runner.BuildResult{}, status: Failed, actual: "no image"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Build(buildStep(), tt.res, "en")
			assert.Equal(t, tt.status, v.Status, v.Message)
			assert.Equal(t, "the build succeeds", v.Expected)
			if tt.actual != "" {
				assert.Equal(t, tt.actual, v.Actual)
			}
			assert.Contains(t, v.Message, tt.message)
			if tt.noticeBK {
				assert.Contains(t, v.Message, "classic builder")
			} else {
				assert.NotContains(t, v.Message, "classic builder")
			}
		})
	}
}

func TestBuildKorean(t *testing.T) {
	v := Build(buildStep(), runner.BuildResult{Failure: &runner.BuildFailure{MissingBase: "busybox:1.35"}}, "ko")
	assert.Equal(t, "빌드 성공", v.Expected)
	assert.Equal(t, "베이스 이미지 busybox:1.35 없음", v.Actual)
	assert.Contains(t, v.Message, "`docker pull busybox:1.35` 로 받고")
}

func TestRun(t *testing.T) {
	run := &lessons.Step{Kind: lessons.KindRun, Subject: "example/helloworld:latest", Name: "hello", Index: 2}
	detached := &lessons.Step{Kind: lessons.KindRun, Subject: "example/web:latest", Index: 2, Run: lessons.RunOptions{Detach: true}}
	exec := &lessons.Step{Kind: lessons.KindExec, Command: []string{"cat", "/etc/os-release"}, Index: 3, Timeout: 5 * time.Second}
	tests := []struct {
		name     string
		step     *lessons.Step
		res      runner.RunResult
		err      error
		status   Status
		expected string
		actual   string
		message  string
	}{
		{name: "exited zero", step: run, res: runner.RunResult{Exited: true}, status: Passed, actual: "exit code 0",
			message: "Ran `example/helloworld:latest`: it exited with code 0."},
		{name: "exited non-zero still passes", step: run, res: runner.RunResult{Exited: true, ExitCode: 3}, status: Passed},
		{name: "detached", step: detached, res: runner.RunResult{ContainerID: "abcdefabcdef1234", Detached: true},
			status: Passed, actual: "container abcdefabcdef", message: "in the background"},
		{name: "could not start", step: run, err: errors.New(`exec: "helloworld": executable file not found in $PATH`),
			status: Failed, expected: "the container starts", message: "Could not run `example/helloworld:latest`: exec"},
		{name: "timed out", step: run, res: runner.RunResult{TimedOut: true}, status: Failed,
			expected: "exits within the time limit", actual: "stopped at the time limit"},
		{name: "exec exited", step: exec, res: runner.RunResult{Exited: true, ExitCode: 1}, status: Passed,
			message: "Ran `cat /etc/os-release` in the container: it exited with code 1."},
		{name: "exec timed out names the limit", step: exec, res: runner.RunResult{TimedOut: true}, status: Failed,
			expected: "exits within 5s"},
		{name: "exec error", step: exec, err: errors.New("container is not running"), status: Failed,
			expected: "the command runs", actual: "container is not running"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Run(tt.step, tt.res, tt.err, "en")
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

func TestSkipAndErrored(t *testing.T) {
	s := &lessons.Step{Kind: lessons.KindOutput, Index: 4, Points: 1}
	v := Skip(s, "hello", "en")
	assert.Equal(t, Verdict{Status: Skipped, Actual: "not run", Message: "Not run: step `hello` failed."}, v)
	v = Skip(s, "hello", "ko")
	assert.Equal(t, "실행하지 않았습니다. `hello` 단계가 실패했습니다.", v.Message)

	v = Errored(s, errors.New("engine went away"), "en")
	assert.Equal(t, Verdict{Status: Error, Actual: "engine went away", Message: "Could not check this step: engine went away"}, v)
	assert.Equal(t, "unknown error", Errored(s, nil, "en").Actual)
}
