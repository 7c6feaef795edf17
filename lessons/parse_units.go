package lessons

import (
	"cmp"
	"fmt"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
)

// exerciseState tracks what an exercise has seen so far, to report repeats.
type exerciseState struct {
	e                                  *Exercise
	checkLine, setupLine, commandsLine int
	files, solution                    map[string]int // path: line
	mistakes                           map[string]int // name: index in e.Mistakes
	mistakeFiles                       []map[string]int
}

// exercise reads an exercise section. keep tells which blocks a learner reads.
func (p *lessonParser) exercise(s *rawSection) (*Exercise, func(block) bool) {
	e := &Exercise{ID: s.id, LessonID: p.lesson.ID, Title: s.title, Line: s.line}
	st := &exerciseState{e: e, files: map[string]int{}, solution: map[string]int{}, mistakes: map[string]int{}}
	hidden := map[ast.Node]bool{}
	for _, b := range s.blocks {
		switch n := b.node.(type) {
		case *ast.FencedCodeBlock:
			hidden[n] = p.exerciseCode(st, n, b)
		case *ast.Blockquote:
			if p.alertOf(n) == "TIP" {
				e.Hints = append(e.Hints, p.alertText(b))
				hidden[n] = true
			}
		}
	}
	if st.checkLine == 0 {
		p.errs.add(s.line, "exercise %s has no check; add a code block with info string yaml {check} that lists its steps", cmp.Or(s.id, s.title))
	}
	keep := func(b block) bool { return !hidden[b.node] }
	e.Instructions = p.joinBlocks(s.blocks, keep)
	return e, keep
}

// exerciseCode files one fenced block of an exercise and reports whether it is hidden
// from the learner's reading (everything but starter files and plain code).
func (p *lessonParser) exerciseCode(st *exerciseState, n *ast.FencedCodeBlock, b block) bool {
	ci, msgs := parseInfo(p.info(n))
	for _, m := range msgs {
		p.errs.add(b.line, "%s", m)
	}
	if !ci.Attrs || len(ci.Flags) == 0 && len(ci.Vals) == 0 {
		return false
	}
	var roles []string
	for _, f := range infoFlags {
		if ci.Flags[f] {
			roles = append(roles, f)
		}
	}
	if len(roles) > 1 {
		p.errs.add(b.line, "a code block is one of check, setup, solution or mistake, not %s", strings.Join(roles, " and "))
		return true
	}
	content := p.code(n)
	e := st.e
	switch {
	case len(roles) == 0:
		if ci.has("name") {
			p.errs.add(b.line, "name= is for mistakes: write {mistake name=%s ...}", ci.Vals["name"])
		}
		if !ci.has("file") {
			p.errs.add(b.line, "a code block with {...} needs file=PATH (a starter file) or one of check, setup, solution, mistake")
			return false
		}
		if f, ok := p.file(ci, content, b); ok {
			p.addFile(&e.Files, st.files, f, "starter file")
		}
		return false
	case roles[0] == "check" || roles[0] == "setup":
		for _, k := range infoKeys {
			if ci.has(k) {
				p.errs.add(b.line, "a {%s} block takes no %s=; remove it", roles[0], k)
			}
		}
		steps := p.steps(content, b.line, roles[0])
		if roles[0] == "check" {
			p.once(&st.checkLine, b.line, "check", "an exercise has exactly one check; merge their steps")
			e.Check = append(e.Check, steps...)
		} else {
			p.once(&st.setupLine, b.line, "setup", "put all setup steps in one block")
			e.Setup = append(e.Setup, steps...)
		}
	case roles[0] == "solution":
		if ci.has("name") {
			p.errs.add(b.line, "name= is for mistakes; a solution has none")
		}
		if ci.has("file") {
			if f, ok := p.file(ci, content, b); ok {
				p.addFile(&e.Solution, st.solution, f, "solution file")
			}
			return true
		}
		if p.commands(ci, b, "solution") {
			p.once(&st.commandsLine, b.line, "solution commands", "put all the commands in one block")
			e.SolutionCommands += string(content)
		}
	default:
		p.mistake(st, ci, content, b)
	}
	return true
}

// once reports the second block of a kind that an exercise may have only once.
func (p *lessonParser) once(first *int, line int, what, fix string) {
	if *first > 0 {
		p.errs.add(line, "a second %s block (the first is at line %d); %s", what, *first, fix)
		return
	}
	*first = line
}

func (p *lessonParser) mistake(st *exerciseState, ci codeInfo, content []byte, b block) {
	e := st.e
	name, named := ci.Vals["name"]
	if named && name == "" {
		p.errs.add(b.line, "name= needs a value, like name=no-chmod")
	}
	i, seen := st.mistakes[name]
	if !named || name == "" || !seen {
		if name == "" {
			name = fmt.Sprintf("mistake-%d", len(e.Mistakes)+1)
		}
		i = len(e.Mistakes)
		e.Mistakes = append(e.Mistakes, Mistake{Name: name, Line: b.line})
		st.mistakeFiles = append(st.mistakeFiles, map[string]int{})
		if named {
			st.mistakes[name] = i
		}
	}
	m := &e.Mistakes[i]
	if ci.has("file") {
		if f, ok := p.file(ci, content, b); ok {
			p.addFile(&m.Files, st.mistakeFiles[i], f, "file of mistake "+m.Name)
		}
		return
	}
	if !p.commands(ci, b, "mistake") {
		return
	}
	if m.Commands != "" {
		p.errs.add(b.line, "mistake %s already has commands; give this one another name=", m.Name)
		return
	}
	m.Commands = string(content)
}

// commands checks a solution or mistake block without file=, which holds sh commands.
func (p *lessonParser) commands(ci codeInfo, b block, role string) bool {
	ok := true
	for _, k := range []string{"mode", "src"} {
		if ci.has(k) {
			p.errs.add(b.line, "%s= needs file=PATH; a {%s} block without file= holds sh commands", k, role)
			ok = false
		}
	}
	switch ci.Lang {
	case "", "sh", "bash", "shell", "console":
	default:
		p.errs.add(b.line, "a %s {%s} block without file= must hold sh commands; add file=PATH if it is a file", ci.Lang, role)
		ok = false
	}
	return ok
}

func (p *lessonParser) addFile(list *[]File, seen map[string]int, f File, what string) {
	if line, dup := seen[f.Path]; dup {
		p.errs.add(f.Line, "%s %s is already given at line %d; give each path once", what, f.Path, line)
		return
	}
	seen[f.Path] = f.Line
	*list = append(*list, f)
}

// code is a fenced block's content as written.
func (p *lessonParser) code(n ast.Node) []byte {
	var out []byte
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		out = append(out, seg.Value(p.src)...)
	}
	return out
}

func (p *lessonParser) info(n *ast.FencedCodeBlock) string {
	if n.Info == nil {
		return ""
	}
	return string(n.Info.Segment.Value(p.src))
}

// strayCode reports exercise-only blocks outside an exercise.
func (p *lessonParser) strayCode(b block) {
	n, ok := b.node.(*ast.FencedCodeBlock)
	if !ok {
		return
	}
	ci, _ := parseInfo(p.info(n))
	for _, f := range infoFlags {
		if ci.Flags[f] {
			p.errs.add(b.line, "a {%s} block belongs in an exercise: put it under a heading like ## Title {#my-exercise .exercise}", f)
			return
		}
	}
	if ci.has("file") {
		p.errs.add(b.line, "a {file=...} block belongs in an exercise: put it under a heading like ## Title {#my-exercise .exercise}")
	}
}

// quiz reads a quiz section: the prose is the question, the task list the choices,
// and a [!NOTE] after them the explanation.
func (p *lessonParser) quiz(s *rawSection) (*Quiz, func(block) bool) {
	q := &Quiz{ID: s.id, LessonID: p.lesson.ID, Title: s.title, Line: s.line}
	hidden := map[ast.Node]bool{}
	choices, noteLine := -1, 0
	for i, b := range s.blocks {
		p.strayCode(b)
		switch n := b.node.(type) {
		case *ast.List:
			if !p.isTaskList(n) {
				continue
			}
			if choices >= 0 {
				p.errs.add(b.line, "a second list of choices; a quiz has one task list, its choices")
				continue
			}
			choices = i
			hidden[n] = true
			q.Choices = p.choices(n, b)
		case *ast.Blockquote:
			if choices < 0 || p.alertOf(n) != "NOTE" {
				continue
			}
			if noteLine > 0 {
				p.errs.add(b.line, "a second [!NOTE] after the choices (the first is at line %d); a quiz has one explanation", noteLine)
				continue
			}
			noteLine = b.line
			q.Explanation = p.alertText(b)
			hidden[n] = true
		}
	}
	keep := func(b block) bool { return !hidden[b.node] }
	if choices < 0 {
		p.errs.add(s.line, "quiz %s has no choices; list them as a task list, - [ ] for a wrong answer and - [x] for a right one", cmp.Or(s.id, s.title))
		q.Question = p.joinBlocks(s.blocks, keep)
		return q, keep
	}
	q.Question = p.joinBlocks(s.blocks[:choices], keep)
	return q, keep
}

func (p *lessonParser) isTaskList(l *ast.List) bool {
	for it := l.FirstChild(); it != nil; it = it.NextSibling() {
		if checkBox(it) != nil {
			return true
		}
	}
	return false
}

func checkBox(item ast.Node) *extast.TaskCheckBox {
	if first := item.FirstChild(); first != nil {
		if cb, ok := first.FirstChild().(*extast.TaskCheckBox); ok {
			return cb
		}
	}
	return nil
}

var checkBoxPrefix = regexp.MustCompile(`^\s*\[[ xX]\]\s?`)

func (p *lessonParser) choices(l *ast.List, b block) []Choice {
	var out []Choice
	correct := false
	for it := l.FirstChild(); it != nil; it = it.NextSibling() {
		cb := checkBox(it)
		text := strings.TrimSpace(checkBoxPrefix.ReplaceAllString(p.blockText(it), ""))
		if cb == nil {
			p.errs.add(p.lineOf(nodePos(it)), "choice %q has no box; write - [ ] for a wrong choice or - [x] for a right one", text)
			continue
		}
		correct = correct || cb.IsChecked
		out = append(out, Choice{Text: text, Correct: cb.IsChecked})
	}
	if !correct {
		p.errs.add(b.line, "no choice is checked; mark the right ones with - [x]")
	}
	return out
}

// blockText is a container's Markdown, one block per paragraph.
func (p *lessonParser) blockText(n ast.Node) string {
	if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
		var lines []string
		for i := 0; i < n.Lines().Len(); i++ {
			seg := n.Lines().At(i)
			lines = append(lines, strings.TrimRight(string(seg.Value(p.src)), "\r\n"))
		}
		return strings.Join(lines, "\n")
	}
	var parts []string
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t := p.blockText(c); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, "\n\n")
}
