package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dockademy/dockademy/internal/events"
)

// chromium finds Debian's headless browser. Outside CI its absence skips the test;
// in CI it is a failure (.ci/classroom-deps installs it).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("CI=true but there is no chromium: run .ci/classroom-deps")
	}
	t.Skip("no chromium to drive (Debian: apt-get install chromium)")
	return ""
}

// TestClassroomDashboardLive is the workshop as an instructor sees it: three learners
// join; one passes, one fails again and again, one has a broken setup; the dashboard,
// open in a real browser, shows each of them without being reloaded.
func TestClassroomDashboardLive(t *testing.T) {
	bin := chromium(t)
	s := serveClass(t, filepath.Join(t.TempDir(), "class.db"), "127.0.0.1:0", "--help-attempts", "3")
	ann := joinClass(t, s, "Ann")
	bob := joinClass(t, s, "Bob")
	mal := joinClass(t, s, "<script>alert(1)</script>")

	profile := t.TempDir()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.DisableGPU, chromedp.UserDataDir(profile),
		chromedp.NoSandbox, // the tests may run as root, where Chromium's sandbox cannot start
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()

	require.NoError(t, chromedp.Do(bctx, chromedp.Navigate(s.Dashboard)))
	var dialogs atomic.Int32
	go func() {
		for _, err := range chromedp.Events(bctx, page.JavascriptDialogOpening) {
			if err != nil {
				return
			}
			dialogs.Add(1)
			_, _ = chromedp.Call(bctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	url, err := chromedp.Run(bctx, chromedp.Evaluate[string](`location.pathname + location.search`))
	require.NoError(t, err)
	assert.Equal(t, "/", url, "the login link's token leaves the address bar")
	text := func(js string) string {
		t.Helper()
		v, err := chromedp.Run(bctx, chromedp.Evaluate[string](js))
		require.NoError(t, err, js)
		return v
	}
	cell := func(l *learner) string {
		return `((document.querySelector('tr[data-learner="` + l.id + `"] td[data-unit="` + echoEx + `"]') || {}).innerText || "")`
	}
	// waitFor polls the page until js is true: bounded, and not a timing assertion.
	waitFor := func(what, js string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(bctx, 30*time.Second)
		defer cancel()
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(30*time.Second)))
		require.NoError(t, err, "%s never showed; the board says:\n%s", what, text(`document.getElementById("board").innerText`))
	}

	waitFor("three learners", `document.querySelectorAll("#grid tr[data-learner]").length === 3`)
	assert.Equal(t, "·", text(cell(ann)), "not started")
	// The page stays the same document from here on: a reload would lose this mark.
	_, err = chromedp.Run(bctx, chromedp.Evaluate[bool](`window.notReloaded = true`))
	require.NoError(t, err)

	ann.emit(t, checkResult(echoEx, false, "connection refused"), checkResult(echoEx, true, "Hello Docker!!"))
	for i := range 4 {
		bob.emit(t, checkResult(echoEx, false, "Hello Docker!"+strings.Repeat("?", i)))
	}
	mal.emit(t, doctorResult(
		events.Problem{Check: "engine", Message: "cannot reach the Docker Engine", Remedy: "start Docker Desktop"},
		events.Problem{Check: "port", Message: "port 9000 is in use", Remedy: "stop what listens on it"},
	))

	waitFor("Ann's pass", cell(ann)+` === "✔"`)
	waitFor("Bob's four failures", cell(bob)+` === "✘ 4"`)
	waitFor("the broken setup", `document.getElementById("doctor").innerText.includes("cannot reach the Docker Engine")`)
	waitFor("who needs help", `document.getElementById("needs-help").innerText.includes("Bob")`)

	assert.Equal(t, "true", text(`String(window.notReloaded)`), "updated live, without a reload")
	help := text(`document.getElementById("needs-help").innerText`)
	assert.Contains(t, help, "4 attempts")
	assert.NotContains(t, help, "Ann")
	doctor := text(`document.getElementById("doctor").innerText`)
	assert.Contains(t, doctor, "<script>alert(1)</script>", "a name shows as text")
	assert.Contains(t, doctor, "port 9000 is in use")
	assert.Equal(t, "0", text(`String(document.querySelectorAll("#board script").length)`), "no learner's text became markup")
	assert.Zero(t, dialogs.Load(), "no script of a learner's ran")

	// The learner's page shows what Bob's terminal showed: expected and actual.
	require.NoError(t, chromedp.Do(bctx, chromedp.Navigate(strings.TrimSuffix(s.URL, "/")+"/learners/"+bob.id)))
	learnerPage := text(`document.body.innerText`)
	assert.Contains(t, learnerPage, "Hello Docker!!")
	assert.Contains(t, learnerPage, "Hello Docker!???")
}
