package lessons

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/docker/go-units"
	"gopkg.in/yaml.v3"
)

// yamlReader reads typed values out of a YAML node tree, reporting each mistake at its
// line in the lesson file rather than in the embedded YAML snippet.
type yamlReader struct {
	errs *errorList
	base int // the file line just before the snippet's first line
}

func (r *yamlReader) line(n *yaml.Node) int { return r.base + n.Line }

func (r *yamlReader) errorf(n *yaml.Node, format string, args ...any) {
	r.errs.add(r.line(n), format, args...)
}

var yamlErrorLine = regexp.MustCompile(`^yaml: line (\d+): `)

// parse decodes a snippet and maps a syntax error's line into the file.
func (r *yamlReader) parse(src []byte, what string) (*yaml.Node, bool) {
	var doc yaml.Node
	err := yaml.Unmarshal(src, &doc)
	if err == nil {
		if doc.Kind == 0 || len(doc.Content) == 0 {
			return nil, true // an empty snippet
		}
		return doc.Content[0], true
	}
	msg := err.Error()
	line := r.base + 1
	if m := yamlErrorLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
		if parserProblem(msg) {
			// yaml.v3 counts lines from 0 for parser (not scanner) errors, and names
			// the line where the unfinished list or map began.
			n++
		}
		line = r.base + n
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	switch {
	case strings.Contains(msg, "tab character") || strings.Contains(msg, "cannot start any token"):
		msg += "; indent YAML with spaces, not tabs"
	case strings.Contains(msg, "mapping values are not allowed"):
		msg += `; a value that holds ": " must be quoted, like hint: 'Is it there: yes'`
	}
	r.errs.add(line, "invalid YAML in the %s: %s", what, msg)
	return nil, false
}

// parserProblem tells yaml.v3's parser errors from its scanner errors by message.
func parserProblem(msg string) bool {
	switch msg {
	case "did not find expected ',' or ']'", "did not find expected ',' or '}'",
		"did not find expected '-' indicator", "did not find expected <document start>",
		"did not find expected key", "did not find expected node content",
		"found duplicate %TAG directive", "found duplicate %YAML directive",
		"found incompatible YAML document", "found undefined tag handle":
		return true
	}
	return false
}

func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	n = resolve(n)
	return n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

// describe names what the author wrote, for "takes X, not Y" messages.
func describe(n *yaml.Node) string {
	switch n = resolve(n); {
	case n.Kind == yaml.SequenceNode:
		return "a list"
	case n.Kind == yaml.MappingNode:
		return "a map"
	case n.Tag == "!!null":
		return "nothing"
	case n.Tag == "!!bool":
		return "true/false"
	case n.Tag == "!!int" || n.Tag == "!!float":
		return "a number"
	}
	return "a string"
}

// str reads a scalar as written; numbers and booleans are kept as their text, since a
// tag like 1.0 or an expected output like 42 is still meant as a string.
func (r *yamlReader) str(n *yaml.Node, key string) (string, bool) {
	n = resolve(n)
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		r.errorf(n, "%s takes a string, not %s", key, describe(n))
		return "", false
	}
	return n.Value, true
}

// optStr is str for a pointer option.
func (r *yamlReader) optStr(n *yaml.Node, key string) *string {
	if s, ok := r.str(n, key); ok {
		return &s
	}
	return nil
}

func (r *yamlReader) boolean(n *yaml.Node, key string) (bool, bool) {
	n = resolve(n)
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		r.errorf(n, "%s takes true or false, not %s", key, describe(n))
		return false, false
	}
	b, err := strconv.ParseBool(n.Value)
	if err != nil { // YAML 1.1 spellings such as "True" are tagged bool too
		b = strings.EqualFold(n.Value, "true")
	}
	return b, true
}

func (r *yamlReader) optBool(n *yaml.Node, key string) *bool {
	if b, ok := r.boolean(n, key); ok {
		return &b
	}
	return nil
}

func (r *yamlReader) integer(n *yaml.Node, key string) (int, bool) {
	n = resolve(n)
	if n.Kind == yaml.ScalarNode && n.Tag == "!!int" {
		if i, err := strconv.ParseInt(n.Value, 0, 32); err == nil {
			return int(i), true
		}
	}
	r.errorf(n, "%s takes a whole number, not %s", key, describe(n))
	return 0, false
}

func (r *yamlReader) optInt(n *yaml.Node, key string) *int {
	if i, ok := r.integer(n, key); ok {
		return &i
	}
	return nil
}

// list reads a list of scalars. A single scalar is refused rather than promoted,
// because for command lists the split into words is the author's to make.
func (r *yamlReader) list(n *yaml.Node, key, example string) ([]string, bool) {
	n = resolve(n)
	if n.Kind != yaml.SequenceNode {
		r.errorf(n, "%s takes a list, not %s; write it like %s: %s", key, describe(n), key, example)
		return nil, false
	}
	out := make([]string, 0, len(n.Content))
	ok := true
	for _, item := range n.Content {
		s, good := r.str(item, key+" item")
		ok = ok && good
		out = append(out, s)
	}
	return out, ok
}

// strMap reads a map of scalars; a null value is the empty string.
func (r *yamlReader) strMap(n *yaml.Node, key string) (map[string]string, bool) {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		r.errorf(n, "%s takes a map, not %s; write it like %s: {NAME: value}", key, describe(n), key)
		return nil, false
	}
	out := make(map[string]string, len(n.Content)/2)
	ok := true
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), resolve(n.Content[i+1])
		name, good := r.str(k, key+" key")
		if !good {
			ok = false
			continue
		}
		if _, dup := out[name]; dup {
			r.errorf(k, "%s has %s twice", key, name)
			ok = false
			continue
		}
		if isNull(v) {
			out[name] = ""
			continue
		}
		val, good := r.str(v, key+" "+name)
		ok = ok && good
		out[name] = val
	}
	return out, ok
}

func (r *yamlReader) duration(n *yaml.Node, key string) (time.Duration, bool) {
	n = resolve(n)
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" {
		d, err := time.ParseDuration(n.Value)
		if err == nil && d > 0 {
			return d, true
		}
	}
	r.errorf(n, "%s takes a duration with a unit, like 30s or 1m30s, not %q", key, n.Value)
	return 0, false
}

// size reads a byte size. Decimal units (20MB = 20,000,000 bytes) match what
// `docker images` shows; binary units (20MiB) are 1024-based as they say.
func (r *yamlReader) size(n *yaml.Node, key string) (int64, bool) {
	n = resolve(n)
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		v := strings.TrimSpace(n.Value)
		var b int64
		var err error
		if strings.Contains(strings.ToLower(v), "i") {
			b, err = units.RAMInBytes(v)
		} else {
			b, err = units.FromHumanSize(v)
		}
		if err == nil && b > 0 {
			return b, true
		}
	}
	r.errorf(n, "%s takes a size like 20MB (decimal, as docker images shows) or 20MiB, not %q", key, n.Value)
	return 0, false
}
