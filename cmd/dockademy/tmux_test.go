package main

import (
	"bytes"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// writeCourse writes the terminal tests' small course (testdata/tmux: a reading, a
// quiz and a file exercise) into a new folder and returns it. The exercise's host port
// and image tag are filled in per run, so that runs at the same time on one engine do
// not collide.
func writeCourse(t *testing.T, port int, tag string) string {
	t.Helper()
	tmpl, err := os.ReadFile(filepath.Join("testdata", "tmux", "01-first-page.md"))
	require.NoError(t, err)
	dir := filepath.Join(t.TempDir(), "course")
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "en"), 0o755))
	md := strings.NewReplacer("{{PORT}}", strconv.Itoa(port), "{{TAG}}", tag).Replace(string(tmpl))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "en", "01-first-page.md"), []byte(md), 0o644))
	return dir
}

// freePort is a host port that nothing listens on just now.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

var transcriptOut = flag.String("transcript", "", "also write the tmux test's screens to `file`")

// tmuxPane is one tmux session on a private server, holding a shell.
type tmuxPane struct {
	t          *testing.T
	socket     string
	transcript bytes.Buffer
}

func (p *tmuxPane) tmux(args ...string) string {
	p.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", p.socket}, args...)...).CombinedOutput()
	require.NoError(p.t, err, "tmux %v: %s", args, out)
	return string(out)
}

func (p *tmuxPane) screen() string { return p.tmux("capture-pane", "-p", "-t", "learn") }

// send types text, then presses the keys named in keys ("Enter", "C-c").
func (p *tmuxPane) send(text string, keys ...string) {
	p.t.Helper()
	if text != "" {
		p.tmux("send-keys", "-t", "learn", "-l", text)
	}
	if len(keys) > 0 {
		p.tmux(append([]string{"send-keys", "-t", "learn"}, keys...)...)
	}
}

// waitFor polls the screen until it shows every text, and fails with the screen when
// it does not within the deadline.
func (p *tmuxPane) waitFor(deadline time.Duration, texts ...string) string {
	p.t.Helper()
	end := time.Now().Add(deadline)
	for {
		s := p.screen()
		missing := ""
		for _, text := range texts {
			if !strings.Contains(s, text) {
				missing = text
				break
			}
		}
		if missing == "" {
			return s
		}
		if time.Now().After(end) {
			p.t.Fatalf("the screen did not show %q within %s:\n%s\n--- transcript so far ---\n%s",
				missing, deadline, s, p.transcript.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// stage waits for texts and keeps the screen in the transcript under a title.
func (p *tmuxPane) stage(title string, deadline time.Duration, texts ...string) {
	p.t.Helper()
	s := p.waitFor(deadline, texts...)
	fmt.Fprintf(&p.transcript, "===== %s =====\n%s\n", title, strings.TrimRight(s, "\n "))
}

// prompt is the help line that survey shows under the question it is asking.
const asking = "type to filter]"

// TestTmux is the learner's journey in a real terminal, through the real binary and
// the real engine: start dockademy in an empty folder, make a workspace, read, answer
// the quiz, open the exercise, get it wrong, read the verdict, take a hint, fix it,
// pass, quit; start again and land where you left off; watch the exercise re-check on
// a save; Ctrl-C.
func TestTmux(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but tmux is not installed (.ci/test installs it)")
		}
		t.Skip("tmux is not installed: the terminal end-to-end test is skipped")
	}
	if !engineReachable(t) {
		t.Skip("no Docker Engine: the terminal end-to-end test is skipped")
	}
	if testing.Short() {
		t.Skip("-short: the terminal end-to-end test is skipped")
	}

	root := t.TempDir()
	bin := filepath.Join(root, "bin")
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "dockademy"), ".")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	tag := fmt.Sprintf("dockademy-tmux/first-page:%d", os.Getpid())
	course := writeCourse(t, freePort(t), tag)
	t.Cleanup(func() {
		// A check in a workspace keeps the image under the lesson's tag, for the
		// learner to run; this one was only the test's.
		_ = exec.Command("docker", "image", "rm", tag).Run()
	})
	ws := filepath.Join(root, "ws")
	require.NoError(t, os.Mkdir(ws, 0o755))
	home := filepath.Join(root, "home")
	require.NoError(t, os.Mkdir(home, 0o755))

	p := &tmuxPane{t: t, socket: fmt.Sprintf("dockademy-test-%d", os.Getpid())}
	env := []string{
		"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"),
		"HOME=" + home, "LANG=C.UTF-8", "TERM=xterm-256color", "PS1=[$?] $ ",
	}
	for _, v := range []string{"DOCKER_HOST", "DOCKER_CONFIG", "DOCKER_CERT_PATH", "DOCKER_TLS_VERIFY"} {
		if val, ok := os.LookupEnv(v); ok {
			env = append(env, v+"="+val)
		}
	}
	args := []string{"-f", "/dev/null", "new-session", "-d", "-s", "learn", "-x", "100", "-y", "50", "-c", ws,
		"env", "-i"}
	args = append(args, env...)
	args = append(args, "bash", "--norc", "--noprofile")
	p.tmux(args...)
	t.Cleanup(func() {
		_ = exec.Command("tmux", "-L", p.socket, "kill-server").Run()
		t.Logf("transcript of the terminal session:\n%s", p.transcript.String())
		if *transcriptOut != "" {
			_ = os.WriteFile(*transcriptOut, p.transcript.Bytes(), 0o644)
		}
	})
	p.waitFor(10*time.Second, "[0] $")
	start := "dockademy --lessons " + course + " --lang en"
	exDir := filepath.Join(ws, "first-page", "serve")
	writeDockerfile := func(copyLine string) {
		t.Helper()
		df := "FROM busybox:1.35\n" + copyLine + "\nCMD [\"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/www\"]\n"
		require.NoError(t, os.WriteFile(filepath.Join(exDir, "Dockerfile"), []byte(df), 0o644))
	}

	// A new folder: dockademy offers to make it a workspace.
	p.send(start, "Enter")
	p.stage("start in an empty folder", 20*time.Second, "Where should it go?", "Create it here", asking)
	p.send("", "Enter")
	p.stage("the lessons", 20*time.Second, "Workspace ready at", "pick a lesson", "1. A first web page", asking)

	// Read to the quiz and answer it.
	p.send("", "Enter")
	p.waitFor(10*time.Second, "§1/5", "By the end of this lesson", asking)
	p.send("Next", "Enter")
	p.waitFor(10*time.Second, "§2/5", "An image holds everything", asking)
	p.send("Next", "Enter")
	p.stage("reading: the quiz section", 10*time.Second, "§3/5", "When does", "Answer the quiz", asking)
	p.send("Answer", "Enter")
	p.waitFor(10*time.Second, "Your answer:", "When the image is built", asking)
	p.send("built", "Enter")
	p.stage("the quiz answered", 10*time.Second, "✔ Right!", "runs during the build", asking)

	// Open the exercise, and get it wrong.
	p.send("Next", "Enter")
	p.waitFor(10*time.Second, "§4/5", "Serve a page", "File Dockerfile:", asking)
	p.send("Open", "Enter")
	p.stage("the exercise opened", 30*time.Second, "Folder: "+exDir, asking)
	writeDockerfile("COPY index.html /srv/index.html")
	p.send("Check", "Enter")
	p.stage("a wrong answer checked", 120*time.Second, "✘ page-served", "FAIL", asking)

	// A hint, then the fix.
	p.send("hint", "Enter")
	p.stage("a hint", 10*time.Second, "Hint for the step", "in /www?", asking)
	writeDockerfile("COPY index.html /www/index.html")
	p.send("Check", "Enter")
	p.stage("the fix checked", 120*time.Second, "PASS", "Well done!", asking)
	p.send("Quit", "Enter")
	p.waitFor(10*time.Second, "[0] $")

	// Back again: the menu offers to go on where the learner stopped.
	p.send("clear; "+start, "Enter")
	p.stage("started again", 20*time.Second, "Continue: A first web page §4", "✔  1. A first web page", asking)
	p.send("", "Enter")
	p.stage("where the learner left off", 10*time.Second, "§4/5", "Serve a page", asking)
	p.send("Quit", "Enter")
	p.waitFor(10*time.Second, "[0] $")

	// watch checks again on every save; Ctrl-C ends it cleanly.
	p.send("clear; cd first-page/serve && dockademy watch --lessons "+course+" --lang en", "Enter")
	p.stage("watch: the first check", 120*time.Second, "Watching", "PASS")
	writeDockerfile("COPY index.html /srv/index.html")
	p.stage("watch: after a save", 120*time.Second, "Watching", "FAIL")
	p.send("", "C-c")
	p.stage("watch: Ctrl-C", 30*time.Second, "Stopped watching.", "[0] $")
}
