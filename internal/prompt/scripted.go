package prompt

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Scripted is a Prompter for tests: it answers from a list prepared in advance and
// remembers what it was asked. A question that the script does not expect fails the
// call with an error that says what was asked.
type Scripted struct {
	mu      sync.Mutex
	answers []Answer
	// Asked is every question, as "kind: message [option|option]".
	Asked []string
}

// Answer is one scripted reply. Kind is "select", "multiselect", "confirm" or "input".
// For a select, Pick names the option by a substring of its text; for a multiselect,
// Picks does. Err, when set, is returned instead (ErrInterrupted, say).
type Answer struct {
	Kind  string
	Pick  string
	Picks []string
	Yes   bool
	Text  string
	Err   error
}

// NewScripted answers with answers, in order.
func NewScripted(answers ...Answer) *Scripted { return &Scripted{answers: answers} }

// Choose is a select answer that picks the option containing text.
func Choose(text string) Answer { return Answer{Kind: "select", Pick: text} }

// ChooseAll is a multiselect answer that picks the options containing each text.
func ChooseAll(texts ...string) Answer { return Answer{Kind: "multiselect", Picks: texts} }

// Interrupt is an answer of any kind that presses Ctrl-C.
func Interrupt() Answer { return Answer{Err: ErrInterrupted} }

// Left is the number of answers not yet used.
func (s *Scripted) Left() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.answers)
}

func (s *Scripted) next(kind, msg string, options []string) (Answer, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := fmt.Sprintf("%s: %s", kind, msg)
	if len(options) > 0 {
		q += " [" + strings.Join(options, "|") + "]"
	}
	s.Asked = append(s.Asked, q)
	if len(s.answers) == 0 {
		return Answer{}, fmt.Errorf("unexpected question, the script has no answer left: %s", q)
	}
	a := s.answers[0]
	s.answers = s.answers[1:]
	if a.Err != nil {
		return a, a.Err
	}
	if a.Kind != kind {
		return a, fmt.Errorf("the script answers a %s, but was asked %s", a.Kind, q)
	}
	return a, nil
}

func find(options []string, text, q string) (int, error) {
	i := slices.IndexFunc(options, func(o string) bool { return strings.Contains(o, text) })
	if i < 0 {
		return 0, fmt.Errorf("no option contains %q in %s", text, q)
	}
	return i, nil
}

// Select implements Prompter.
func (s *Scripted) Select(ctx context.Context, msg string, options []string, def int) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	a, err := s.next("select", msg, options)
	if err != nil {
		return 0, err
	}
	return find(options, a.Pick, msg)
}

// MultiSelect implements Prompter.
func (s *Scripted) MultiSelect(ctx context.Context, msg string, options []string) ([]int, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	a, err := s.next("multiselect", msg, options)
	if err != nil {
		return nil, err
	}
	var picked []int
	for _, t := range a.Picks {
		i, err := find(options, t, msg)
		if err != nil {
			return nil, err
		}
		picked = append(picked, i)
	}
	slices.Sort(picked)
	return picked, nil
}

// Confirm implements Prompter.
func (s *Scripted) Confirm(ctx context.Context, msg string, def bool) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	a, err := s.next("confirm", msg, nil)
	return a.Yes, err
}

// Input implements Prompter.
func (s *Scripted) Input(ctx context.Context, msg, def string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	a, err := s.next("input", msg, nil)
	if err == nil && a.Text == "" {
		return def, nil
	}
	return a.Text, err
}

var _ Prompter = (*Scripted)(nil)
