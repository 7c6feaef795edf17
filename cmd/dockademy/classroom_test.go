package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dockademy/dockademy/checker"
	"github.com/dockademy/dockademy/internal/classroom"
	"github.com/dockademy/dockademy/internal/events"
)

// These tests run the class as people would: `dockademy classroom serve` as its own
// process, learners' workspaces made with `dockademy init` and joined with `dockademy
// join`. Learners' checks are recorded with the hidden `classroom emit`, which goes
// through the same sink as check and doctor, so that no Docker Engine is needed.

const echoEx = "dockerfile-basics/echo"

// classServer is a running `dockademy classroom serve`.
type classServer struct {
	URL             string `json:"url"`
	JoinCode        string `json:"join_code"`
	InstructorToken string `json:"instructor_token"`
	Dashboard       string `json:"dashboard"`
	cmd             *exec.Cmd
	out             *lockedBuffer
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// serveClass starts the server and reads the first line of its --json output.
func serveClass(t *testing.T, db, addr string, extra ...string) *classServer {
	t.Helper()
	cmd := exec.Command("dockademy", append([]string{"classroom", "serve", "--addr", addr, "--db", db, "--json", "--lang", "en"}, extra...)...)
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "LANG=C")
	out := &lockedBuffer{}
	cmd.Stderr = out
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	s := &classServer{cmd: cmd, out: out}
	t.Cleanup(func() { s.stop() })
	line := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			line <- sc.Text()
		}
		close(line)
		for sc.Scan() {
		}
	}()
	select {
	case l, ok := <-line:
		require.True(t, ok, "serve printed nothing: %s", out)
		require.NoError(t, json.Unmarshal([]byte(l), s), l)
	case <-time.After(60 * time.Second):
		t.Fatalf("serve did not start: %s", out)
	}
	return s
}

func (s *classServer) stop() {
	if s.cmd.ProcessState != nil {
		return
	}
	_ = s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
}

// kill9 ends the server as a power cut or the OOM killer would.
func (s *classServer) kill9(t *testing.T) {
	t.Helper()
	require.NoError(t, s.cmd.Process.Kill())
	_ = s.cmd.Wait()
}

func (s *classServer) export(t *testing.T) []classroom.ExportRow {
	t.Helper()
	req, _ := http.NewRequest("GET", s.URL+"/api/export.json", nil)
	req.Header.Set("Authorization", "Bearer "+s.InstructorToken)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var rows []classroom.ExportRow
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&rows))
	return rows
}

// dk runs dockademy in dir and returns its stdout; it fails the test unless the
// command succeeds.
func dk(t *testing.T, dir, stdin string, args ...string) string {
	t.Helper()
	out, err := dkErr(dir, stdin, args...)
	require.NoError(t, err, out)
	return out
}

func dkErr(dir, stdin string, args ...string) (string, error) {
	cmd := exec.Command("dockademy", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "LANG=C")
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err != nil {
		return stdout.String() + stderr.String(), fmt.Errorf("dockademy %s: %w\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String(), nil
}

// learner is a workspace that joined the class.
type learner struct {
	dir, name, id string
}

func joinClass(t *testing.T, s *classServer, name string) *learner {
	t.Helper()
	dir := t.TempDir()
	dk(t, dir, "", "init", ".", "--lang", "en")
	out := dk(t, dir, "", "join", s.URL, strings.ToLower(s.JoinCode), "--name", name)
	assert.Contains(t, out, "Joined the class")
	cfg, err := classroom.Load(filepath.Join(dir, ".dockademy"))
	require.NoError(t, err)
	return &learner{dir: dir, name: name, id: cfg.LearnerID}
}

// emit records events in the learner's workspace, as a dockademy command does.
func (l *learner) emit(t *testing.T, evs ...events.Event) {
	t.Helper()
	require.NoError(t, l.emitErr(evs...))
}

func (l *learner) emitErr(evs ...events.Event) error {
	var in strings.Builder
	for _, e := range evs {
		b, _ := json.Marshal(e)
		in.Write(b)
		in.WriteByte('\n')
	}
	_, err := dkErr(l.dir, in.String(), "classroom", "emit")
	return err
}

func checkResult(unit string, passed bool, actual string) events.Event {
	e := events.New(events.Check, unit)
	st := checker.Failed
	if passed {
		st = checker.Passed
	}
	e.Check = &checker.Report{Exercise: unit, Passed: passed, Steps: []checker.StepResult{
		{Name: "http :9000", Kind: "http", Status: st, Expected: "Hello Docker!!", Actual: actual},
	}}
	return e
}

func doctorResult(problems ...events.Problem) events.Event {
	e := events.New(events.Doctor, "")
	e.Doctor = &events.DoctorResult{OK: len(problems) == 0, Problems: problems}
	return e
}

func TestClassroomJoinLeave(t *testing.T) {
	s := serveClass(t, filepath.Join(t.TempDir(), "class.db"), "127.0.0.1:0")
	ann := joinClass(t, s, "Ann")
	_, err := dkErr(ann.dir, "", "join", s.URL, s.JoinCode, "--name", "Ann again")
	assert.ErrorContains(t, err, "already joined")
	bob := t.TempDir()
	dk(t, bob, "", "init", ".", "--lang", "en")
	_, err = dkErr(bob, "", "join", s.URL, s.JoinCode, "--name", "Ann")
	assert.ErrorContains(t, err, "already joined as \"Ann\"")

	ann.emit(t, checkResult(echoEx, true, "Hello Docker!!"))
	out := dk(t, ann.dir, "", "classroom", "flush")
	assert.Contains(t, out, "0 waiting")
	out = dk(t, ann.dir, "", "leave")
	assert.Contains(t, out, "Left the class")
	assert.NoFileExists(t, filepath.Join(ann.dir, ".dockademy", "classroom.json"))
	_, err = dkErr(ann.dir, "", "classroom", "flush")
	assert.ErrorContains(t, err, "has not joined a class")
	for _, r := range s.export(t) {
		if r.Learner == "Ann" && r.Exercise == echoEx {
			assert.Equal(t, "passed", r.Status, "what was sent stays with the instructor")
		}
	}
}

// TestClassroomSurvivesKill9: the server is killed with SIGKILL in the middle of a
// burst of learners' events and started again; in the export every event is counted
// exactly once, because the outboxes send again what was not acknowledged and the
// server ignores what it already has.
func TestClassroomSurvivesKill9(t *testing.T) {
	db := filepath.Join(t.TempDir(), "class.db")
	s := serveClass(t, db, "127.0.0.1:0")
	addr := strings.TrimPrefix(s.URL, "http://")
	const rounds, perRound = 8, 5
	var ls []*learner
	for _, n := range []string{"Ann", "Bob", "Cem"} {
		ls = append(ls, joinClass(t, s, n))
	}

	killed := make(chan struct{})
	var wg sync.WaitGroup
	for _, l := range ls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range rounds {
				var evs []events.Event
				for i := range perRound {
					evs = append(evs, checkResult(echoEx, false, fmt.Sprintf("round %d try %d", r, i)))
				}
				h := events.New(events.Hint, echoEx)
				h.Hint = &events.HintUse{Index: 1}
				// A command never fails because the server is away; its events wait.
				assert.NoError(t, l.emitErr(append(evs, h)...))
				if r == rounds/2 {
					<-killed // the second half goes to the restarted server
				}
			}
		}()
	}
	// Kill once some events are in, while the learners are still sending.
	atKill := 0
	require.Eventually(t, func() bool {
		atKill = 0
		for _, r := range s.export(t) {
			atKill += r.Attempts
		}
		return atKill >= perRound
	}, 30*time.Second, 20*time.Millisecond)
	s.kill9(t)
	t.Logf("killed with %d of %d checks stored", atKill, len(ls)*rounds*perRound)
	time.Sleep(300 * time.Millisecond) // some commands run while it is down
	close(killed)
	s2 := serveClass(t, db, addr)
	require.Equal(t, s.JoinCode, s2.JoinCode, "a restarted server carries on with the same class")
	wg.Wait()

	for _, l := range ls {
		// The next command delivers what is left; flush is that, on demand.
		require.Eventually(t, func() bool {
			out, err := dkErr(l.dir, "", "classroom", "flush", "--json")
			if err == nil {
				t.Logf("%s: flush after the restart: %s", l.name, strings.TrimSpace(out))
			}
			return err == nil && strings.Contains(out, `"pending":0`)
		}, 30*time.Second, 200*time.Millisecond)
	}
	got := map[string]classroom.ExportRow{}
	for _, r := range s2.export(t) {
		if r.Exercise == echoEx {
			got[r.Learner] = r
		}
	}
	for _, l := range ls {
		assert.Equal(t, rounds*perRound, got[l.name].Attempts, "%s: every check exactly once", l.name)
		assert.Equal(t, rounds, got[l.name].Hints, "%s: every hint exactly once", l.name)
		assert.Equal(t, "failing", got[l.name].Status)
	}
}
