package lessons

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// references checks that steps name earlier steps of the right kind, so a check
// never waits for a run that comes later or reads the output of a build.
func (p *lessonParser) references(r *yamlReader, steps []Step) {
	byName := map[string]int{}
	for i, s := range steps {
		if s.Name == "" {
			continue
		}
		if j, dup := byName[s.Name]; dup {
			r.errs.add(s.Line, "step name %q is already used by step %d (line %d); names are unique within a check", s.Name, j+1, steps[j].Line)
			continue
		}
		byName[s.Name] = i
	}
	// ref reports whether name is an earlier step of a wanted kind. A container
	// subject could also have meant the learner's own container, so its message
	// says how to write that.
	ref := func(i int, name, key string, subject bool, want ...Kind) bool {
		what := string(want[0])
		if len(want) > 1 {
			what += " or " + string(want[1])
		}
		j, ok := byName[name]
		switch {
		case !ok:
			hint := ""
			if subject {
				hint = fmt.Sprintf(", or, for a container the learner made, write name:%s or ancestor:IMAGE", name)
			}
			r.errs.add(steps[i].Line, "%s %q names no step; add name: %s to the %s step it means%s", key, name, name, what, hint)
		case j >= i:
			r.errs.add(steps[i].Line, "%s %q names a later step (line %d); steps run in order, so move this step below it", key, name, steps[j].Line)
		case steps[j].Kind == "":
			return false // its own mistake is reported
		case !slices.Contains(want, steps[j].Kind):
			r.errs.add(steps[i].Line, "%s %q names %s step, but it must name %s%s", key, name, article(steps[j].Kind), article(want[0]), strings.TrimPrefix(what, string(want[0]))+" step")
		default:
			return true
		}
		return false
	}
	last := func(i int, match func(Step) bool) bool {
		for j := i - 1; j >= 0; j-- {
			if match(steps[j]) {
				return true
			}
		}
		return false
	}
	for i := range steps {
		s := &steps[i]
		switch s.Kind {
		case KindExec:
			if s.Exec.In == "" {
				if !last(i, func(t Step) bool { return t.Kind == KindRun && t.Run.Detach }) {
					r.errs.add(s.Line, "exec needs a running container: put a run step with detach: true before it, or name one with in:")
				}
			} else if ref(i, s.Exec.In, "in", false, KindRun) && !steps[byName[s.Exec.In]].Run.Detach {
				r.errs.add(s.Line, "exec runs in a running container, but run step %q is not detached; add detach: true to it", s.Exec.In)
			}
		case KindOutput:
			if s.Subject == "" {
				if !last(i, func(t Step) bool { return t.Kind == KindRun || t.Kind == KindExec }) {
					r.errs.add(s.Line, "output has no run or exec step before it to read; name one, or a container like name:web")
				}
			} else if cs := ParseContainerSubject(s.Subject); cs.Step != "" {
				ref(i, cs.Step, "output", true, KindRun, KindExec)
			}
		case KindStop, KindContainer:
			if cs := ParseContainerSubject(s.Subject); cs.Step != "" {
				ref(i, cs.Step, string(s.Kind), true, KindRun)
			}
		case KindHTTP:
			if cs := ParseContainerSubject(s.HTTP.Via); cs.Step != "" {
				ref(i, cs.Step, "via", true, KindRun)
			}
		case KindFile:
			if s.File.In == "" && !last(i, func(t Step) bool { return t.Kind == KindBuild }) {
				r.errs.add(s.Line, "file has no build step before it to look in; name the image with in: IMAGE")
			}
		}
		if s.Kind == KindContainer && s.Container.Image != "" {
			if j, ok := byName[s.Container.Image]; ok && steps[j].Kind != KindBuild && steps[j].Kind != "" {
				r.errs.add(s.Line, "image %q names %s step; it takes a build step's name or an image reference", s.Container.Image, article(steps[j].Kind))
			}
		}
	}
}

// article is "a build" or "an exec".
func article(k Kind) string {
	if strings.ContainsRune("aeiou", rune(k[0])) {
		return "an " + string(k)
	}
	return "a " + string(k)
}

var protocols = []string{"tcp", "udp", "sctp"}

// checkPublish validates a run step's publish entry: HOST:CONTAINER[/PROTO] or
// CONTAINER[/PROTO]. A host address is refused: the tool binds 127.0.0.1 itself, so
// that a lesson never exposes a learner's machine to the network.
func checkPublish(p string) string {
	spec, proto, hasProto := strings.Cut(p, "/")
	if hasProto && !slices.Contains(protocols, proto) {
		return fmt.Sprintf("publish %q: the protocol is tcp, udp or sctp", p)
	}
	parts := strings.Split(spec, ":")
	if len(parts) > 2 {
		return fmt.Sprintf("publish %q binds a host address; write HOST_PORT:CONTAINER_PORT, like 9000:8080 (the tool binds to 127.0.0.1 itself)", p)
	}
	for _, port := range parts {
		if !validPort(port) {
			return fmt.Sprintf("publish %q: %q is not a port; write HOST_PORT:CONTAINER_PORT like 9000:8080, or CONTAINER_PORT like 8080 for any free host port", p, port)
		}
	}
	return ""
}

func validPort(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n >= 1 && n <= 65535 && !strings.HasPrefix(s, "+")
}

// normalizeExpose turns an exposes item into Docker's "PORT/PROTO" form.
func normalizeExpose(e string) (string, string) {
	port, proto, hasProto := strings.Cut(e, "/")
	if !hasProto {
		proto = "tcp"
	}
	if !validPort(port) || !slices.Contains(protocols, proto) {
		return "", fmt.Sprintf("exposes %q is not a port; write it like 8080/tcp", e)
	}
	return port + "/" + proto, ""
}

// normalizePublishes turns a publishes item into "HOST->CONTAINER/PROTO".
func normalizePublishes(e string) (string, string) {
	host, ctr, ok := strings.Cut(e, "->")
	if !ok {
		return "", fmt.Sprintf("publishes %q: write it like 9000->8080/tcp, or *->8080/tcp for any host port", e)
	}
	if strings.Contains(host, ":") {
		return "", fmt.Sprintf("publishes %q: leave out the host address and write 9000->8080/tcp; the tool binds to 127.0.0.1 itself", e)
	}
	port, msg := normalizeExpose(ctr)
	if msg != "" || (host != "*" && !validPort(host)) {
		return "", fmt.Sprintf("publishes %q: write it like 9000->8080/tcp, or *->8080/tcp for any host port", e)
	}
	return host + "->" + port, ""
}
