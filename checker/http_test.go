package checker

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/dockademy/dockademy/lessons"
	"github.com/dockademy/dockademy/runner"
)

func httpStep(o lessons.HTTPOptions) *lessons.Step {
	return &lessons.Step{Kind: lessons.KindHTTP, Subject: "http://localhost:9000/", Index: 3, Points: 1, HTTP: o}
}

func TestHTTPSatisfied(t *testing.T) {
	ok := HTTPSatisfied(httpStep(lessons.HTTPOptions{}))
	assert.True(t, ok(200, ""))
	assert.False(t, ok(404, ""))

	withBody := HTTPSatisfied(httpStep(lessons.HTTPOptions{Status: 404, Body: ptr("not here")}))
	assert.True(t, withBody(404, "it is not here"))
	assert.False(t, withBody(404, "gone"))
	assert.False(t, withBody(200, "not here"))
}

func TestHTTP(t *testing.T) {
	const url = "http://127.0.0.1:49153/"
	long := strings.Repeat("x", 300)
	tests := []struct {
		name     string
		opts     lessons.HTTPOptions
		res      runner.HTTPResult
		status   Status
		expected string
		actual   string
		message  string
	}{
		{name: "200 by default", res: runner.HTTPResult{URL: url, Answered: true, Status: 200, Body: "hi"}, status: Passed,
			expected: "HTTP 200", actual: `HTTP 200, body "hi"`, message: "`http://127.0.0.1:49153/` answered as expected"},
		{name: "status and body", opts: lessons.HTTPOptions{Status: 201, Body: ptr("made")},
			res: runner.HTTPResult{URL: url, Answered: true, Status: 201, Body: "made it"}, status: Passed,
			expected: `HTTP 201, body containing "made"`},
		{name: "wrong status", res: runner.HTTPResult{URL: url, Answered: true, Status: 404, Body: "Not Found"},
			status: Failed, expected: "HTTP 200", actual: `HTTP 404, body "Not Found"`, message: "answered with status 404; expected 200"},
		{name: "body missing text", opts: lessons.HTTPOptions{Body: ptr("Hello")},
			res: runner.HTTPResult{URL: url, Answered: true, Status: 200, Body: long}, status: Failed,
			expected: `body containing "Hello"`, actual: `body "` + strings.Repeat("x", excerptLen) + `"…`,
			message: "does not contain \"Hello\""},
		{name: "refused", res: runner.HTTPResult{URL: url, Err: "dial tcp 127.0.0.1:49153: connect: connection refused"},
			status: Failed, expected: "HTTP 200", actual: "no answer (dial tcp 127.0.0.1:49153: connect: connection refused)",
			message: "did you publish the port"},
		{name: "reset hints at 127.0.0.1", res: runner.HTTPResult{URL: url, Err: "read tcp: connection reset by peer"},
			status: Failed, message: "it may listen on 127.0.0.1 inside the container"},
		{name: "eof hints at 127.0.0.1", res: runner.HTTPResult{URL: url, Err: `Get "http://127.0.0.1:49153/": EOF`},
			status: Failed, message: "0.0.0.0"},
		{name: "timeout", opts: lessons.HTTPOptions{}, res: runner.HTTPResult{URL: url, Err: "context deadline exceeded"},
			status: Failed, message: "within 10s"},
		{name: "gave up early", res: runner.HTTPResult{URL: url, Err: "connection refused", GaveUpEarly: "container 1234 exited (code 1)"},
			status: Failed, actual: "no answer (container 1234 exited (code 1))", message: "Stopped waiting"},
		{name: "subject when the runner has no URL", res: runner.HTTPResult{}, status: Failed,
			actual: "no answer", message: "Nothing answered at `http://localhost:9000/` within 10s."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := HTTP(httpStep(tt.opts), tt.res, "en")
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

func TestHTTPKorean(t *testing.T) {
	v := HTTP(httpStep(lessons.HTTPOptions{}), runner.HTTPResult{URL: "http://127.0.0.1:9000/", Err: "connection reset by peer"}, "ko")
	assert.Equal(t, "응답 없음 (connection reset by peer)", v.Actual)
	assert.Contains(t, v.Message, "127.0.0.1에만 열려 있거나(0.0.0.0으로 열어야 합니다)")
}
