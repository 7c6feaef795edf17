//go:build linux

package grade

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dockademy/dockademy/runner"
)

// TestGradeOnTwoEngines starts a second dockerd on this machine (its own socket, data
// root, exec root and bridge), gives it busybox from the first engine, and grades
// across both. Outside CI it skips when a second daemon cannot start here.
func TestGradeOnTwoEngines(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a second dockerd")
	}
	first := connect(t)
	second := startSecondEngine(t)
	ex := testExercise(t)
	subs := []string{
		writeSub(t, echoFiles(nil)),
		writeSub(t, echoFiles(map[string]string{"index.html": "Hello World\n"})),
		writeSub(t, echoFiles(nil)),
		writeTarGz(t, echoFiles(nil)),
	}
	g, err := Run(testCtx(t), Options{Exercise: ex, Images: []string{"busybox:1.35"}, Lang: "en", Jobs: 2,
		Engines: []Engine{{Name: "first", Client: first}, {Name: "second", Client: second.client}}}, subs)
	require.NoError(t, err)
	used := map[string]int{}
	for i, r := range g.Results {
		used[r.Engine]++
		assert.Empty(t, r.Error)
		assert.Equal(t, []int{5, 2, 5, 5}[i], r.Score, "submission %d on %s: %+v", i, r.Engine, r.Steps)
	}
	assert.Positive(t, used["first"], "the first engine graded some")
	assert.Positive(t, used["second"], "the second engine graded some")
	requireNothingLeft(t, "", ex.FullID())
	requireNothingLeft(t, second.host, ex.FullID())
}

type secondEngine struct {
	host   string
	client *runner.Client
}

// startSecondEngine runs dockerd with everything of its own, and stops it and removes
// its files when the test ends. Its bridge has a fresh name and subnet; it leaves
// iptables alone (the first daemon owns those rules), so published ports go through
// docker-proxy on 127.0.0.1, which is what grading uses.
func startSecondEngine(t *testing.T) secondEngine {
	t.Helper()
	unavailable := func(format string, args ...any) {
		t.Helper()
		msg := fmt.Sprintf(format, args...)
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but a second dockerd cannot start: %s", msg)
		}
		t.Skipf("a second dockerd cannot start here: %s", msg)
	}
	dockerd, err := exec.LookPath("dockerd")
	if err != nil {
		unavailable("no dockerd in PATH")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		unavailable("no ip command to make its bridge")
	}
	if os.Geteuid() != 0 {
		unavailable("needs root")
	}
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	id := hex.EncodeToString(b)
	dir, err := os.MkdirTemp("/tmp", "dkd-"+id+"-")
	require.NoError(t, err)
	bridge := "dkd" + id
	subnet := freeSubnet(t)
	if out, err := exec.Command("ip", "link", "add", bridge, "type", "bridge").CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		unavailable("ip link add: %v: %s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("ip", "link", "del", bridge).Run() })
	for _, args := range [][]string{{"addr", "add", subnet + ".1/24", "dev", bridge}, {"link", "set", bridge, "up"}} {
		if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
			unavailable("ip %v: %v: %s", args, err, out)
		}
	}
	// The first daemon's daemon.json must not apply; keep its storage driver, which is
	// the one that works on this file system.
	driver := strings.TrimSpace(dockerOut(t, "", "info", "--format", "{{.Driver}}"))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "daemon.json"), []byte(`{"storage-driver": "`+driver+`"}`), 0o644))
	host := "unix://" + filepath.Join(dir, "docker.sock")
	logf, err := os.Create(filepath.Join(dir, "dockerd.log"))
	require.NoError(t, err)
	cmd := exec.Command(dockerd, "--config-file", filepath.Join(dir, "daemon.json"), "--host", host,
		"--data-root", filepath.Join(dir, "data"), "--exec-root", filepath.Join(dir, "exec"),
		"--pidfile", filepath.Join(dir, "docker.pid"), "--bridge", bridge,
		"--iptables=false", "--ip6tables=false", "--ip-masq=false")
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		unavailable("%v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
		logf.Close()
		if err := os.RemoveAll(dir); err != nil {
			t.Logf("could not remove %s: %v", dir, err)
		}
	})

	var c *runner.Client
	deadline := time.Now().Add(30 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		c, err = runner.Connect(ctx, host)
		cancel()
		if err == nil {
			break
		}
		select {
		case <-exited:
			log, _ := os.ReadFile(logf.Name())
			unavailable("dockerd exited: %s", tail(string(log), 15))
		default:
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(logf.Name())
			unavailable("dockerd did not answer within 30s: %s", tail(string(log), 15))
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Cleanup(func() { c.Close() })
	load := exec.Command("sh", "-c", `docker save busybox:1.35 | docker -H "$1" load`, "sh", host)
	out, err := load.CombinedOutput()
	require.NoError(t, err, "could not give busybox:1.35 to the second engine: %s", out)
	return secondEngine{host: host, client: c}
}

// freeSubnet picks a 172.31.x.0/24 that no interface uses.
func freeSubnet(t *testing.T) string {
	out, _ := exec.Command("ip", "-4", "addr").Output()
	for x := 200; x < 255; x++ {
		s := fmt.Sprintf("172.31.%d", x)
		if !strings.Contains(string(out), s+".") {
			return s
		}
	}
	t.Skip("no free 172.31.x.0/24 subnet for the second engine's bridge")
	return ""
}

func dockerOut(t *testing.T, host string, args ...string) string {
	t.Helper()
	if host != "" {
		args = append([]string{"-H", host}, args...)
	}
	out, err := exec.Command("docker", args...).Output()
	require.NoError(t, err)
	return string(out)
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
