package attempt

import (
	"net"
	"net/url"
	"strings"

	"github.com/dockademy/dockademy/lessons"
)

// dependencies returns the indexes of the earlier action steps that step i needs: when
// one of them failed or was skipped, step i cannot be judged and is skipped too. A
// failed assertion never appears here, so the learner sees every problem at once.
func dependencies(steps []lessons.Step, i int) []int {
	s := &steps[i]
	var deps []int
	add := func(j int) {
		if j >= 0 {
			deps = append(deps, j)
		}
	}
	switch s.Kind {
	case lessons.KindRun:
		add(builderOf(steps, i, s.Subject))
	case lessons.KindExec:
		add(runTarget(steps, i, s.Exec.In))
	case lessons.KindStop:
		add(subjectSource(steps, i, s.Subject))
	case lessons.KindImage:
		add(builderOf(steps, i, s.Subject))
	case lessons.KindFile:
		if s.File.In != "" {
			add(builderOf(steps, i, s.File.In))
		} else {
			add(lastOf(steps, i, lessons.KindBuild))
		}
	case lessons.KindOutput:
		if s.Subject == "" {
			add(lastRunOrExec(steps, i))
		} else {
			add(subjectSource(steps, i, s.Subject))
		}
	case lessons.KindContainer:
		add(subjectSource(steps, i, s.Subject))
		if s.Container.Image != "" {
			if j := stepNamed(steps, i, s.Container.Image); j >= 0 {
				add(j)
			} else {
				add(builderOf(steps, i, s.Container.Image))
			}
		}
	case lessons.KindHTTP:
		if s.HTTP.Via != "" {
			add(subjectSource(steps, i, s.HTTP.Via))
		} else {
			deps = append(deps, servers(steps, i, s.Subject)...)
		}
	}
	return deps
}

// builderOf is the last earlier build step that tags ref, or -1 for an image the check
// does not build (a base image, or one the learner built in their shell).
func builderOf(steps []lessons.Step, i int, ref string) int {
	for j := i - 1; j >= 0; j-- {
		if steps[j].Kind == lessons.KindBuild && sameRef(steps[j].Build.Tag, ref) {
			return j
		}
	}
	return -1
}

// subjectSource is the step that makes a container subject: the named run, or the
// build of the image that ancestor: names.
func subjectSource(steps []lessons.Step, i int, subject string) int {
	cs := lessons.ParseContainerSubject(subject)
	switch {
	case cs.Step != "":
		return stepNamed(steps, i, cs.Step)
	case cs.Ancestor != "":
		return builderOf(steps, i, cs.Ancestor)
	}
	return -1
}

// runTarget is the run an exec goes into: the named one, or the last detached run.
func runTarget(steps []lessons.Step, i int, name string) int {
	if name != "" {
		return stepNamed(steps, i, name)
	}
	for j := i - 1; j >= 0; j-- {
		if steps[j].Kind == lessons.KindRun && steps[j].Run.Detach {
			return j
		}
	}
	return -1
}

func stepNamed(steps []lessons.Step, i int, name string) int {
	for j := i - 1; j >= 0; j-- {
		if steps[j].Name == name {
			return j
		}
	}
	return -1
}

func lastOf(steps []lessons.Step, i int, kind lessons.Kind) int {
	for j := i - 1; j >= 0; j-- {
		if steps[j].Kind == kind {
			return j
		}
	}
	return -1
}

func lastRunOrExec(steps []lessons.Step, i int) int {
	for j := i - 1; j >= 0; j-- {
		if k := steps[j].Kind; k == lessons.KindRun || k == lessons.KindExec {
			return j
		}
	}
	return -1
}

// servers are the detached runs that publish the URL's port on the host; when none
// says so, the last detached run (its server is what the learner means).
func servers(steps []lessons.Step, i int, rawURL string) []int {
	port := urlPort(rawURL)
	var match []int
	last := -1
	for j := 0; j < i; j++ {
		if steps[j].Kind != lessons.KindRun || !steps[j].Run.Detach {
			continue
		}
		last = j
		for _, p := range steps[j].Run.Publish {
			if hostPortOf(p) == port {
				match = append(match, j)
			}
		}
	}
	if len(match) == 0 && last >= 0 {
		return []int{last}
	}
	return match
}

func urlPort(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return ""
	}
	if p := u.Port(); p != "" {
		return p
	}
	if u.Scheme == "https" {
		return "443"
	}
	return "80"
}

// hostPortOf reads the host port of "HOST:CONTAINER[/PROTO]"; "" for "CONTAINER".
func hostPortOf(publish string) string {
	publish, _, _ = strings.Cut(publish, "/")
	host, _, err := net.SplitHostPort(publish)
	if err != nil {
		return ""
	}
	return host
}

// sameRef compares image references as the engine would resolve them: a missing tag
// means latest.
func sameRef(a, b string) bool {
	return normalRef(a) == normalRef(b)
}

func normalRef(ref string) string {
	if ref == "" {
		return ""
	}
	if strings.Contains(ref, "@") {
		return ref
	}
	slash := strings.LastIndex(ref, "/")
	if !strings.Contains(ref[slash+1:], ":") {
		ref += ":latest"
	}
	return strings.TrimPrefix(strings.TrimPrefix(ref, "docker.io/"), "library/")
}
