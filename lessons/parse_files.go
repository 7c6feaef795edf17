package lessons

import (
	"errors"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"
)

const defaultMode fs.FileMode = 0o644

var modePattern = regexp.MustCompile(`^0?[0-7]{3}$`)

// file builds a File from a {file=PATH mode=... src=...} block.
func (p *lessonParser) file(ci codeInfo, content []byte, b block) (File, bool) {
	f := File{Mode: defaultMode, Content: content, Line: b.line}
	ok := true
	var msg string
	if f.Path, msg = cleanRelPath(ci.Vals["file"]); msg != "" {
		p.errs.add(b.line, "file=%s: %s", ci.Vals["file"], msg)
		ok = false
	}
	if m, has := ci.Vals["mode"]; has {
		if !modePattern.MatchString(m) {
			p.errs.add(b.line, "mode=%s is not a file mode; write three or four octal digits, like mode=0755 for a script", m)
			ok = false
		} else {
			v, _ := strconv.ParseUint(m, 8, 32)
			f.Mode = fs.FileMode(v)
		}
	}
	if rel, has := ci.Vals["src"]; has {
		data, good := p.readSrc(rel, b.line)
		ok = ok && good
		f.Content = data
	}
	return f, ok
}

// cleanRelPath checks that a path stays inside the exercise folder.
func cleanRelPath(p string) (string, string) {
	switch {
	case p == "":
		return "", "needs a path, like file=Dockerfile"
	case strings.Contains(p, `\`):
		return "", "write paths with /, not \\"
	case path.IsAbs(p):
		return "", "write a path relative to the exercise folder, without the leading /"
	}
	c := path.Clean(p)
	if c == "." || !fs.ValidPath(c) {
		return "", "the path must name a file inside the exercise folder"
	}
	return c, ""
}

// readSrc reads a src= file relative to the lesson's folder. It refuses paths that
// leave fsys, so a lesson cannot read arbitrary files from a teacher's disk.
func (p *lessonParser) readSrc(rel string, line int) ([]byte, bool) {
	if rel == "" {
		p.errs.add(line, "src= needs a path relative to the lesson file, like src=%s", infoExample["src"])
		return nil, false
	}
	if p.fsys == nil {
		p.errs.add(line, "src=%s cannot be read: the lesson was given without its folder", rel)
		return nil, false
	}
	full := path.Join(p.dir, rel)
	if path.IsAbs(rel) || strings.Contains(rel, `\`) || !fs.ValidPath(full) {
		p.errs.add(line, "src=%s leaves the lessons folder; keep the file beside the lesson, e.g. in a folder named like the lesson", rel)
		return nil, false
	}
	data, err := fs.ReadFile(p.fsys, full)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		p.errs.add(line, "src=%s: there is no file %s; create it or fix the path (it is relative to the lesson file)", rel, full)
		return nil, false
	case err != nil:
		p.errs.add(line, "src=%s: could not read %s: %v", rel, full, err)
		return nil, false
	}
	return data, true
}
