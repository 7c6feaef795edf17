package checker

import (
	"fmt"
	"strings"

	"github.com/dockademy/dockademy/lessons"
	"github.com/dockademy/dockademy/runner"
)

// Output judges an output assertion against what a run or exec produced, or against a
// container's logs.
//
// stdout_equals compares after removing one trailing newline ("\n" or "\r\n") from both
// the output and the expected text: echo ends its line, and a YAML block scalar
// (`stdout_equals: |`) ends with one too, while a plain scalar does not. Anything
// else, other whitespace included, must match exactly.
//
// A run that the step's timeout ended fails the assertion whatever its output: the
// output may be cut short and there is no exit code.
func Output(s *lessons.Step, r runner.RunResult, lang string) Verdict {
	o := s.Output
	who := outputPhrase(lang, s.Subject)
	var f findings
	if r.TimedOut {
		f.add(false, msg(lang, vExitsInTime), msg(lang, vTimedOut), msg(lang, mOutputTimedOut, who))
	}
	if o.Stdout != nil {
		f.add(strings.Contains(r.Stdout, *o.Stdout),
			msg(lang, vStreamContaining, "stdout", excerpt(*o.Stdout, excerptLen)),
			streamText(lang, "stdout", r.Stdout),
			msg(lang, mOutputStdout, who, excerpt(*o.Stdout, excerptLen)))
	}
	if o.StdoutEquals != nil {
		want := trimNewline(*o.StdoutEquals)
		f.add(trimNewline(r.Stdout) == want,
			"stdout "+excerpt(want, excerptLen), streamText(lang, "stdout", trimNewline(r.Stdout)),
			msg(lang, mOutputStdoutEquals, who))
	}
	if o.Stderr != nil {
		f.add(strings.Contains(r.Stderr, *o.Stderr),
			msg(lang, vStreamContaining, "stderr", excerpt(*o.Stderr, excerptLen)),
			streamText(lang, "stderr", r.Stderr),
			msg(lang, mOutputStderr, who, excerpt(*o.Stderr, excerptLen)))
	}
	if o.ExitCode != nil && !r.TimedOut {
		want := msg(lang, vExitCode, *o.ExitCode)
		if !r.Exited {
			f.add(false, want, msg(lang, vRunning), msg(lang, mOutputStillRunning, who))
		} else {
			f.add(r.ExitCode == *o.ExitCode, want, msg(lang, vExitCode, r.ExitCode),
				msg(lang, mOutputExitCode, who, r.ExitCode, *o.ExitCode))
		}
	}
	if len(f) == 0 {
		// An output step with no options still says what it saw.
		return passed("", streamText(lang, "stdout", r.Stdout), msg(lang, mOutputOK, who))
	}
	return f.verdict(msg(lang, mOutputOK, who))
}

// outputPhrase names whose output it is: a step, a container subject, or the last run.
func outputPhrase(lang, subject string) string {
	if subject == "" {
		return msg(lang, vLastRun)
	}
	return code(subject)
}

// trimNewline removes one trailing line ending.
func trimNewline(s string) string {
	if t, ok := strings.CutSuffix(s, "\n"); ok {
		return strings.TrimSuffix(t, "\r")
	}
	return s
}

func streamText(lang, stream, text string) string {
	if text == "" {
		return msg(lang, vNoStream, stream)
	}
	return fmt.Sprintf("%s %s", stream, excerpt(text, excerptLen))
}
