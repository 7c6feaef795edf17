package lessons

import (
	"bytes"
	"cmp"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// rawSection is a run of top-level blocks under one heading.
type rawSection struct {
	title   string
	line    int
	heading *ast.Heading // nil for the text before the first heading
	blocks  []block
	kind    string // "exercise", "quiz", or "" for prose
	id      string // the unit's id; "" for prose
}

// sections cuts the body at headings of level 1 and 2 and turns each part into a
// Section, an Exercise or a Quiz. A level-1 heading that opens the body titles the
// first section instead of starting a new one.
func (p *lessonParser) sections(bs []block) {
	intro := &rawSection{title: p.lesson.Title, line: 1}
	secs := []*rawSection{intro}
	cur := intro
	for _, b := range bs {
		h, ok := b.node.(*ast.Heading)
		switch {
		case ok && h.Level == 1 && cur == intro && intro.heading == nil && len(intro.blocks) == 0:
			intro.heading, intro.title, intro.line = h, p.headingTitle(h), b.line
			p.unitAttrs(h, b) // an H1 cannot be a unit, but say so if it claims to be
		case ok && h.Level <= 2:
			cur = &rawSection{heading: h, title: p.headingTitle(h), line: b.line}
			cur.kind, cur.id = p.unitAttrs(h, b)
			secs = append(secs, cur)
		default:
			if ok {
				p.unitAttrs(h, b)
			}
			cur.blocks = append(cur.blocks, b)
		}
	}
	for _, s := range secs {
		p.section(s, s == intro)
	}
}

func (p *lessonParser) section(s *rawSection, intro bool) {
	keep := func(block) bool { return true }
	switch s.kind {
	case "exercise":
		var e *Exercise
		e, keep = p.exercise(s)
		p.lesson.Exercises = append(p.lesson.Exercises, e)
	case "quiz":
		var q *Quiz
		q, keep = p.quiz(s)
		p.lesson.Quizzes = append(p.lesson.Quizzes, q)
	default:
		for _, b := range s.blocks {
			p.strayCode(b)
		}
	}
	sec := Section{Title: s.title, Unit: s.id, Line: s.line, Markdown: p.joinBlocks(s.blocks, keep)}
	if intro && s.heading == nil {
		if sec.Markdown == "" {
			return
		}
		sec.Line = s.blocks[0].line
	}
	p.lesson.Sections = append(p.lesson.Sections, sec)
}

// headingTitle is the heading's Markdown without its {...} attributes, which goldmark
// has already cut from its lines.
func (p *lessonParser) headingTitle(h *ast.Heading) string {
	var parts []string
	for i := 0; i < h.Lines().Len(); i++ {
		seg := h.Lines().At(i)
		parts = append(parts, strings.TrimSpace(string(seg.Value(p.src))))
	}
	return strings.Join(parts, " ")
}

// unitAttrs reads {#id .exercise} or {#id .quiz} from a heading.
func (p *lessonParser) unitAttrs(h *ast.Heading, b block) (kind, id string) {
	var classes []string
	if v, ok := h.AttributeString("class"); ok {
		if c, ok := v.([]byte); ok {
			classes = strings.Fields(string(c))
		}
	}
	if v, ok := h.AttributeString("id"); ok {
		if c, ok := v.([]byte); ok {
			id = string(c)
		}
	}
	for _, c := range classes {
		if c != "exercise" && c != "quiz" {
			continue
		}
		if kind != "" && kind != c {
			p.errs.add(b.line, "a heading is either .exercise or .quiz, not both")
			return "", ""
		}
		kind = c
	}
	if kind == "" {
		return "", ""
	}
	if h.Level != 2 {
		p.errs.add(b.line, "%s headings are level 2: write ## %s {#%s .%s}", kind, p.headingTitle(h), cmp.Or(id, "my-"+kind), kind)
		return "", ""
	}
	switch {
	case id == "":
		p.errs.add(b.line, "this %s has no id; add one to the heading: ## %s {#%s .%s}", kind, p.headingTitle(h), suggestID(p.headingTitle(h), "my-"+kind), kind)
	case !idPattern.MatchString(id):
		p.errs.add(b.line, "%s id %q may hold only lowercase letters, digits and -, like %s", kind, id, suggestID(id, "my-"+kind))
	case p.unitLines[id] > 0:
		p.errs.add(b.line, "unit id %q is already used at line %d; exercise and quiz ids are unique within a lesson", id, p.unitLines[id])
	default:
		p.unitLines[id] = b.line
	}
	return kind, id
}

// alertOf is the kind of a GitHub alert blockquote ("TIP", "NOTE", ...), or "".
func (p *lessonParser) alertOf(n ast.Node) string {
	para := n.FirstChild()
	if para == nil || para.Lines().Len() == 0 {
		return ""
	}
	seg := para.Lines().At(0)
	first := bytes.TrimSpace(seg.Value(p.src))
	if !bytes.HasPrefix(first, []byte("[!")) {
		return ""
	}
	end := bytes.IndexByte(first, ']')
	if end < 0 {
		return ""
	}
	return strings.ToUpper(string(first[2:end]))
}

// alertText is an alert's Markdown without the > markers and the [!KIND] marker.
func (p *lessonParser) alertText(b block) string {
	lines := strings.Split(string(p.src[b.start:b.end]), "\n")
	marker := true
	out := lines[:0]
	for _, line := range lines {
		trimmed := strings.TrimLeft(line, " ")
		if len(line)-len(trimmed) <= 3 && strings.HasPrefix(trimmed, ">") {
			line = strings.TrimPrefix(trimmed[1:], " ")
		}
		if marker && strings.TrimSpace(line) != "" {
			marker = false
			if _, rest, ok := strings.Cut(line, "]"); ok {
				line = strings.TrimSpace(rest)
			}
		}
		out = append(out, line)
	}
	return trimBlankLines(strings.Join(out, "\n"))
}
