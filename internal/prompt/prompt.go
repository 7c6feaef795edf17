// Package prompt asks the learner questions in the terminal. Commands depend on the
// small Prompter interface; survey, which draws the questions, is imported only by
// this package's survey.go, and tests answer with a Scripted prompter.
package prompt

import (
	"context"
	"errors"
)

// Prompter asks one question at a time. Every method returns ErrInterrupted when the
// learner presses Ctrl-C, and ctx's error when ctx ends first.
type Prompter interface {
	// Select returns the index of the one option picked; def is the one highlighted first.
	Select(ctx context.Context, msg string, options []string, def int) (int, error)
	// MultiSelect returns the indexes of the options picked, in order.
	MultiSelect(ctx context.Context, msg string, options []string) ([]int, error)
	Confirm(ctx context.Context, msg string, def bool) (bool, error)
	Input(ctx context.Context, msg, def string) (string, error)
}

// ErrInterrupted is returned when the learner cancels a question with Ctrl-C. It
// matches context.Canceled under errors.Is, so that callers treat it as cancellation
// (exit status 130) without knowing about prompts.
var ErrInterrupted error = interrupted{}

type interrupted struct{}

func (interrupted) Error() string        { return "interrupted" }
func (interrupted) Is(target error) bool { return target == context.Canceled }

// IsInterrupted reports whether err is the learner's Ctrl-C at a question.
func IsInterrupted(err error) bool { return errors.Is(err, ErrInterrupted) }
