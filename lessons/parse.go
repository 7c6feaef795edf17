package lessons

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// markdown is the parser that every lesson is read with: CommonMark, the GitHub
// extensions, and heading attributes for {#id .exercise}.
var markdown = goldmark.New(
	goldmark.WithExtensions(extension.GFM),
	goldmark.WithParserOptions(parser.WithAttribute()),
)

// ParseFile reads and parses the lesson at name in fsys. Files named by src= are read
// relative to the lesson's folder in fsys. An empty lang is taken from the language
// folder that name sits in (ko/, en/), else from the front matter's lang, else "en".
func ParseFile(fsys fs.FS, name string, lang string) (*Lesson, error) {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("could not read lesson %s: %w", name, err)
	}
	if lang == "" {
		lang = langOfPath(name)
	}
	return Parse(name, src, lang, fsys, path.Dir(name))
}

// Parse parses one lesson file. name is the file as error messages call it; fsys and
// dir (the lesson's folder inside fsys) resolve src= attributes, and fsys may be nil
// for a lesson that has none. lang may be empty: see ParseFile. The error, if any, is
// an Errors holding every mistake in the file.
func Parse(name string, src []byte, lang string, fsys fs.FS, dir string) (*Lesson, error) {
	p := &lessonParser{errs: errorList{file: name}, fsys: fsys, dir: dir}
	l := p.parse(src, lang)
	l.Path = name
	l.Order = orderOf(path.Base(name))
	if err := p.errs.errs.err(); err != nil {
		return nil, err
	}
	return l, nil
}

// lessonParser holds the state of parsing one file.
type lessonParser struct {
	errs       errorList
	fsys       fs.FS
	dir        string
	src        []byte // the file with its front matter blanked, so offsets and lines stay the file's
	lineStarts []int
	lesson     *Lesson
	unitLines  map[string]int
}

func (p *lessonParser) parse(src []byte, lang string) *Lesson {
	l := &Lesson{Source: src}
	p.lesson = l
	p.unitLines = map[string]int{}
	// A copy, because the front matter is blanked out of it in place.
	src = bytes.Clone(bytes.TrimPrefix(src, []byte("\uFEFF")))
	body := p.frontMatter(src, l, lang)
	p.src = src
	p.lineStarts = lineStarts(p.src)

	doc := markdown.Parser().Parse(text.NewReader(p.src))
	p.sections(p.blocks(doc, body))
	return l
}

// frontMatter fills the header fields and blanks the header out of src.
func (p *lessonParser) frontMatter(src []byte, l *Lesson, lang string) int {
	fmSrc, body, ok := splitFrontMatter(src)
	switch {
	case !ok:
		p.errs.add(1, "a lesson starts with front matter: a line ---, then %s, then a line ---", frontMatterExample)
		return 0
	case body < 0:
		p.errs.add(1, "the front matter is not closed; end it with a line of three dashes: ---")
		body = len(src)
	default:
		fm := parseFrontMatter(fmSrc, &p.errs)
		l.ID, l.Title, l.Summary = fm.ID, fm.Title, fm.Summary
		l.Images, l.Requires = fm.Images, fm.Requires
		switch {
		case fm.Lang != "" && lang != "" && fm.Lang != lang:
			p.errs.add(fm.LangLine, "lang: %s, but the lesson is loaded as %s; remove the lang key or move the file", fm.Lang, lang)
		case lang == "":
			lang = fm.Lang
		}
	}
	if lang == "" {
		lang = "en"
	}
	l.Lang = lang
	for i := range body {
		if src[i] != '\n' {
			src[i] = ' '
		}
	}
	return body
}

// block is one top-level Markdown block and the whole lines it spans, up to the next
// block: cutting the source at these offsets keeps every byte of the author's text.
type block struct {
	node       ast.Node
	start, end int
	line       int
}

func (p *lessonParser) blocks(doc ast.Node, body int) []block {
	var bs []block
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		start := body
		if pos := nodePos(n); pos >= 0 {
			start = p.lineStart(pos)
		} else if len(bs) > 0 {
			start = bs[len(bs)-1].start
		}
		bs = append(bs, block{node: n, start: start, line: p.lineOf(start)})
	}
	for i := range bs {
		bs[i].end = len(p.src)
		if i+1 < len(bs) {
			bs[i].end = bs[i+1].start
		}
	}
	return bs
}

// nodePos is where a block begins, or -1.
func nodePos(n ast.Node) int {
	if pos := n.Pos(); pos >= 0 {
		return pos
	}
	if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
		return n.Lines().At(0).Start
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if pos := nodePos(c); pos >= 0 {
			return pos
		}
	}
	return -1
}

func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// lineOf returns the 1-based line of a byte offset.
func (p *lessonParser) lineOf(off int) int {
	return sort.Search(len(p.lineStarts), func(i int) bool { return p.lineStarts[i] > off })
}

func (p *lessonParser) lineStart(off int) int { return p.lineStarts[p.lineOf(off)-1] }

// langOfPath is the language folder a lesson sits in, if any.
func langOfPath(name string) string {
	dir := path.Base(path.Dir(name))
	if langPattern.MatchString(dir) {
		return dir
	}
	return ""
}

// orderOf is the NN of NN-slug.md, or 0.
func orderOf(base string) int {
	n := 0
	for i, c := range base {
		if c < '0' || c > '9' {
			if i == 0 || c != '-' {
				return 0
			}
			return n
		}
		n = n*10 + int(c-'0')
	}
	return 0
}

// joinBlocks is the Markdown of some of a section's blocks. Where a block was left out,
// a blank line keeps the blocks around it from running together.
func (p *lessonParser) joinBlocks(bs []block, keep func(block) bool) string {
	var b strings.Builder
	gap := false
	for _, blk := range bs {
		if !keep(blk) {
			gap = true
			continue
		}
		if gap && b.Len() > 0 && !strings.HasSuffix(b.String(), "\n\n") {
			b.WriteByte('\n')
		}
		gap = false
		b.Write(p.src[blk.start:blk.end])
	}
	return trimBlankLines(b.String())
}

// trimBlankLines drops blank lines at both ends but keeps the first line's indentation,
// which can be meaningful in Markdown.
func trimBlankLines(s string) string {
	for {
		line, rest, ok := strings.Cut(s, "\n")
		if !ok || strings.TrimSpace(line) != "" {
			break
		}
		s = rest
	}
	s = strings.TrimRight(s, " \t\r\n")
	if strings.TrimSpace(s) == "" {
		return ""
	}
	return s
}
