package attempt

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/dockademy/dockademy/lessons"
)

func TestDependencies(t *testing.T) {
	steps := []lessons.Step{
		{Kind: lessons.KindDockerfile}, // 0
		{Kind: lessons.KindBuild, Name: "img", Build: lessons.BuildOptions{Tag: "ex/web"}},                                             // 1
		{Kind: lessons.KindImage, Subject: "ex/web:latest"},                                                                            // 2
		{Kind: lessons.KindFile, Subject: "/app"},                                                                                      // 3
		{Kind: lessons.KindRun, Name: "web", Subject: "ex/web", Run: lessons.RunOptions{Detach: true, Publish: []string{"9000:8080"}}}, // 4
		{Kind: lessons.KindRun, Name: "side", Subject: "busybox:1.35", Run: lessons.RunOptions{Detach: true}},                          // 5
		{Kind: lessons.KindHTTP, Subject: "http://localhost:9000/"},                                                                    // 6
		{Kind: lessons.KindHTTP, Subject: "http://localhost:7000/"},                                                                    // 7
		{Kind: lessons.KindExec, Command: []string{"true"}},                                                                            // 8
		{Kind: lessons.KindOutput}, // 9
		{Kind: lessons.KindContainer, Subject: "web", Container: lessons.ContainerOptions{Image: "img"}}, // 10
		{Kind: lessons.KindStop, Subject: "ancestor:ex/web"},                                             // 11
		{Kind: lessons.KindImage, Subject: "busybox:1.35"},                                               // 12
		{Kind: lessons.KindExec, Command: []string{"true"}, Exec: lessons.ExecOptions{In: "web"}},        // 13
	}
	tests := []struct {
		step int
		want []int
	}{
		{0, nil},          // the Dockerfile is judged even when the build fails
		{2, []int{1}},     // a missing tag means latest
		{3, []int{1}},     // file: the last build
		{4, []int{1}},     // run of the built tag
		{5, nil},          // run of a base image
		{6, []int{4}},     // the run that publishes the URL's port
		{7, []int{5}},     // no run publishes it: the last detached run
		{8, []int{5}},     // exec: the last detached run
		{9, []int{8}},     // output: the last run or exec
		{10, []int{4, 1}}, // the named run, and the build named in image:
		{11, []int{1}},    // ancestor: the build of that image
		{12, nil},
		{13, []int{4}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, dependencies(steps, tt.step), "step %d (%s)", tt.step, steps[tt.step].Kind)
	}
}

func TestInside(t *testing.T) {
	for _, rel := range []string{"..", "../x", "/etc/passwd", "a/../../b"} {
		_, err := inside("/work/ex", rel)
		assert.Error(t, err, rel)
	}
	for rel, want := range map[string]string{"": "/work/ex", ".": "/work/ex", "app": "/work/ex/app", "a/../b": "/work/ex/b"} {
		got, err := inside("/work/ex", rel)
		assert.NoError(t, err, rel)
		assert.Equal(t, want, got)
	}
}
