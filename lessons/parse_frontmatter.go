package lessons

import (
	"bytes"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

const frontMatterExample = "lines like id: my-lesson and title: My lesson"

// frontMatter is the YAML header of a lesson.
type frontMatter struct {
	ID, Title, Summary, Lang string
	Images, Requires         []string
	LangLine                 int
}

// splitFrontMatter finds the YAML between the two --- lines at the top and the offset
// where the body starts. ok is false when the file does not open with ---; body is -1
// when the header is never closed.
func splitFrontMatter(src []byte) (yamlSrc []byte, body int, ok bool) {
	start := -1
	for off := 0; off < len(src); {
		lineEnd, next := len(src), len(src)
		if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
			lineEnd, next = off+i, off+i+1
		}
		line := src[off:lineEnd]
		switch {
		case start < 0 && !isFence(line, "---"):
			return nil, 0, false
		case start < 0:
			start = next
		case isFence(line, "---") || isFence(line, "..."):
			return src[start:off], next, true
		}
		off = next
	}
	if start < 0 {
		return nil, 0, false
	}
	return src[start:], -1, true
}

func isFence(line []byte, fence string) bool {
	return string(bytes.TrimRight(line, " \t\r")) == fence
}

// parseFrontMatter reads and validates the header; its YAML starts on file line 2.
func parseFrontMatter(src []byte, errs *errorList) frontMatter {
	var fm frontMatter
	r := &yamlReader{errs: errs, base: 1}
	root, ok := r.parse(src, "front matter")
	if !ok {
		return fm
	}
	if isNull(root) {
		errs.add(1, "the front matter is empty; it needs %s", frontMatterExample)
		return fm
	}
	root = resolve(root)
	if root.Kind != yaml.MappingNode {
		r.errorf(root, "the front matter must be keys and values, %s", frontMatterExample)
		return fm
	}
	seen := map[string]bool{}
	var requires *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if seen[k.Value] {
			r.errorf(k, "front matter key %s is given twice", k.Value)
			continue
		}
		seen[k.Value] = true
		switch k.Value {
		case "id":
			fm.ID, _ = r.str(v, "id")
			if fm.ID != "" && !idPattern.MatchString(fm.ID) {
				r.errorf(v, "id %q may hold only lowercase letters, digits and -, starting with a letter or digit, like %s", fm.ID, suggestID(fm.ID, "my-lesson"))
			}
		case "title":
			if !isNull(v) {
				fm.Title, _ = r.str(v, "title")
				fm.Title = strings.TrimSpace(fm.Title)
			}
			if fm.Title == "" {
				r.errorf(k, "title is empty; write the title shown in menus, like title: My lesson")
			}
		case "summary":
			fm.Summary, _ = r.str(v, "summary")
		case "lang":
			fm.Lang, _ = r.str(v, "lang")
			fm.LangLine = r.line(k)
			if fm.Lang != "" && !langPattern.MatchString(fm.Lang) {
				r.errorf(v, "lang %q is not a language code; write a code like en or ko", fm.Lang)
			}
		case "images":
			fm.Images, _ = r.list(v, "images", "[busybox:1.35]")
			for j, img := range fm.Images {
				if img == "" || strings.ContainsAny(img, " \t") {
					r.errorf(resolve(v).Content[j], "images item %q is not an image reference like busybox:1.35", img)
				}
			}
		case "requires":
			requires = resolve(v)
			fm.Requires, _ = r.list(v, "requires", "[first-lesson]")
			for j, id := range fm.Requires {
				if !idPattern.MatchString(id) {
					r.errorf(resolve(v).Content[j], "requires item %q is not a lesson id; name lessons by the id in their front matter", id)
				}
			}
		default:
			r.errorf(k, "unknown front matter key %q; the keys are id, title, summary, images, requires and lang", k.Value)
		}
	}
	if !seen["id"] {
		r.errorf(root, "the front matter has no id; add a line like id: my-lesson (lowercase letters, digits and -)")
	}
	if !seen["title"] {
		r.errorf(root, "the front matter has no title; add a line like title: My lesson")
	}
	for j, req := range fm.Requires {
		if req == fm.ID && req != "" {
			r.errorf(requires.Content[j], "the lesson requires itself; remove %s from requires", req)
		}
	}
	return fm
}

// langPattern matches language codes such as en, ko and pt-BR, and so also tells a
// language folder from an exercise's source folder.
var langPattern = regexp.MustCompile(`^[a-z]{2}(-[A-Z]{2})?$`)

// suggestID turns what the author wrote into a valid id for the error message.
func suggestID(s, def string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimRight(b.String(), "-")
	if out == "" {
		return def
	}
	return out
}
