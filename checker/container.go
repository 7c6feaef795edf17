package checker

import (
	"slices"
	"strings"

	"github.com/dockademy/dockademy/lessons"
	"github.com/dockademy/dockademy/runner"
)

// ContainerObservation is one container that a container subject matched, as the
// runner saw it.
type ContainerObservation struct {
	Info    runner.ContainerInfo
	Changes []runner.Change // `docker diff`, read only when unchanged is asked
	// DiffKnown is false when the changes were not read or could not be.
	DiffKnown bool
}

// ContainerEnv is what a container assertion needs besides the containers: values the
// caller resolved in the run's namespace.
type ContainerEnv struct {
	// WantImageID is the ID of the step's image option now (a build step's image, or the
	// reference's image); empty when that image does not exist.
	WantImageID string
	// Publishes are the step's publishes expectations with host ports mapped to the
	// run's own; nil means the step's expectations as written.
	Publishes []string
}

// Container judges a container assertion. When the subject matches several
// containers, it passes if one of them satisfies every option; the verdict names the
// container it judged: a passing one, else the most recently created.
//
// unchanged ignores no path: on the engines seen (overlay2), a fresh busybox or Debian
// container shows no changes at all, because /etc/hosts, /etc/hostname and
// /etc/resolv.conf are mounts and not in the container's layer.
func Container(s *lessons.Step, cands []ContainerObservation, env ContainerEnv, lang string) Verdict {
	o := s.Container
	subj := code(s.Subject)
	if o.Exists != nil && !*o.Exists {
		want := msg(lang, vNoContainer)
		if len(cands) == 0 {
			return passed(want, want, msg(lang, mContainerNoneOK, subj))
		}
		names := make([]string, len(cands))
		for i, c := range byNewest(cands) {
			names[i] = containerName(c.Info)
		}
		return failed(want, limitList(names), msg(lang, mContainerShouldNotExist, subj, limitList(names)))
	}
	if len(cands) == 0 {
		return failed(msg(lang, vContainerOf, s.Subject), msg(lang, vNoContainer), noContainer(lang, s.Subject))
	}

	publishes := env.Publishes
	if publishes == nil {
		publishes = o.Publishes
	}
	var chosen *ContainerObservation
	var judged findings
	for _, c := range byNewest(cands) {
		f := judgeContainer(lang, s, c, publishes, env.WantImageID)
		if chosen == nil || f.failed() == 0 {
			chosen, judged = &c, f
		}
		if f.failed() == 0 {
			break
		}
	}
	who := containerName(chosen.Info)
	if len(judged) == 0 {
		return passed(msg(lang, vContainerOf, s.Subject), who+": "+stateText(lang, chosen.Info),
			msg(lang, mContainerOK, who))
	}
	v := judged.verdict(msg(lang, mContainerOK, who))
	v.Actual = who + ": " + v.Actual
	return v
}

// byNewest orders candidates from the most recently created, without changing the
// caller's slice.
func byNewest(cands []ContainerObservation) []ContainerObservation {
	sorted := slices.Clone(cands)
	slices.SortStableFunc(sorted, func(a, b ContainerObservation) int {
		return b.Info.Created.Compare(a.Info.Created)
	})
	return sorted
}

// containerName is how docker ps names a container: short ID and name.
func containerName(c runner.ContainerInfo) string {
	if c.Name == "" {
		return shortID(c.ID)
	}
	return shortID(c.ID) + " (" + c.Name + ")"
}

func noContainer(lang, subject string) string {
	cs := lessons.ParseContainerSubject(subject)
	switch {
	case cs.Ancestor != "":
		return msg(lang, mContainerNoneAncestor, cs.Ancestor)
	case cs.Name != "":
		return msg(lang, mContainerNoneName, cs.Name)
	}
	return msg(lang, mContainerNoneStep, cs.Step)
}

func stateText(lang string, c runner.ContainerInfo) string {
	if c.Running {
		return msg(lang, vRunning)
	}
	return msg(lang, vExited, c.ExitCode)
}

func judgeContainer(lang string, s *lessons.Step, c ContainerObservation, publishes []string, wantImage string) findings {
	o := s.Container
	who := containerName(c.Info)
	var f findings
	if o.Running != nil {
		want := msg(lang, vRunning)
		m := msg(lang, mContainerNotRunning, who, c.Info.ExitCode)
		if !*o.Running {
			want, m = msg(lang, vStopped), msg(lang, mContainerRunning, who)
		}
		f.add(c.Info.Running == *o.Running, want, stateText(lang, c.Info), m)
	}
	for _, p := range publishes {
		f.add(publishesPort(p, c.Info.Ports), msg(lang, vPublishes, p), bindingsText(lang, c.Info.Ports),
			msg(lang, mContainerPublishes, who, p))
	}
	if o.ExitCode != nil {
		want := msg(lang, vExitCode, *o.ExitCode)
		if c.Info.Running {
			f.add(false, want, msg(lang, vRunning), msg(lang, mContainerExitRunning, who))
		} else {
			f.add(c.Info.ExitCode == *o.ExitCode, want, msg(lang, vExitCode, c.Info.ExitCode),
				msg(lang, mContainerExitCode, who, c.Info.ExitCode, *o.ExitCode))
		}
	}
	if o.Image != "" {
		actual := msg(lang, vImageID, c.Info.Image, shortID(c.Info.ImageID))
		if wantImage == "" {
			f.add(false, msg(lang, vImage, o.Image), actual, msg(lang, mContainerImageMissing, o.Image))
		} else {
			m := msg(lang, mContainerImage, who, c.Info.Image, o.Image)
			if sameRef(o.Image, c.Info.Image) {
				// The learner rebuilt the tag but kept the container made from the old image.
				m = msg(lang, mContainerImageOld, who, o.Image)
			}
			f.add(sameID(c.Info.ImageID, wantImage), msg(lang, vImageID, o.Image, shortID(wantImage)), actual, m)
		}
	}
	switch {
	case o.Unchanged == nil:
	case !c.DiffKnown:
		want := msg(lang, vNoChanges)
		if !*o.Unchanged {
			want = msg(lang, vSomeChanges)
		}
		f.addUnknown(want, msg(lang, vUnknown), msg(lang, mContainerDiffUnknown, who))
	default:
		f.add(unchanged(lang, who, c, *o.Unchanged))
	}
	return f
}

// sameID compares image IDs with or without their "sha256:" prefix.
func sameID(a, b string) bool {
	return strings.TrimPrefix(a, "sha256:") == strings.TrimPrefix(b, "sha256:")
}

func unchanged(lang, who string, c ContainerObservation, want bool) (bool, string, string, string) {
	items := make([]string, len(c.Changes))
	for i, ch := range c.Changes {
		items[i] = ch.Kind + " " + ch.Path
	}
	actual := msg(lang, vNoChanges)
	if len(items) > 0 {
		actual = limitList(items)
	}
	if want {
		return len(items) == 0, msg(lang, vNoChanges), actual, msg(lang, mContainerChanged, who, shortID(c.Info.ID))
	}
	return len(items) > 0, msg(lang, vSomeChanges), actual, msg(lang, mContainerUnchanged, who)
}

// publishesPort reports whether an expectation "HOST->CONTAINER[/PROTO]" (HOST may be
// "*", or "IP:PORT") matches one of the container's bindings. A port that is exposed
// but not published has no host port and matches nothing.
func publishesPort(want string, ports []runner.PortBinding) bool {
	host, cport, ok := strings.Cut(want, "->")
	if !ok {
		host, cport = "*", want
	}
	host, cport = strings.TrimSpace(host), normalPort(cport)
	ip := ""
	if i := strings.LastIndex(host, ":"); i >= 0 {
		ip, host = strings.Trim(host[:i], "[]"), host[i+1:]
	}
	for _, b := range ports {
		if normalPort(b.ContainerPort) != cport || b.HostPort == "" {
			continue
		}
		if (host == "*" || host == b.HostPort) && (ip == "" || ip == b.HostIP) {
			return true
		}
	}
	return false
}

// bindingsText renders published ports as docker ps does, once per host port: the
// engine lists IPv4 and IPv6 bindings separately.
func bindingsText(lang string, ports []runner.PortBinding) string {
	var items []string
	for _, b := range ports {
		if b.HostPort == "" {
			continue
		}
		item := b.HostPort + "->" + normalPort(b.ContainerPort)
		if !slices.Contains(items, item) {
			items = append(items, item)
		}
	}
	if len(items) == 0 {
		return msg(lang, vNoPorts)
	}
	return msg(lang, vPublishes, strings.Join(items, ", "))
}
