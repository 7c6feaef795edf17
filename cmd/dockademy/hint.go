package main

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dockademy/dockademy/internal/events"
	"github.com/dockademy/dockademy/internal/i18n"
	"github.com/dockademy/dockademy/internal/progress"
	"github.com/dockademy/dockademy/lessons"
)

type hintOptions struct {
	json bool
}

// hintJSON is what `hint --json` prints.
type hintJSON struct {
	Exercise string `json:"exercise"`
	Kind     string `json:"kind"`           // "step" (a failing step's own hint), "tip" (the lesson's), "none"
	Index    int    `json:"index"`          // the tip's number from 1; 0 otherwise
	Step     string `json:"step,omitempty"` // the failing step, for kind "step"
	Text     string `json:"text"`
	TipsLeft int    `json:"tips_left"`
}

func (a *app) hintCmd() *cobra.Command {
	opts := &hintOptions{}
	cmd := &cobra.Command{
		Use:   "hint [<lesson-id>/<exercise-id>] [--json]",
		Short: "Show the next hint for an exercise",
		Long: `Show one hint at a time: first the hint of a step that failed in your last
check, then the lesson's hints in order. Each call reveals the next one. Without
an id, the exercise you last opened or checked. Hints you use are recorded.`,
		Example: `  dockademy hint
  dockademy hint dockerfile-basics/helloworld`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return a.runHint(cmd.Context(), args, opts) },
	}
	cmd.Flags().BoolVar(&opts.json, "json", false, "print the hint as JSON")
	return cmd
}

func (a *app) runHint(ctx context.Context, args []string, opts *hintOptions) error {
	l, ex, err := a.loadExercise(args)
	if err != nil {
		return err
	}
	ws, lang, st := l.ws, l.lang, l.state
	h := nextHint(ex, st.Unit(ex.FullID()))
	if h.Kind != "none" {
		e := events.New(events.Hint, ex.FullID())
		e.Hint = &events.HintUse{Index: h.Index, Step: h.Step}
		a.recordEvent(ctx, ws, lang, e)
	}
	if opts.json {
		enc := json.NewEncoder(a.io.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(h)
	}
	out := a.io.Out
	switch h.Kind {
	case "step":
		fmt.Fprintf(out, i18n.Pick(lang, "Hint for the step %q that failed:\n", "통과하지 못한 단계 %q 의 힌트:\n"), h.Step)
	case "tip":
		fmt.Fprintf(out, i18n.Pick(lang, "Hint %d of %d:\n", "힌트 %d/%d:\n"), h.Index, len(ex.Hints))
	default:
		if len(ex.Hints) == 0 {
			fmt.Fprintln(out, i18n.Pick(lang, "This exercise has no hints.", "이 실습에는 힌트가 없습니다."))
		} else {
			fmt.Fprintf(out, i18n.Pick(lang,
				"No hints left: you have seen all %d.\n", "남은 힌트가 없습니다: %d개를 모두 보았습니다.\n"), len(ex.Hints))
		}
		fmt.Fprintf(out, i18n.Pick(lang,
			"'dockademy solution %s' shows the answer after a pass, or after 3 checks.\n",
			"'dockademy solution %s' 는 통과한 뒤, 또는 세 번 확인한 뒤에 답을 보여 줍니다.\n"), ex.FullID())
		return nil
	}
	fmt.Fprintln(out, indentBlock(h.Text))
	switch {
	case h.TipsLeft > 0:
		fmt.Fprintf(out, i18n.Pick(lang,
			"(%d more: run 'dockademy hint' again)\n", "(힌트가 %d개 더 있습니다: 'dockademy hint' 를 다시 실행하세요)\n"), h.TipsLeft)
	default:
		fmt.Fprintln(out, i18n.Pick(lang, "(that was the last hint)", "(마지막 힌트였습니다)"))
	}
	return nil
}

// nextHint picks what the learner has not seen yet: the own hint of a step that
// failed in the last check, then the lesson's tips in order.
func nextHint(ex *lessons.Exercise, u progress.UnitState) hintJSON {
	h := hintJSON{Exercise: ex.FullID(), Kind: "none", TipsLeft: max(len(ex.Hints)-u.TipsShown, 0)}
	for _, name := range u.LastFailing {
		if slices.Contains(u.StepHints, name) {
			continue
		}
		for i := range ex.Check {
			s := &ex.Check[i]
			if s.DisplayName() == name && strings.TrimSpace(s.Hint) != "" {
				h.Kind, h.Step, h.Text = "step", name, strings.TrimSpace(s.Hint)
				return h
			}
		}
	}
	if u.TipsShown < len(ex.Hints) {
		h.Kind, h.Index, h.Text = "tip", u.TipsShown+1, strings.TrimSpace(ex.Hints[u.TipsShown])
		h.TipsLeft--
	}
	return h
}

func indentBlock(s string) string {
	return "  " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n  ")
}
