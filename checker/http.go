package checker

import (
	"strings"
	"time"

	"github.com/dockademy/dockademy/lessons"
	"github.com/dockademy/dockademy/runner"
)

// defaultWithin is how long an http step waits for a satisfying answer when the lesson
// does not say.
const defaultWithin = 10 * time.Second

// HTTPSatisfied is the probe's stop condition for an http step: the status it asks for
// (200 by default) and, if given, the body text. The runner polls until it holds, so
// that a server still starting is not judged on its first answer.
func HTTPSatisfied(s *lessons.Step) func(status int, body string) bool {
	want := wantStatus(s)
	text := s.HTTP.Body
	return func(status int, body string) bool {
		return status == want && (text == nil || strings.Contains(body, *text))
	}
}

func wantStatus(s *lessons.Step) int {
	if s.HTTP.Status == 0 {
		return 200
	}
	return s.HTTP.Status
}

// HTTP judges an http assertion against the probe's last answer. When nothing answered
// it tells apart a refused connection (nothing listens on the host port: not
// published, or the container is not running), a connection that was accepted and
// then dropped (docker-proxy took it, but the server inside listens on 127.0.0.1 or on
// another port, or has not started), and a probe that gave up because the container
// exited.
func HTTP(s *lessons.Step, r runner.HTTPResult, lang string) Verdict {
	url := r.URL
	if url == "" {
		url = s.Subject
	}
	status := wantStatus(s)
	expected := "HTTP " + itoa(status)
	if s.HTTP.Body != nil {
		expected += ", " + msg(lang, vBodyContaining, excerpt(*s.HTTP.Body, excerptLen))
	}
	if !r.Answered {
		actual := msg(lang, vNoAnswerPlain)
		if why := noAnswerReason(r); why != "" {
			actual = msg(lang, vNoAnswer, why)
		}
		return failed(expected, actual, noAnswer(lang, s, url, r))
	}
	var f findings
	actual := "HTTP " + itoa(r.Status) + ", " + msg(lang, vBody, excerpt(r.Body, excerptLen))
	f.add(r.Status == status, "HTTP "+itoa(status), actual, msg(lang, mHTTPStatus, url, r.Status, status))
	if s.HTTP.Body != nil {
		f.add(strings.Contains(r.Body, *s.HTTP.Body), msg(lang, vBodyContaining, excerpt(*s.HTTP.Body, excerptLen)),
			msg(lang, vBody, excerpt(r.Body, excerptLen)), msg(lang, mHTTPBody, url, excerpt(*s.HTTP.Body, excerptLen)))
	}
	v := f.verdict(msg(lang, mHTTPOK, url, r.Status))
	if v.Status == Passed {
		v.Expected, v.Actual = expected, actual
	}
	return v
}

func noAnswerReason(r runner.HTTPResult) string {
	switch {
	case r.GaveUpEarly != "":
		return r.GaveUpEarly
	}
	return r.Err
}

// connErr sorts a transport error, which reaches the checker as text.
type connErr int

const (
	connOther connErr = iota
	connRefused
	connDropped
	connTimeout
)

func classify(err string) connErr {
	e := strings.ToLower(err)
	switch {
	case strings.Contains(e, "connection refused"):
		return connRefused
	case strings.Contains(e, "connection reset"), strings.Contains(e, "eof"),
		strings.Contains(e, "broken pipe"), strings.Contains(e, "empty reply"):
		return connDropped
	case strings.Contains(e, "timeout"), strings.Contains(e, "deadline exceeded"):
		return connTimeout
	}
	return connOther
}

func noAnswer(lang string, s *lessons.Step, url string, r runner.HTTPResult) string {
	if r.GaveUpEarly != "" {
		return msg(lang, mHTTPGaveUp, url, r.GaveUpEarly)
	}
	within := s.HTTP.Within
	if within == 0 {
		within = defaultWithin
	}
	switch classify(r.Err) {
	case connRefused:
		return msg(lang, mHTTPRefused, url)
	case connDropped:
		return msg(lang, mHTTPDropped, url, r.Err)
	}
	if r.Err == "" {
		return msg(lang, mHTTPNoAnswerPlain, url, duration(within))
	}
	return msg(lang, mHTTPNoAnswer, url, duration(within), r.Err)
}
