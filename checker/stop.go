package checker

import (
	"github.com/dockademy/dockademy/lessons"
	"github.com/dockademy/dockademy/runner"
)

// Stop judges a stop step. Without within it is an action that succeeded if the
// runner returned a result. With within it asserts that the container exited on
// SIGTERM in time: Took <= Within and not killed. A container that had already
// exited proves nothing about SIGTERM, so it fails.
func Stop(s *lessons.Step, r runner.StopResult, lang string) Verdict {
	who := code(s.Subject)
	if r.ContainerID != "" {
		who = code(s.Subject) + " (" + shortID(r.ContainerID) + ")"
	}
	within := s.Stop.Within
	if within <= 0 {
		return passed("", msg(lang, vStoppedAfter, duration(r.Took)), msg(lang, mStopDone, who))
	}
	expected := msg(lang, vExitsWithin, duration(within))
	switch {
	case !r.WasRunning:
		return failed(expected, msg(lang, vWasNotRunning), msg(lang, mStopNotRunning, who))
	case r.Killed:
		return failed(expected, msg(lang, vKilledAfter, duration(r.Took)), msg(lang, mStopKilled, who, duration(r.Took)))
	case r.Took > within:
		return failed(expected, msg(lang, vStoppedAfter, duration(r.Took)),
			msg(lang, mStopSlow, who, duration(r.Took), duration(within)))
	}
	return passed(expected, msg(lang, vStoppedAfter, duration(r.Took)),
		msg(lang, mStopOK, who, duration(r.Took), duration(within)))
}
