package checker

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/dockademy/dockademy/lessons"
	"github.com/dockademy/dockademy/runner"
)

func stopStep(within time.Duration) *lessons.Step {
	return &lessons.Step{Kind: lessons.KindStop, Subject: "server", Index: 3, Stop: lessons.StopOptions{Within: within}}
}

func TestStop(t *testing.T) {
	const id = "9999999999990000"
	tests := []struct {
		name     string
		within   time.Duration
		res      runner.StopResult
		status   Status
		expected string
		actual   string
		message  string
	}{
		{name: "plain action", res: runner.StopResult{ContainerID: id, Took: 10 * time.Second, Killed: true, WasRunning: true},
			status: Passed, message: "Stopped the container `server` (999999999999)."},
		{name: "in time", within: 2 * time.Second,
			res: runner.StopResult{ContainerID: id, Took: 300 * time.Millisecond, WasRunning: true}, status: Passed,
			expected: "exits within 2s of SIGTERM", actual: "exited after 300ms"},
		{name: "exactly at the limit", within: 2 * time.Second,
			res: runner.StopResult{ContainerID: id, Took: 2 * time.Second, WasRunning: true}, status: Passed},
		{name: "killed", within: 2 * time.Second,
			res: runner.StopResult{ContainerID: id, Took: 10 * time.Second, Killed: true, WasRunning: true}, status: Failed,
			actual: "killed after 10s (SIGKILL)", message: "/bin/sh is PID 1"},
		{name: "killed within the limit still fails", within: time.Minute,
			res: runner.StopResult{ContainerID: id, Took: 10 * time.Second, Killed: true, WasRunning: true}, status: Failed},
		{name: "slow", within: 2 * time.Second,
			res: runner.StopResult{ContainerID: id, Took: 4200 * time.Millisecond, WasRunning: true}, status: Failed,
			actual: "exited after 4.2s", message: "took 4.2s to exit after SIGTERM; it should take at most 2s"},
		{name: "not running", within: 2 * time.Second, res: runner.StopResult{ContainerID: id}, status: Failed,
			actual: "had already exited", message: "`docker logs`"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Stop(stopStep(tt.within), tt.res, "en")
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

func TestStopKorean(t *testing.T) {
	v := Stop(stopStep(2*time.Second), runner.StopResult{Took: 10 * time.Second, Killed: true, WasRunning: true}, "ko")
	assert.Equal(t, "SIGTERM 후 2s 안에 종료", v.Expected)
	assert.Equal(t, "10s 뒤 SIGKILL로 강제 종료", v.Actual)
	assert.Contains(t, v.Message, "/bin/sh가 PID 1이 되는데")
}
