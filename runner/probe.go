package runner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/docker/docker/api/types/container"
)

const (
	probeFirstDelay = 25 * time.Millisecond
	probeMaxDelay   = 250 * time.Millisecond
	probeBodyLimit  = 64 << 10
	probeDefault    = 10 * time.Second
)

// ProbeHTTP polls GET on the URL until spec.Until accepts an answer, spec.Within passes,
// or every container in spec.Watch has exited. Only an HTTP answer counts: the
// engine's proxy accepts TCP on a published port before anything listens behind it.
// The result is the last answer or transport error; the error is for a bad URL and for
// the caller's context ending.
func (s *Session) ProbeHTTP(ctx context.Context, spec ProbeSpec) (HTTPResult, error) {
	start := time.Now()
	within := spec.Within
	if within <= 0 {
		within = probeDefault
	}
	if u, err := url.Parse(spec.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return HTTPResult{URL: spec.URL}, fmt.Errorf("invalid URL %q: want http:// or https://", spec.URL)
	}
	target, err := s.probeURL(ctx, spec)
	res := HTTPResult{URL: target}
	if err != nil {
		res.Err = err.Error()
		return res, nil
	}
	until := spec.Until
	if until == nil {
		until = func(status int, _ string) bool { return status == http.StatusOK }
	}

	deadline, cancel := context.WithTimeout(ctx, within)
	defer cancel()
	// pctx also ends when the watched containers have exited, so that a request in
	// flight to a dead server does not hold the probe until the deadline.
	pctx, giveUp := context.WithCancel(deadline)
	defer giveUp()
	var gaveUp atomic.Pointer[string]
	go func() {
		select {
		case why := <-s.watchExits(pctx, spec.Watch):
			gaveUp.Store(&why)
			giveUp()
		case <-pctx.Done():
		}
	}()
	client := &http.Client{
		Transport: &http.Transport{DisableKeepAlives: true, Proxy: nil},
		// A redirect is an answer in its own right; the check decides about it.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	defer client.CloseIdleConnections()

	delay := probeFirstDelay
	satisfied := false
	for {
		res.Attempts++
		status, body, err := get(pctx, client, target)
		if err == nil {
			res.Answered, res.Status, res.Body, res.Err, res.Closed = true, status, body, "", false
			if satisfied = until(status, body); satisfied {
				break
			}
		} else if pctx.Err() == nil {
			res.Err = err.Error()
			res.Closed = closedWithoutAnswer(err)
			if spec.GiveUpWhenRefused && errors.Is(err, syscall.ECONNREFUSED) {
				break
			}
		}
		select {
		case <-pctx.Done():
		case <-time.After(delay):
			delay = min(delay*2, probeMaxDelay)
			continue
		}
		break
	}
	res.Took = time.Since(start)
	if ctx.Err() != nil {
		return res, ctx.Err()
	}
	if why := gaveUp.Load(); why != nil && !satisfied {
		res.GaveUpEarly = *why
	}
	if !res.Answered && res.Err == "" {
		res.Err = fmt.Sprintf("no answer within %s", within)
	}
	return res, nil
}

func get(ctx context.Context, client *http.Client, target string) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return 0, "", err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, probeBodyLimit))
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return 0, "", err
	}
	return resp.StatusCode, string(body), nil
}

// closedWithoutAnswer recognises a connection that was accepted and then closed: what
// the engine's proxy does when nothing listens on the container's port, typically a
// server bound to 127.0.0.1 inside the container.
func closedWithoutAnswer(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET)
}

// probeURL maps the lesson's URL: through Via's published port, or the session's map.
func (s *Session) probeURL(ctx context.Context, spec ProbeSpec) (string, error) {
	if spec.Via == "" {
		return s.MapURL(spec.URL), nil
	}
	u, err := url.Parse(spec.URL)
	if err != nil {
		return spec.URL, fmt.Errorf("invalid URL %q: %w", spec.URL, err)
	}
	port := u.Port()
	if port == "" {
		port = defaultPort(u.Scheme)
	}
	info, err := s.InspectContainer(ctx, spec.Via)
	if err != nil {
		return spec.URL, err
	}
	for _, p := range info.Ports {
		if p.ContainerPort == port+"/tcp" && p.HostPort != "" {
			host := p.HostIP
			if host == "" || host == "0.0.0.0" || host == "::" || isLoopbackName(u.Hostname()) {
				host = "127.0.0.1"
			}
			u.Host = net.JoinHostPort(host, p.HostPort)
			return u.String(), nil
		}
	}
	return s.MapURL(spec.URL), fmt.Errorf("container %s does not publish port %s/tcp", info.Name, port)
}

// watchExits reports once every watched container has stopped running.
func (s *Session) watchExits(ctx context.Context, ids []string) <-chan string {
	out := make(chan string, 1)
	if len(ids) == 0 {
		return out
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var why string
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			waitC, errC := s.c.engine.ContainerWait(ctx, id, container.WaitConditionNotRunning)
			var msg string
			select {
			case w := <-waitC:
				msg = fmt.Sprintf("container %s exited with code %d", shortID(id), w.StatusCode)
			case err := <-errC:
				if ctx.Err() != nil {
					return
				}
				msg = fmt.Sprintf("container %s is gone: %v", shortID(id), err)
			case <-ctx.Done():
				return
			}
			mu.Lock()
			if why == "" {
				why = msg
			}
			mu.Unlock()
		}()
	}
	go func() {
		wg.Wait()
		if ctx.Err() == nil {
			out <- why
		}
	}()
	return out
}
