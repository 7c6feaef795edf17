package checker

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/dockademy/dockademy/lessons"
	"github.com/dockademy/dockademy/runner"
)

func outputStep(subject string, o lessons.OutputOptions) *lessons.Step {
	return &lessons.Step{Kind: lessons.KindOutput, Subject: subject, Index: 4, Points: 1, Output: o}
}

func TestOutput(t *testing.T) {
	hello := runner.RunResult{Exited: true, Stdout: "Hello, World!\n", Stderr: "warning: x\n"}
	tests := []struct {
		name     string
		subject  string
		opts     lessons.OutputOptions
		run      runner.RunResult
		status   Status
		expected string
		actual   string
		message  string
	}{
		{name: "no options passes and shows stdout", subject: "hello", run: hello, status: Passed,
			actual: `stdout "Hello, World!\n"`, message: "The output of `hello` is as expected."},
		{name: "stdout substring", subject: "hello", opts: lessons.OutputOptions{Stdout: ptr("Hello")}, run: hello,
			status: Passed},
		{name: "stdout missing text", subject: "hello", opts: lessons.OutputOptions{Stdout: ptr("Bye")}, run: hello,
			status: Failed, expected: `stdout containing "Bye"`, actual: `stdout "Hello, World!\n"`,
			message: "The output of `hello` (stdout) does not contain \"Bye\"."},
		{name: "stdout empty", opts: lessons.OutputOptions{Stdout: ptr("Hello")}, run: runner.RunResult{Exited: true},
			status: Failed, actual: "nothing on stdout", message: "The output of the last run"},
		{name: "stdout_equals ignores one trailing newline", opts: lessons.OutputOptions{StdoutEquals: ptr("Hello, World!")},
			run: hello, status: Passed, expected: `stdout "Hello, World!"`},
		{name: "stdout_equals block scalar", opts: lessons.OutputOptions{StdoutEquals: ptr("Hello, World!\n")},
			run: hello, status: Passed},
		{name: "stdout_equals only one newline", opts: lessons.OutputOptions{StdoutEquals: ptr("Hello, World!")},
			run: runner.RunResult{Exited: true, Stdout: "Hello, World!\n\n"}, status: Failed,
			actual: `stdout "Hello, World!\n"`},
		{name: "stdout_equals crlf", opts: lessons.OutputOptions{StdoutEquals: ptr("Hello")},
			run: runner.RunResult{Exited: true, Stdout: "Hello\r\n"}, status: Passed},
		{name: "stdout_equals extra text", opts: lessons.OutputOptions{StdoutEquals: ptr("Hello")}, run: hello,
			status: Failed, message: "one trailing newline is ignored"},
		{name: "stderr substring", opts: lessons.OutputOptions{Stderr: ptr("warning")}, run: hello, status: Passed},
		{name: "stderr missing", opts: lessons.OutputOptions{Stderr: ptr("error")},
			run: runner.RunResult{Exited: true}, status: Failed, actual: "nothing on stderr"},
		{name: "exit code", opts: lessons.OutputOptions{ExitCode: ptr(0)}, run: hello, status: Passed,
			expected: "exit code 0", actual: "exit code 0"},
		{name: "exit code differs", subject: "hello", opts: lessons.OutputOptions{ExitCode: ptr(0)},
			run: runner.RunResult{Exited: true, ExitCode: 127}, status: Failed, expected: "exit code 0",
			actual: "exit code 127", message: "`hello` exited with code 127; expected 0."},
		{name: "exit code of a running container", subject: "ancestor:example/web",
			opts: lessons.OutputOptions{ExitCode: ptr(0)}, run: runner.RunResult{Detached: true}, status: Failed,
			actual: "running", message: "still running"},
		{name: "timed out fails even with the text", subject: "hello", opts: lessons.OutputOptions{Stdout: ptr("Hello"), ExitCode: ptr(0)},
			run: runner.RunResult{Stdout: "Hello", TimedOut: true}, status: Failed,
			expected: "exits within the time limit", actual: "stopped at the time limit", message: "cut short"},
		{name: "all failures together", opts: lessons.OutputOptions{Stdout: ptr("Bye"), ExitCode: ptr(1)}, run: hello,
			status: Failed, expected: `stdout containing "Bye"; exit code 1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Output(outputStep(tt.subject, tt.opts), tt.run, "en")
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

func TestOutputKorean(t *testing.T) {
	v := Output(outputStep("", lessons.OutputOptions{Stdout: ptr("Hello")}), runner.RunResult{Exited: true}, "ko")
	assert.Equal(t, "stdout에 \"Hello\" 포함", v.Expected)
	assert.Equal(t, "stdout 출력 없음", v.Actual)
	assert.Equal(t, "마지막 실행의 출력(stdout)에 \"Hello\" 부분이 없습니다.", v.Message)
}

func TestTrimNewline(t *testing.T) {
	for in, want := range map[string]string{"a\n": "a", "a\r\n": "a", "a\n\n": "a\n", "a": "a", "": ""} {
		assert.Equal(t, want, trimNewline(in), "%q", in)
	}
}
