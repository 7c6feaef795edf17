// Package lessontest proves a course against the real engine: for every exercise, the
// starter files must fail the check, the reference solution must pass it, and each
// typical mistake must fail it. Lessons are tested like code.
package lessontest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"time"

	"github.com/dockademy/dockademy/checker"
	"github.com/dockademy/dockademy/internal/attempt"
	"github.com/dockademy/dockademy/internal/workspace"
	"github.com/dockademy/dockademy/lessons"
	"github.com/dockademy/dockademy/runner"
)

// Phase is one run of the check in a lesson test.
type Phase struct {
	Name     string        `json:"name"`      // "starter", "solution", "mistake <name>"
	WantPass bool          `json:"want_pass"` // the solution must pass; the others must fail
	Passed   bool          `json:"passed"`    // what the check said
	OK       bool          `json:"ok"`        // the check said what it must
	Caught   []string      `json:"caught"`    // steps that did not pass
	Error    string        `json:"error,omitempty"`
	Output   string        `json:"output,omitempty"` // the commands' output, when they failed
	Took     time.Duration `json:"took_ns"`
}

// Result is one exercise's test.
type Result struct {
	Exercise string  `json:"exercise"`
	Command  bool    `json:"command"`
	Phases   []Phase `json:"phases"`
	OK       bool    `json:"ok"`
}

// Options configure a lesson test.
type Options struct {
	Lang     string
	Progress func(exercise, phase string)
	// CommandTimeout bounds a solution's or mistake's shell commands.
	CommandTimeout time.Duration
}

// plan is what one phase applies on top of the starter files.
type plan struct {
	name     string
	wantPass bool
	files    []lessons.File
	commands string
}

// Exercise tests one exercise.
func Exercise(ctx context.Context, client *runner.Client, ex *lessons.Exercise, opts Options) Result {
	if opts.CommandTimeout == 0 {
		opts.CommandTimeout = 2 * time.Minute
	}
	res := Result{Exercise: ex.FullID(), Command: ex.IsCommand(), OK: true}
	phases := []plan{{name: "starter"}}
	if ex.IsCommand() {
		phases = append(phases, plan{name: "solution", wantPass: true, commands: ex.SolutionCommands})
	} else {
		phases = append(phases, plan{name: "solution", wantPass: true, files: ex.Solution})
	}
	for _, m := range ex.Mistakes {
		p := plan{name: "mistake " + m.Name}
		if ex.IsCommand() {
			p.commands, p.files = m.Commands, m.Files
			if p.commands == "" {
				p.commands = ex.SolutionCommands
			}
		} else {
			// A mistake's files replace the solution's, so start from the solution.
			p.files = append(append([]lessons.File{}, ex.Solution...), m.Files...)
		}
		phases = append(phases, p)
	}
	for _, p := range phases {
		if ctx.Err() != nil {
			break
		}
		if opts.Progress != nil {
			opts.Progress(ex.FullID(), p.name)
		}
		ph := runPhase(ctx, client, ex, opts, p)
		res.Phases = append(res.Phases, ph)
		res.OK = res.OK && ph.OK
	}
	return res
}

// runPhase runs the setup, applies the files or commands, checks, and removes what
// appeared on the engine.
func runPhase(ctx context.Context, client *runner.Client, ex *lessons.Exercise, opts Options, p plan) (ph Phase) {
	name, wantPass, files, commands := p.name, p.wantPass, p.files, p.commands
	start := time.Now()
	ph = Phase{Name: name, WantPass: wantPass}
	defer func() { ph.Took = time.Since(start) }()
	fail := func(format string, a ...any) Phase {
		ph.Error = fmt.Sprintf(format, a...)
		ph.Took = time.Since(start)
		return ph
	}

	dir, err := os.MkdirTemp("", "dockademy-lessontest-")
	if err != nil {
		return fail("could not make a scratch folder: %v", err)
	}
	defer os.RemoveAll(dir)
	if _, err := workspace.WriteFiles(dir, ex.Files, true); err != nil {
		return fail("could not write the starter files: %v", err)
	}
	if _, err := workspace.WriteFiles(dir, files, true); err != nil {
		return fail("could not write the %s files: %v", name, err)
	}

	// Command exercises and setups act in the learner's namespace, where the objects
	// the commands make are not labelled: the engine's state before tells what to remove.
	// File exercises run in a private namespace that cleans itself.
	mapped := isolated(ex)
	var before runner.Snapshot
	if !mapped {
		if before, err = client.TakeSnapshot(ctx); err != nil {
			return fail("could not record the engine's state: %v", err)
		}
		defer func() {
			if _, err := client.RemoveSince(context.WithoutCancel(ctx), before); err != nil && ph.Error == "" {
				ph.Error = fmt.Sprintf("could not remove what the test created: %v", err)
				ph.OK = false
			}
		}()
	}
	aopts := attempt.Options{Dir: dir, Lang: opts.Lang, Mapped: mapped}
	if err := attempt.Setup(ctx, client, ex, aopts); err != nil {
		return fail("setup: %v", err)
	}
	if commands != "" {
		if out, err := runCommands(ctx, dir, commands, opts.CommandTimeout); err != nil && wantPass {
			ph.Output = out
			return fail("the solution's commands failed: %v", err)
		}
	}
	rep, err := attempt.Check(ctx, client, ex, aopts)
	if err != nil {
		return fail("check: %v", err)
	}
	ph.Passed = rep.Passed
	ph.OK = rep.Passed == wantPass
	for _, s := range rep.Steps {
		if s.Status != checker.Passed {
			ph.Caught = append(ph.Caught, s.Name)
		}
	}
	if wantPass && !rep.Passed {
		ph.Error = describeFailures(rep)
	}
	return ph
}

// runCommands runs a lesson's shell commands as a learner would type them.
func runCommands(ctx context.Context, dir, script string, timeout time.Duration) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "sh", "-e", "-c", script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "DOCKER_CLI_HINTS=false")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	return out.String(), err
}

func describeFailures(rep *checker.Report) string {
	var b bytes.Buffer
	for _, s := range rep.Steps {
		if s.Status == checker.Passed {
			continue
		}
		fmt.Fprintf(&b, "%s (%s): %s", s.Name, s.Status, s.Message)
		if s.Expected != "" || s.Actual != "" {
			fmt.Fprintf(&b, " [expected %s; found %s]", s.Expected, s.Actual)
		}
		b.WriteString("; ")
	}
	return b.String()
}
