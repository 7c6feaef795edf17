package checker

import (
	"strings"

	"github.com/dockademy/dockademy/lessons"
	"github.com/dockademy/dockademy/runner"
)

// Build judges a build action: it succeeded when it produced an image. A failure names
// the step and instruction that failed and the engine's own words; a missing base
// image says how to get it here, where there may be no registry.
func Build(s *lessons.Step, b runner.BuildResult, lang string) Verdict {
	tag := b.Tag
	if tag == "" {
		tag = s.Build.Tag
	}
	if b.ImageID != "" {
		built := shortID(b.ImageID)
		if tag != "" {
			built = msg(lang, vImageID, tag, shortID(b.ImageID))
		}
		return passed(msg(lang, vBuildSucceeds), built, msg(lang, mBuildOK, built))
	}
	expected := msg(lang, vBuildSucceeds)
	fl := b.Failure
	if fl == nil {
		return failed(expected, msg(lang, vNoImageBuilt), msg(lang, mBuildNoImage))
	}
	if fl.MissingBase != "" {
		return failed(expected, msg(lang, vMissingBase, fl.MissingBase), msg(lang, mBuildMissingBase, fl.MissingBase))
	}
	engine := strings.TrimSpace(fl.Message)
	where := fl.Step
	if where == "" {
		where = fl.Instruction
	}
	var actual []string
	if where != "" {
		actual = append(actual, where)
	}
	var m string
	switch {
	case where != "" && fl.ExitCode != 0:
		actual = append(actual, msg(lang, vExitCode, fl.ExitCode))
		m = msg(lang, mBuildStepExit, where, fl.ExitCode, engine)
	case where != "":
		actual = append(actual, engine)
		m = msg(lang, mBuildStep, where, engine)
	default:
		actual = append(actual, engine)
		m = msg(lang, mBuildFailed, engine)
	}
	if needsBuildKit(engine) {
		m += " " + msg(lang, mBuildClassic)
	}
	return failed(expected, strings.Join(actual, ", "), m)
}

// needsBuildKit recognises the classic builder refusing a BuildKit-only feature, which
// a learner who copied a modern Dockerfile will meet.
func needsBuildKit(engine string) bool {
	e := strings.ToLower(engine)
	return strings.Contains(e, "buildkit") || strings.Contains(e, "--chmod") || strings.Contains(e, "--mount")
}

// Run judges a run or exec action. A run that could not start fails with the engine's
// reason (most often the learner's image: a missing program, a wrong CMD); one that
// did not exit within its timeout fails; any exit code passes, since output
// assertions judge it.
func Run(s *lessons.Step, r runner.RunResult, err error, lang string) Verdict {
	exec := s.Kind == lessons.KindExec
	what := code(s.Subject)
	if exec {
		what = code(strings.Join(s.Command, " "))
	}
	if err != nil {
		if exec {
			return failed(msg(lang, vCommandRuns), err.Error(), msg(lang, mExecError, what, err.Error()))
		}
		return failed(msg(lang, vContainerStarts), err.Error(), msg(lang, mRunError, what, err.Error()))
	}
	if r.TimedOut {
		limit := msg(lang, vExitsInTime)
		if s.Timeout > 0 {
			limit = msg(lang, vExitsWithinLimit, duration(s.Timeout))
		}
		id := mRunTimedOut
		if exec {
			id = mExecTimedOut
		}
		return failed(limit, msg(lang, vTimedOut), msg(lang, id, what))
	}
	if r.Detached && !exec {
		c := shortID(r.ContainerID)
		return passed("", msg(lang, vContainer, c), msg(lang, mRunDetached, what, c))
	}
	id := mRunExited
	if exec {
		id = mExecExited
	}
	return passed("", msg(lang, vExitCode, r.ExitCode), msg(lang, id, what, r.ExitCode))
}

// Skip is the verdict of a step that was not run because the action it depends on,
// the step named because, failed. (The name Skipped is the Status.)
func Skip(s *lessons.Step, because string, lang string) Verdict {
	return Verdict{Status: Skipped, Actual: msg(lang, vNotRun), Message: msg(lang, mSkipped, because)}
}

// Errored is the verdict of a step that the tool or the engine could not judge.
func Errored(s *lessons.Step, err error, lang string) Verdict {
	text := "unknown error"
	if err != nil {
		text = err.Error()
	}
	return Verdict{Status: Error, Actual: text, Message: msg(lang, mErrored, text)}
}
