package runner

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"github.com/docker/docker/api/types/container"
	"github.com/docker/go-connections/nat"
)

// publishPlan is what a run's publish list asks of the engine.
type publishPlan struct {
	exposed  nat.PortSet
	bindings nat.PortMap
	logical  map[nat.Port]string // container port -> the lesson's host port (mapped sessions)
	fixed    []nat.PortBinding   // host ports asked for literally, to explain a clash
}

// planPublish binds every published port to 127.0.0.1: a check's container is not the
// LAN's business, and an empty host IP would also bind IPv6, on another port on 20.10.
func (s *Session) planPublish(publish []string) (publishPlan, error) {
	p := publishPlan{exposed: nat.PortSet{}, bindings: nat.PortMap{}, logical: map[nat.Port]string{}}
	for _, raw := range publish {
		mappings, err := nat.ParsePortSpec(raw)
		if err != nil {
			return p, fmt.Errorf("invalid publish %q: %w", raw, err)
		}
		for _, m := range mappings {
			b := m.Binding
			if b.HostIP == "" {
				b.HostIP = "127.0.0.1"
			}
			if s.opts.Mapped && b.HostPort != "" {
				p.logical[m.Port] = b.HostPort
				b.HostPort = ""
			}
			if b.HostPort != "" {
				p.fixed = append(p.fixed, b)
			}
			p.exposed[m.Port] = struct{}{}
			p.bindings[m.Port] = append(p.bindings[m.Port], b)
		}
	}
	return p, nil
}

// recordPorts notes which actual host port serves each logical one.
func (s *Session) recordPorts(p publishPlan, ports nat.PortMap) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for cport, logical := range p.logical {
		for _, b := range ports[cport] {
			if b.HostPort != "" {
				s.ports[logical] = b.HostPort
				break
			}
		}
	}
}

func portBindings(ports nat.PortMap) []PortBinding {
	var out []PortBinding
	for cport, bs := range ports {
		for _, b := range bs {
			out = append(out, PortBinding{ContainerPort: string(cport), HostIP: b.HostIP, HostPort: b.HostPort})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].ContainerPort != out[j].ContainerPort {
			return out[i].ContainerPort < out[j].ContainerPort
		}
		return out[i].HostIP < out[j].HostIP
	})
	return out
}

// portInUse explains a failed start when one of the host ports it asked for is taken.
// It looks at the engine's containers and tries the port itself rather than reading
// the engine's error text.
func (s *Session) portInUse(ctx context.Context, self string, fixed []nat.PortBinding, cause error) *PortInUseError {
	if len(fixed) == 0 {
		return nil
	}
	running, _ := s.c.engine.ContainerList(ctx, container.ListOptions{})
	for _, b := range fixed {
		for _, c := range running {
			if c.ID == self {
				continue
			}
			for _, p := range c.Ports {
				if strconv.Itoa(int(p.PublicPort)) == b.HostPort {
					return &PortInUseError{Port: b.HostPort, HostIP: b.HostIP, Container: containerName(c.Names), Err: cause}
				}
			}
		}
	}
	if !s.c.localEngine() {
		return nil
	}
	for _, b := range fixed {
		l, err := net.Listen("tcp", net.JoinHostPort(b.HostIP, b.HostPort))
		if err == nil {
			l.Close()
			continue
		}
		if errors.Is(err, syscall.EADDRINUSE) {
			return &PortInUseError{Port: b.HostPort, HostIP: b.HostIP, Err: cause}
		}
	}
	return nil
}

// localEngine reports whether the engine publishes ports on this machine's loopback
// (a local socket, as with Docker Desktop and a Linux daemon).
func (c *Client) localEngine() bool {
	return strings.HasPrefix(c.host, "unix://") || strings.HasPrefix(c.host, "npipe://")
}

func containerName(names []string) string {
	if len(names) == 0 {
		return ""
	}
	return strings.TrimPrefix(names[0], "/")
}
