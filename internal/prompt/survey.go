package prompt

import (
	"context"
	"errors"
	"io"

	"github.com/AlecAivazis/survey/v2"
	"github.com/AlecAivazis/survey/v2/core"
	"github.com/AlecAivazis/survey/v2/terminal"
	"golang.org/x/term"
)

// Survey asks questions with github.com/AlecAivazis/survey on a real terminal.
type Survey struct {
	in  terminal.FileReader
	out terminal.FileWriter
	err io.Writer
}

// NewSurvey asks on in and out, which must be terminals (os.Stdin and os.Stdout).
// It returns false when they are not files; callers check for a terminal beforehand.
func NewSurvey(in io.Reader, out, errOut io.Writer, color bool) (*Survey, bool) {
	fin, ok1 := in.(terminal.FileReader)
	fout, ok2 := out.(terminal.FileWriter)
	if !ok1 || !ok2 {
		return nil, false
	}
	// survey keeps its colour switch in a package variable; one process has one terminal.
	core.DisableColor = !color
	return &Survey{in: fin, out: fout, err: errOut}, true
}

// Select implements Prompter.
func (s *Survey) Select(ctx context.Context, msg string, options []string, def int) (int, error) {
	var i int
	p := &survey.Select{Message: msg, Options: options, PageSize: min(len(options), 15)}
	if def >= 0 && def < len(options) {
		p.Default = options[def]
	}
	err := s.ask(ctx, p, &i)
	return i, err
}

// MultiSelect implements Prompter.
func (s *Survey) MultiSelect(ctx context.Context, msg string, options []string) ([]int, error) {
	var picked []int
	p := &survey.MultiSelect{Message: msg, Options: options, PageSize: min(len(options), 15)}
	err := s.ask(ctx, p, &picked)
	return picked, err
}

// Confirm implements Prompter.
func (s *Survey) Confirm(ctx context.Context, msg string, def bool) (bool, error) {
	var yes bool
	err := s.ask(ctx, &survey.Confirm{Message: msg, Default: def}, &yes)
	return yes, err
}

// Input implements Prompter.
func (s *Survey) Input(ctx context.Context, msg, def string) (string, error) {
	var text string
	err := s.ask(ctx, &survey.Input{Message: msg, Default: def}, &text)
	return text, err
}

// ask runs one survey question. survey cannot be cancelled, so when ctx ends first
// (SIGTERM) the terminal is put back as it was and ctx's error returned; the process
// is on its way out and the reading goroutine goes with it.
func (s *Survey) ask(ctx context.Context, p survey.Prompt, response any) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	fd := int(s.in.Fd())
	state, stateErr := term.GetState(fd)
	done := make(chan error, 1)
	go func() {
		done <- survey.AskOne(p, response,
			survey.WithStdio(s.in, s.out, s.err),
			survey.WithShowCursor(true))
	}()
	select {
	case err := <-done:
		if errors.Is(err, terminal.InterruptErr) {
			return ErrInterrupted
		}
		return err
	case <-ctx.Done():
		if stateErr == nil {
			_ = term.Restore(fd, state)
		}
		return ctx.Err()
	}
}

var _ Prompter = (*Survey)(nil)
