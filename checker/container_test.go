package checker

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/dockademy/dockademy/lessons"
	"github.com/dockademy/dockademy/runner"
)

func containerStep(subject string, o lessons.ContainerOptions) *lessons.Step {
	return &lessons.Step{Kind: lessons.KindContainer, Subject: subject, Index: 1, Points: 1, Container: o}
}

var t0 = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

const webImage = "sha256:aaaaaaaaaaaa1111111111111111"

func web(id, name string, created time.Duration, running bool, ports ...runner.PortBinding) ContainerObservation {
	return ContainerObservation{Info: runner.ContainerInfo{
		ID: id, Name: name, Image: "example/web:latest", ImageID: webImage,
		Running: running, Ports: ports, Created: t0.Add(created),
	}, DiffKnown: true}
}

func bind(host, cport string) runner.PortBinding {
	return runner.PortBinding{ContainerPort: cport, HostIP: "0.0.0.0", HostPort: host}
}

func TestContainer(t *testing.T) {
	up := web("1111111111112222", "web", 0, true, bind("9000", "8080/tcp"), runner.PortBinding{ContainerPort: "8080/tcp", HostIP: "::", HostPort: "9000"})
	down := web("3333333333334444", "old", -time.Hour, false)
	down.Info.ExitCode = 1
	tests := []struct {
		name     string
		subject  string
		opts     lessons.ContainerOptions
		cands    []ContainerObservation
		env      ContainerEnv
		status   Status
		expected string
		actual   string
		message  string
	}{
		{name: "exists by default", subject: "ancestor:example/web", cands: []ContainerObservation{up}, status: Passed,
			actual: "111111111111 (web): running"},
		{name: "none from the image", subject: "ancestor:example/web", status: Failed,
			expected: "a container for ancestor:example/web", actual: "no container", message: "earlier build"},
		{name: "none by name", subject: "name:web", status: Failed, message: "`docker run --name web ...`"},
		{name: "none from a step", subject: "server", status: Failed, message: "step `server`"},
		{name: "absent as asked", subject: "name:web", opts: lessons.ContainerOptions{Exists: ptr(false)}, status: Passed},
		{name: "present though it should not be", subject: "name:web", opts: lessons.ContainerOptions{Exists: ptr(false)},
			cands: []ContainerObservation{up}, status: Failed, actual: "111111111111 (web)"},
		{name: "running", subject: "name:web", opts: lessons.ContainerOptions{Running: ptr(true)},
			cands: []ContainerObservation{up}, status: Passed},
		{name: "not running", subject: "name:old", opts: lessons.ContainerOptions{Running: ptr(true)},
			cands: []ContainerObservation{down}, status: Failed, expected: "running",
			actual: "333333333333 (old): exited (code 1)", message: "`docker logs`"},
		{name: "should be stopped", subject: "name:web", opts: lessons.ContainerOptions{Running: ptr(false)},
			cands: []ContainerObservation{up}, status: Failed, expected: "stopped", actual: "111111111111 (web): running"},
		{name: "publishes exact", subject: "name:web", opts: lessons.ContainerOptions{Publishes: []string{"9000->8080/tcp"}},
			cands: []ContainerObservation{up}, status: Passed, actual: "111111111111 (web): publishes 9000->8080/tcp"},
		{name: "publishes any host port", subject: "name:web", opts: lessons.ContainerOptions{Publishes: []string{"*->8080"}},
			cands: []ContainerObservation{up}, status: Passed},
		{name: "publishes with host ip", subject: "name:web", opts: lessons.ContainerOptions{Publishes: []string{"0.0.0.0:9000->8080/tcp"}},
			cands: []ContainerObservation{up}, status: Passed},
		{name: "publishes wrong host port", subject: "name:web", opts: lessons.ContainerOptions{Publishes: []string{"8000->8080/tcp"}},
			cands: []ContainerObservation{up}, status: Failed, expected: "publishes 8000->8080/tcp",
			actual: "111111111111 (web): publishes 9000->8080/tcp", message: "`docker run -p HOST:CONTAINER`"},
		{name: "publishes nothing", subject: "name:old", opts: lessons.ContainerOptions{Publishes: []string{"*->8080/tcp"}},
			cands: []ContainerObservation{down}, status: Failed, actual: "333333333333 (old): no published ports"},
		{name: "exposed but not published is not published", subject: "name:web",
			opts:   lessons.ContainerOptions{Publishes: []string{"*->8080/tcp"}},
			cands:  []ContainerObservation{web("5555555555556666", "x", 0, true, runner.PortBinding{ContainerPort: "8080/tcp"})},
			status: Failed},
		{name: "mapped expectations replace the written ones", subject: "name:web",
			opts:  lessons.ContainerOptions{Publishes: []string{"9000->8080/tcp"}},
			cands: []ContainerObservation{web("5555555555556666", "x", 0, true, bind("49153", "8080/tcp"))},
			env:   ContainerEnv{Publishes: []string{"49153->8080/tcp"}}, status: Passed},
		{name: "exit code", subject: "name:old", opts: lessons.ContainerOptions{ExitCode: ptr(1)},
			cands: []ContainerObservation{down}, status: Passed},
		{name: "exit code differs", subject: "name:old", opts: lessons.ContainerOptions{ExitCode: ptr(0)},
			cands: []ContainerObservation{down}, status: Failed, expected: "exit code 0",
			actual: "333333333333 (old): exit code 1"},
		{name: "exit code of a running container", subject: "name:web", opts: lessons.ContainerOptions{ExitCode: ptr(0)},
			cands: []ContainerObservation{up}, status: Failed, actual: "111111111111 (web): running"},
		{name: "image matches with or without prefix", subject: "name:web", opts: lessons.ContainerOptions{Image: "example/web:latest"},
			cands: []ContainerObservation{up}, env: ContainerEnv{WantImageID: "aaaaaaaaaaaa1111111111111111"}, status: Passed},
		{name: "image is an older build", subject: "name:web", opts: lessons.ContainerOptions{Image: "example/web:latest"},
			cands: []ContainerObservation{up}, env: ContainerEnv{WantImageID: "sha256:bbbbbbbbbbbb2222"}, status: Failed,
			expected: "example/web:latest (bbbbbbbbbbbb)", actual: "111111111111 (web): example/web:latest (aaaaaaaaaaaa)",
			message: "runs an earlier build of `example/web:latest`"},
		{name: "image is another image", subject: "name:web", opts: lessons.ContainerOptions{Image: "example/api:latest"},
			cands: []ContainerObservation{up}, env: ContainerEnv{WantImageID: "sha256:cccccccccccc"}, status: Failed,
			message: "runs image example/web:latest, not `example/api:latest`."},
		{name: "image does not exist", subject: "name:web", opts: lessons.ContainerOptions{Image: "example/web:2"},
			cands: []ContainerObservation{up}, status: Failed, message: "There is no image `example/web:2`"},
		{name: "unchanged", subject: "name:web", opts: lessons.ContainerOptions{Unchanged: ptr(true)},
			cands: []ContainerObservation{up}, status: Passed, expected: "no changes"},
		{name: "changed", subject: "name:web", opts: lessons.ContainerOptions{Unchanged: ptr(true)},
			cands: []ContainerObservation{func() ContainerObservation {
				c := up
				c.Changes = []runner.Change{{Kind: "C", Path: "/tmp"}, {Kind: "A", Path: "/tmp/cache"}}
				return c
			}()}, status: Failed, actual: "111111111111 (web): C /tmp, A /tmp/cache", message: "`docker diff 111111111111`"},
		{name: "changed as asked", subject: "name:web", opts: lessons.ContainerOptions{Unchanged: ptr(false)},
			cands: []ContainerObservation{up}, status: Failed, expected: "some changes"},
		{name: "diff unknown is an error", subject: "name:web", opts: lessons.ContainerOptions{Unchanged: ptr(true)},
			cands:  []ContainerObservation{func() ContainerObservation { c := up; c.DiffKnown = false; return c }()},
			status: Error, actual: "111111111111 (web): unknown"},
		{name: "a definite failure outweighs an unknown diff", subject: "name:web",
			opts:   lessons.ContainerOptions{Unchanged: ptr(true), Running: ptr(false)},
			cands:  []ContainerObservation{func() ContainerObservation { c := up; c.DiffKnown = false; return c }()},
			status: Failed},
		{name: "one of several passes: it is named", subject: "ancestor:example/web",
			opts: lessons.ContainerOptions{Running: ptr(true)}, cands: []ContainerObservation{down, up}, status: Passed,
			actual: "111111111111 (web): running"},
		{name: "none passes: the newest is named", subject: "ancestor:example/web",
			opts:  lessons.ContainerOptions{Running: ptr(false), ExitCode: ptr(0)},
			cands: []ContainerObservation{down, up}, status: Failed, actual: "111111111111 (web): running; running"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Container(containerStep(tt.subject, tt.opts), tt.cands, tt.env, "en")
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

func TestContainerOptionsMustHoldInTheSameContainer(t *testing.T) {
	// One container publishes the port, another is running: neither satisfies both.
	a := web("aaaa00000000", "a", 0, false, bind("9000", "8080/tcp"))
	b := web("bbbb00000000", "b", time.Minute, true)
	s := containerStep("ancestor:example/web", lessons.ContainerOptions{Running: ptr(true), Publishes: []string{"9000->8080/tcp"}})
	v := Container(s, []ContainerObservation{a, b}, ContainerEnv{}, "en")
	assert.Equal(t, Failed, v.Status)
	assert.Equal(t, "bbbb00000000 (b): no published ports", v.Actual)
}

func TestContainerKorean(t *testing.T) {
	v := Container(containerStep("name:web", lessons.ContainerOptions{}), nil, ContainerEnv{}, "ko")
	assert.Equal(t, "name:web에 해당하는 컨테이너", v.Expected)
	assert.Equal(t, "컨테이너 없음", v.Actual)
	assert.Equal(t, "`web` 이름의 컨테이너가 없습니다. 만들 때 `docker run --name web ...` 처럼 이름을 붙여 주세요.", v.Message)
}
