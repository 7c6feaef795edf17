package grade

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dockademy/dockademy/internal/submission"
	"github.com/dockademy/dockademy/lessons"
	"github.com/dockademy/dockademy/runner"
)

// The course the engine tests grade: an echo server like the lesson's, with an attached
// run so that a container that never exits has a step to hold up.
const testCourse = "---\nid: gradetest\ntitle: Grade test\nimages: [busybox:1.35]\n---\n\n# Grade test\n\n" +
	"## Exercise: echo {#echo .exercise}\n\nServe index.html on 8080.\n\n" +
	"```dockerfile {file=Dockerfile}\nFROM busybox:1.35\n```\n\n```yaml {check}\n" + `- build: .
  name: build
  tag: test/echo:latest
- file: /usr/local/bin/echo-server
  name: server-executable
  executable: true
- run: test/echo:latest
  name: page
  command: [cat, /www/index.html]
- output: page
  name: page-content
  stdout: Hello Docker!!
- run: test/echo:latest
  name: echo
  detach: true
  publish: ["9000:8080"]
- container: echo
  name: port-published
  running: true
  publishes: ["9000->8080/tcp"]
- http: http://localhost:9000/
  name: says-hello
  body: Hello Docker!!
  within: 3s
  points: 2
` + "```\n"

const (
	goodDockerfile = "FROM busybox:1.35\nCOPY index.html /www/index.html\nCOPY echo-server /usr/local/bin/echo-server\n" +
		"RUN chmod +x /usr/local/bin/echo-server\nEXPOSE 8080\nCMD [\"echo-server\"]\n"
	echoServer = "#!/bin/sh\ntrap 'exit 0' TERM INT\nhttpd -f -p 8080 -h /www &\nwait\n"
)

func testExercise(t *testing.T) *lessons.Exercise {
	t.Helper()
	c, err := lessons.LoadCourse(fstest.MapFS{"01-gradetest.md": {Data: []byte(testCourse)}}, "en")
	require.NoError(t, err)
	return c.Lessons[0].Exercises[0]
}

// echoFiles is a right submission with replace applied: file name -> content.
func echoFiles(replace map[string]string) map[string]string {
	f := map[string]string{"Dockerfile": goodDockerfile, "echo-server": echoServer, "index.html": "Hello Docker!!\n"}
	for k, v := range replace {
		f[k] = v
	}
	return f
}

func writeSub(t *testing.T, files map[string]string) string {
	t.Helper()
	d := t.TempDir()
	for name, body := range files {
		require.NoError(t, os.WriteFile(filepath.Join(d, name), []byte(body), 0o644))
	}
	return d
}

func writeTarGz(t *testing.T, files map[string]string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "sub.tar.gz")
	f, err := os.Create(p)
	require.NoError(t, err)
	zw := gzip.NewWriter(f)
	tw := tar.NewWriter(zw)
	for name, body := range files {
		require.NoError(t, tw.WriteHeader(&tar.Header{Name: "student/" + name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg}))
		_, err := tw.Write([]byte(body))
		require.NoError(t, err)
	}
	require.NoError(t, tw.Close())
	require.NoError(t, zw.Close())
	require.NoError(t, f.Close())
	return p
}

func connect(t *testing.T) *runner.Client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	c, err := runner.Connect(ctx, "")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but the Docker Engine is unreachable: %v", err)
		}
		t.Skipf("needs a Docker Engine: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// requireNothingLeft fails when a container or image of the exercise is on the engine.
func requireNothingLeft(t *testing.T, host, exercise string) {
	t.Helper()
	for _, args := range [][]string{
		{"ps", "-aq", "--filter", "label=dev.dockademy.exercise=" + exercise},
		{"images", "-aq", "--filter", "label=dev.dockademy.exercise=" + exercise},
	} {
		if host != "" {
			args = append([]string{"-H", host}, args...)
		}
		out, err := exec.Command("docker", args...).CombinedOutput()
		require.NoError(t, err, string(out))
		assert.Empty(t, strings.TrimSpace(string(out)), "docker %v", args)
	}
}

func scores(g *Grades) map[string]int {
	m := map[string]int{}
	for _, r := range g.Results {
		m[r.Submission] = r.Score
	}
	return m
}

func TestGradeScoresAreTheSameWithAnyJobs(t *testing.T) {
	c := connect(t)
	ex := testExercise(t)
	subs := []string{
		writeSub(t, echoFiles(nil)),
		writeTarGz(t, echoFiles(nil)),
		writeSub(t, echoFiles(map[string]string{"Dockerfile": strings.Replace(goodDockerfile, "RUN chmod +x /usr/local/bin/echo-server\n", "", 1)})),
		writeSub(t, echoFiles(map[string]string{"index.html": "Hello World\n"})),
		writeSub(t, echoFiles(map[string]string{"echo-server": strings.Replace(echoServer, "8080", "127.0.0.1:8080", 1)})),
		writeSub(t, echoFiles(map[string]string{"Dockerfile": "FROM busybox:1.35\nRUN exit 3\n"})),
		writeSub(t, echoFiles(nil)),
	}
	// What a careful teacher gives: everything; no chmod (the page is there, the server cannot start);
	// the wrong page; a server only reachable inside; a build that fails.
	want := []int{5, 5, 1, 2, 3, 0, 5}
	var first map[string]int
	for _, jobs := range []int{1, 4} {
		g, err := Run(testCtx(t), Options{Exercise: ex, Images: []string{"busybox:1.35"}, Lang: "en", Jobs: jobs,
			Engines: []Engine{{Name: "local", Client: c}}}, subs)
		require.NoError(t, err)
		require.Len(t, g.Results, len(subs))
		for i, r := range g.Results {
			assert.Equal(t, subs[i], r.Submission, "results come in the order given")
			assert.Equal(t, want[i], r.Score, "jobs %d, submission %d: %+v", jobs, i, r)
			assert.Equal(t, 5, r.MaxScore)
			assert.Empty(t, r.Error)
		}
		assert.Equal(t, 3, g.Summary.Passed)
		if first == nil {
			first = scores(g)
		} else {
			assert.Equal(t, first, scores(g))
		}
	}
	requireNothingLeft(t, "", ex.FullID())
}

func TestGradeStopsHostileSubmissions(t *testing.T) {
	c := connect(t)
	ex := testExercise(t)
	slip := filepath.Join(t.TempDir(), "slip.tar.gz")
	{
		f, err := os.Create(slip)
		require.NoError(t, err)
		zw := gzip.NewWriter(f)
		tw := tar.NewWriter(zw)
		require.NoError(t, tw.WriteHeader(&tar.Header{Name: "../../evil", Mode: 0o644, Size: 1, Typeflag: tar.TypeReg}))
		_, _ = tw.Write([]byte("x"))
		require.NoError(t, tw.Close())
		require.NoError(t, zw.Close())
		require.NoError(t, f.Close())
	}
	good := writeSub(t, echoFiles(nil))
	subs := []string{
		slip,
		writeSub(t, echoFiles(map[string]string{"Dockerfile": "FROM busybox:1.35\nRUN sleep 100000\n"})),
		writeSub(t, echoFiles(map[string]string{"Dockerfile": strings.Replace(goodDockerfile, "CMD", "ENTRYPOINT [\"sh\", \"-c\", \"sleep 100000\", \"x\"]\nCMD", 1)})),
		writeSub(t, echoFiles(map[string]string{"echo-server": "#!/bin/sh\nhttpd -f -p 8080 -h /www &\nwhile true; do (sleep 1000 &) 2>/dev/null; done\n"})),
		writeSub(t, echoFiles(map[string]string{"Dockerfile": "FROM busybox:1.35\nRUN dd if=/dev/zero of=/dev/null bs=400M count=1\n"})),
		writeSub(t, echoFiles(map[string]string{"big": strings.Repeat("x", 3<<20)})),
		writeSub(t, echoFiles(map[string]string{"Dockerfile": "FROM busybox:1.35\nRUN while true; do (sleep 100 &) 2>/dev/null; done\n"})),
		writeSub(t, echoFiles(map[string]string{"echo-server": "#!/bin/sh\ntail /dev/zero\nexec httpd -f -p 8080 -h /www\n"})),
		good,
	}
	start := time.Now()
	g, err := Run(testCtx(t), Options{Exercise: ex, Lang: "en", Jobs: 4, StepTimeout: 15 * time.Second, Timeout: time.Minute,
		Files: submission.Limits{ContextSize: 1 << 20}, Engines: []Engine{{Name: "local", Client: c}}}, subs)
	require.NoError(t, err)
	assert.Less(t, time.Since(start), 90*time.Second, "the limits stop the hostile submissions")
	r := g.Results
	assert.Contains(t, r[0].Error, `refused "../../evil": leaves the folder`)
	assert.Contains(t, r[1].Error, "step build did not finish within 15s")
	assert.Contains(t, r[2].Error, "step page did not finish within 15s")
	assert.Equal(t, FailLimit, r[2].Failure)
	// A server that forks without end: contained by the process limit, and named.
	assert.Contains(t, r[3].Error, "The container of step `echo` reached its limit of 256 processes")
	// A RUN that takes more memory than allowed: the kernel kills it (exit code 137).
	assert.Contains(t, stepActual(r[4], "build"), "137")
	assert.Contains(t, r[4].Error, "`RUN dd if=/dev/zero of=/dev/null bs=400M count=1` used more than the memory limit of 256 MiB")
	assert.Contains(t, r[5].Error, "the build context is 3.0 MiB, more than the limit of 1 MiB")
	// A RUN that forks without end: the watchdog stops the build step at the limit.
	assert.Contains(t, r[6].Error, "reached the limit of 256 processes and was stopped")
	// A server that answers after a process of its container ate too much memory.
	assert.Contains(t, r[7].Error, "The container of step `echo` used more than its memory limit of 256 MiB")
	for i := range 8 {
		assert.False(t, r[i].Passed, "hostile submission %d: %+v", i, r[i])
		assert.Zero(t, r[i].Score, "hostile submission %d: %+v", i, r[i])
		assert.Equal(t, FailLimit == r[i].Failure || FailSubmission == r[i].Failure, true, "submission %d: %s", i, r[i].Failure)
	}
	assert.Equal(t, 5, r[8].Score, "the others are graded as usual")
	assert.Empty(t, r[8].Limits)
	assert.False(t, g.Failed(), "breaking a limit is a grade, not a failure of the grading")
	requireNothingLeft(t, "", ex.FullID())
	_, err = os.Stat(filepath.Join(filepath.Dir(filepath.Dir(slip)), "evil"))
	assert.True(t, os.IsNotExist(err))
}

func stepStatus(r Result, name string) string {
	for _, s := range r.Steps {
		if s.Name == name {
			return string(s.Status)
		}
	}
	return ""
}

func stepActual(r Result, name string) string {
	for _, s := range r.Steps {
		if s.Name == name {
			return s.Actual + " " + s.Message
		}
	}
	return ""
}

// Ctrl-C at any moment of a grading (unpacking, building, running, probing) leaves
// nothing of it on the engine.
func TestGradeInterruptedLeavesNothing(t *testing.T) {
	c := connect(t)
	ex := testExercise(t)
	var subs []string
	for i := range 4 {
		// Each its own page, so that every build makes layers of its own.
		subs = append(subs, writeSub(t, echoFiles(map[string]string{"index.html": fmt.Sprintf("Hello Docker!! %d %s\n", i, t.Name())})))
	}
	for _, after := range []time.Duration{300 * time.Millisecond, 1200 * time.Millisecond, 2500 * time.Millisecond} {
		ctx, cancel := context.WithCancel(testCtx(t))
		timer := time.AfterFunc(after, cancel)
		start := time.Now()
		_, err := Run(ctx, Options{Exercise: ex, Lang: "en", Jobs: 4, Engines: []Engine{{Name: "local", Client: c}}}, subs)
		t.Logf("cancelled after %s, returned after %s: %v", after, time.Since(start).Round(time.Millisecond), err)
		timer.Stop()
		cancel()
		if err != nil {
			assert.ErrorIs(t, err, context.Canceled, "after %s", after)
		}
		requireNothingLeft(t, "", ex.FullID())
	}
}
