// Package reader shows a lesson in the terminal one section at a time: it renders a
// section's Markdown with glamour to the terminal's width, and walks the learner through
// the lesson with a menu after each section.
package reader

import (
	"os"
	"regexp"
	"strings"

	"github.com/charmbracelet/glamour"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
	"golang.org/x/term"

	"github.com/dockademy/dockademy/internal/i18n"
)

// Renderer turns a section's Markdown into text for a terminal Width cells wide.
type Renderer struct {
	Width int
	Color bool
	Lang  string
	tr    *glamour.TermRenderer
}

const (
	defaultWidth = 80
	// maxWidth keeps lines readable on a wide terminal.
	maxWidth = 100
	minWidth = 20
)

// TerminalWidth is the width of the terminal behind f, or 80 when f is not one.
func TerminalWidth(f any) int {
	type fder interface{ Fd() uintptr }
	if fd, ok := f.(fder); ok {
		if w, _, err := term.GetSize(int(fd.Fd())); err == nil && w > 0 {
			return w
		}
	}
	return defaultWidth
}

// NewRenderer renders for a terminal width cells wide. Without colour it uses glamour's
// plain style, which adds no escape sequences, for pipes, logs and NO_COLOR.
func NewRenderer(width int, color bool, lang string) (*Renderer, error) {
	width = min(max(width, minWidth), maxWidth)
	style := "notty"
	if color {
		// "dark" rather than glamour's auto style: auto asks the terminal for its
		// background colour, which stalls or prints junk in some multiplexers.
		style = "dark"
	}
	profile := termenv.Ascii
	if color {
		profile = termenv.ANSI256
		if ct := os.Getenv("COLORTERM"); ct == "truecolor" || ct == "24bit" {
			profile = termenv.TrueColor
		}
	}
	// glamour adds a margin of 2 on each side of the wrapped text.
	tr, err := glamour.NewTermRenderer(
		glamour.WithStandardStyle(style),
		glamour.WithColorProfile(profile),
		glamour.WithWordWrap(width-4),
	)
	if err != nil {
		return nil, err
	}
	return &Renderer{Width: width, Color: color, Lang: lang, tr: tr}, nil
}

// Render renders one section: its title as a heading, then its body. No line of the
// result is wider than r.Width cells, counting Hangul as two.
func (r *Renderer) Render(title, markdown string) (string, error) {
	src := markdown
	if title != "" {
		src = "## " + title + "\n\n" + markdown
	}
	out, err := r.tr.Render(r.fileLabels(r.alerts(joinSoftBreaks(src))))
	if err != nil {
		return "", err
	}
	return fit(out, r.Width), nil
}

// fit breaks what glamour leaves too wide (code blocks are never wrapped, and it counts
// some wide runes as one cell) and drops the trailing blanks that pad each line.
func fit(s string, width int) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	for _, line := range lines {
		line = trimRightBlank(line)
		if ansi.StringWidth(line) > width {
			line = hardwrap(line, width)
		}
		out = append(out, line)
	}
	// glamour frames the text with blank lines; the reader spaces sections itself.
	for len(out) > 0 && out[0] == "" {
		out = out[1:]
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return strings.Join(out, "\n") + "\n"
}

// hardwrap breaks a line at width cells and indents the continuation like the line,
// so that a long code line stays inside its block's margin.
func hardwrap(line string, width int) string {
	plain := ansi.Strip(line)
	indent := min(len(plain)-len(strings.TrimLeft(plain, " ")), width/2)
	parts := strings.Split(ansi.Hardwrap(line, width, true), "\n")
	rest := strings.Join(parts[1:], "")
	out := []string{trimRightBlank(parts[0])}
	pad := strings.Repeat(" ", indent)
	for _, p := range strings.Split(ansi.Hardwrap(rest, width-indent, true), "\n") {
		out = append(out, pad+trimRightBlank(p))
	}
	return strings.Join(out, "\n")
}

// trimRightBlank drops the spaces with which glamour pads each line to the full width,
// each often wrapped in its own colour sequence: they make copied text ragged and
// the output ten times longer than the text.
func trimRightBlank(line string) string {
	if !strings.Contains(line, "\x1b") {
		return strings.TrimRight(line, " ")
	}
	end := 0
	for i := 0; i < len(line); {
		seq, width, n, _ := ansi.DecodeSequence(line[i:], ansi.NormalState, nil)
		if width > 0 && strings.TrimSpace(seq) != "" {
			end = i + n
		}
		i += n
	}
	if end == 0 {
		return ""
	}
	return line[:end] + "\x1b[0m"
}

var mdParser = goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser()

// joinSoftBreaks turns the line breaks inside paragraphs and list items into spaces.
// glamour reflows a paragraph but keeps a list item's lines as written, which leaves
// ragged lines when the terminal is narrower than the source (Korean lessons wrap at
// 80 columns). Lines that go on a blockquote are left alone: glamour reflows those.
func joinSoftBreaks(src string) string {
	b := []byte(src)
	var cuts [][2]int
	_ = ast.Walk(mdParser.Parse(text.NewReader(b)), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		t, ok := n.(*ast.Text)
		if !entering || !ok || !t.SoftLineBreak() || t.HardLineBreak() {
			return ast.WalkContinue, nil
		}
		i := t.Segment.Stop
		for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
			i++
		}
		if i >= len(b) || b[i] != '\n' {
			return ast.WalkContinue, nil
		}
		j := i + 1
		for j < len(b) && (b[j] == ' ' || b[j] == '\t') {
			j++
		}
		if j < len(b) && b[j] != '>' && b[j] != '\n' {
			cuts = append(cuts, [2]int{t.Segment.Stop, j})
		}
		return ast.WalkContinue, nil
	})
	for k := len(cuts) - 1; k >= 0; k-- {
		c := cuts[k]
		b = append(b[:c[0]], append([]byte{' '}, b[c[1]:]...)...)
	}
	return string(b)
}

var fileFence = regexp.MustCompile("(?m)^(\\s{0,3})(```+|~~~+)([^`\n]*?)\\{([^}\n]*)\\}[ \t]*$")

var fileAttr = regexp.MustCompile(`(?:^|\s)file=("[^"]*"|\S+)`)

// fileLabels names the file above each starter file's code block: the block's
// {file=PATH} is lost when glamour renders it, and the learner must know which file
// it is.
func (r *Renderer) fileLabels(src string) string {
	return fileFence.ReplaceAllStringFunc(src, func(m string) string {
		sub := fileFence.FindStringSubmatch(m)
		f := fileAttr.FindStringSubmatch(sub[4])
		if f == nil {
			return m
		}
		name := strings.Trim(f[1], `"`)
		if r.Color {
			name = "**" + name + "**" // the plain style would print the stars
		}
		return sub[1] + i18n.Pick(r.Lang, "File ", "파일 ") + name + ":\n\n" + sub[1] + sub[2] + strings.TrimSpace(sub[3])
	})
}

var alertMarker = regexp.MustCompile(`(?m)^(\s{0,3}>\s?)\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*$`)

// alerts turns GitHub's "> [!NOTE]" markers, which glamour shows as they are, into a
// bold word in the learner's language.
func (r *Renderer) alerts(src string) string {
	return alertMarker.ReplaceAllStringFunc(src, func(m string) string {
		sub := alertMarker.FindStringSubmatch(m)
		if !r.Color {
			// The plain style prints emphasis markers as they are.
			return sub[1] + alertWord(sub[2], r.Lang) + ":"
		}
		return sub[1] + "**" + alertWord(sub[2], r.Lang) + "**"
	})
}

func alertWord(kind, lang string) string {
	switch kind {
	case "TIP":
		return i18n.Pick(lang, "Tip", "팁")
	case "WARNING", "CAUTION":
		return i18n.Pick(lang, "Warning", "주의")
	case "IMPORTANT":
		return i18n.Pick(lang, "Important", "중요")
	}
	return i18n.Pick(lang, "Note", "참고")
}
