package runner

import (
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/distribution/reference"
)

// privateSuffix ends every private tag, followed by the run id, so that the tag alone
// names the session that owns it.
const privateSuffix = "-dkd-"

// normalizeRef makes "example/echo" and "docker.io/example/echo:latest" one key.
func normalizeRef(ref string) string {
	named, err := reference.ParseNormalizedNamed(ref)
	if err != nil {
		return ref
	}
	return reference.FamiliarString(reference.TagNameOnly(named))
}

// privateTag is the tag a mapped session builds a logical tag under: the same
// repository, and the logical tag with the run id appended.
func privateTag(logical, runID string) (string, error) {
	named, err := reference.ParseNormalizedNamed(logical)
	if err != nil {
		return "", fmt.Errorf("invalid tag %q: %w", logical, err)
	}
	if _, ok := named.(reference.Digested); ok {
		return "", fmt.Errorf("invalid tag %q: a build cannot be tagged with a digest", logical)
	}
	tag := "latest"
	if t, ok := named.(reference.Tagged); ok {
		tag = t.Tag()
	}
	suffix := privateSuffix + runID
	if max := 128 - len(suffix); len(tag) > max {
		tag = tag[:max]
	}
	tagged, err := reference.WithTag(reference.TrimNamed(named), tag+suffix)
	if err != nil {
		return "", fmt.Errorf("invalid tag %q: %w", logical, err)
	}
	return reference.FamiliarString(tagged), nil
}

// ImageRef resolves a logical image reference to the one on the engine: a tag this
// session built in a mapped session becomes its private tag; anything else (base
// images, workspace tags) passes through.
func (s *Session) ImageRef(logical string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if actual, ok := s.tags[normalizeRef(logical)]; ok {
		return actual
	}
	return logical
}

// logicalRef is the inverse of ImageRef, for reporting what the engine shows.
func (s *Session) logicalRef(actual string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := normalizeRef(actual)
	for logical, a := range s.tags {
		if a == actual || normalizeRef(a) == n {
			return logical
		}
	}
	return actual
}

// HostPort returns the actual host port behind a logical one; in a workspace session,
// or for a port the session did not publish, it is the port itself.
func (s *Session) HostPort(logical string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if actual, ok := s.ports[logical]; ok {
		return actual
	}
	return logical
}

// MapURL rewrites a lesson's URL for this session: in a mapped session a URL on
// localhost (or 127.0.0.1) whose port the session published goes to the actual
// ephemeral port on 127.0.0.1. Other URLs, and every URL of a workspace session, are
// returned unchanged.
func (s *Session) MapURL(u string) string {
	if !s.opts.Mapped {
		return u
	}
	parsed, err := url.Parse(u)
	if err != nil || !isLoopbackName(parsed.Hostname()) {
		return u
	}
	port := parsed.Port()
	if port == "" {
		port = defaultPort(parsed.Scheme)
	}
	s.mu.Lock()
	actual, ok := s.ports[port]
	s.mu.Unlock()
	if !ok {
		return u
	}
	parsed.Host = net.JoinHostPort("127.0.0.1", actual)
	return parsed.String()
}

// MapPublishes rewrites a `publishes` expectation ("9000->8080/tcp") to the actual host
// port in a mapped session; "*->8080/tcp" and unknown ports are unchanged.
func (s *Session) MapPublishes(expect string) string {
	if !s.opts.Mapped {
		return expect
	}
	host, rest, ok := strings.Cut(expect, "->")
	if !ok {
		return expect
	}
	ip := ""
	if i := strings.LastIndex(host, ":"); i >= 0 {
		ip, host = host[:i+1], host[i+1:]
	}
	s.mu.Lock()
	actual, found := s.ports[host]
	s.mu.Unlock()
	if !found {
		return expect
	}
	return ip + actual + "->" + rest
}

func isLoopbackName(h string) bool {
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

func defaultPort(scheme string) string {
	if scheme == "https" {
		return "443"
	}
	return "80"
}
