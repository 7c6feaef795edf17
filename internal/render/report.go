// Package render prints check reports for people: one line a step, and for a step that
// did not pass, what was expected, what was found, and the hint.
package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/dockademy/dockademy/checker"
	"github.com/dockademy/dockademy/internal/i18n"
)

const (
	green  = "\x1b[32m"
	red    = "\x1b[31m"
	yellow = "\x1b[33m"
	dim    = "\x1b[2m"
	reset  = "\x1b[0m"
)

// Step prints one step's result.
func Step(w io.Writer, s checker.StepResult, lang string, color bool) {
	mark, col := "✔", green
	switch s.Status {
	case checker.Failed:
		mark, col = "✘", red
	case checker.Error:
		mark, col = "!", red
	case checker.Skipped:
		mark, col = "-", dim
	}
	points := ""
	if s.MaxPoints > 0 {
		points = fmt.Sprintf(" (%d/%d)", s.Points, s.MaxPoints)
	}
	fmt.Fprintf(w, "%s %s%s\n", paint(color, col, mark), s.Name, points)
	if s.Status == checker.Passed {
		return
	}
	if s.Message != "" {
		fmt.Fprintf(w, "    %s\n", indent(s.Message))
	}
	if s.Expected != "" {
		fmt.Fprintf(w, "    %s %s\n", i18n.Pick(lang, "expected:", "기대한 것:"), indent(s.Expected))
	}
	if s.Actual != "" {
		fmt.Fprintf(w, "    %s %s\n", i18n.Pick(lang, "found:   ", "실제:     "), indent(s.Actual))
	}
	if s.Hint != "" {
		fmt.Fprintf(w, "    %s %s\n", paint(color, yellow, i18n.Pick(lang, "hint:", "힌트:")), indent(s.Hint))
	}
}

// Summary prints the limits that the check reached, then the score line.
func Summary(w io.Writer, r *checker.Report, lang string, color bool) {
	for _, h := range r.Limits {
		fmt.Fprintf(w, "%s %s\n", paint(color, red, "✘ "+i18n.Pick(lang, "limit:", "제한:")), h.Message)
	}
	if r.Passed {
		fmt.Fprintf(w, "%s %s %d/%d\n", paint(color, green, "PASS"),
			i18n.Pick(lang, "every step passed. score", "모든 단계를 통과했습니다. 점수"), r.Score, r.MaxScore)
		return
	}
	failed := 0
	for _, s := range r.Steps {
		if s.Status != checker.Passed {
			failed++
		}
	}
	fmt.Fprintf(w, "%s %s %d/%d\n", paint(color, red, "FAIL"),
		fmt.Sprintf(i18n.Pick(lang, "%d step(s) did not pass. score", "%d개 단계를 통과하지 못했습니다. 점수"), failed),
		r.Score, r.MaxScore)
}

// Report prints every step and the summary.
func Report(w io.Writer, r *checker.Report, lang string, color bool) {
	for _, s := range r.Steps {
		Step(w, s, lang, color)
	}
	Summary(w, r, lang, color)
}

func paint(on bool, col, s string) string {
	if !on {
		return s
	}
	return col + s + reset
}

func indent(s string) string {
	return strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n      ")
}
