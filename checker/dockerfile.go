package checker

import (
	"bytes"
	"errors"
	"os"
	"slices"
	"strings"

	"github.com/distribution/reference"
	"github.com/moby/buildkit/frontend/dockerfile/parser"

	"github.com/dockademy/dockademy/lessons"
)

// Dockerfile judges a dockerfile assertion against the file's content, read with
// BuildKit's parser (the same one that docker build uses), so that line continuations,
// comments and the JSON form are understood as the engine understands them.
//
// An entry of instructions or forbid is a keyword, optionally followed by arguments:
// "COPY" matches any COPY, "EXPOSE 8080" matches an EXPOSE whose arguments begin with
// the word 8080. Keywords compare without regard to case; arguments compare word by
// word, exactly, so "EXPOSE 80" does not match "EXPOSE 8080". Instructions inside
// ONBUILD do not count.
//
// from judges the final stage, the one that becomes the image. A reference compares in
// its normalised form ("busybox:1.35" is "docker.io/library/busybox:1.35"); without a
// tag it matches any tag of that repository. A final stage built FROM an earlier
// stage's alias is followed to that stage's base, and global ARG defaults are
// substituted, so that the check sees the image the build starts from.
func Dockerfile(s *lessons.Step, content []byte, exists bool, lang string) Verdict {
	name := s.Subject
	if name == "" {
		name = "Dockerfile"
	}
	o := s.Dockerfile
	if !exists {
		return failed(msg(lang, vFile, name), msg(lang, vNoFile, name), msg(lang, mDockerfileMissing, name))
	}
	res, err := parser.Parse(bytes.NewReader(content))
	if err != nil {
		line, text := parseErr(err)
		actual := text
		m := msg(lang, mDockerfileParse, name, text)
		if line > 0 {
			actual = msg(lang, vLine, line, text)
			m = msg(lang, mDockerfileParseLine, name, line, text)
		}
		return failed(msg(lang, vParses), actual, m)
	}
	instrs := instructions(res.AST)

	var f findings
	if o.From != "" {
		f.add(fromCheck(lang, name, o.From, instrs))
	}
	if len(o.Instructions) > 0 {
		f.add(required(lang, name, o.Instructions, instrs))
	}
	if len(o.Forbid) > 0 {
		f.add(forbidden(lang, name, o.Forbid, instrs))
	}
	if len(o.ExecForm) > 0 {
		f.add(execFormCheck(lang, name, o.ExecForm, instrs))
	}
	if len(f) == 0 {
		return passed(msg(lang, vParses), msg(lang, vInstructions, keywords(instrs)), msg(lang, mDockerfileOK, name))
	}
	return f.verdict(msg(lang, mDockerfileOK, name))
}

// instr is one top-level instruction.
type instr struct {
	keyword string   // upper case
	args    []string // the words after the keyword, flags included, as written
	line    int
	json    bool
}

func (i instr) text() string { return strings.TrimSpace(i.keyword + " " + strings.Join(i.args, " ")) }

func instructions(root *parser.Node) []instr {
	var out []instr
	for _, n := range root.Children {
		words := strings.Fields(n.Original)
		if len(words) > 0 {
			words = words[1:]
		}
		out = append(out, instr{
			keyword: strings.ToUpper(n.Value),
			args:    words,
			line:    n.StartLine,
			json:    n.Attributes["json"],
		})
	}
	return out
}

func parseErr(err error) (int, string) {
	var le *parser.LocationError
	if errors.As(err, &le) && len(le.Locations) > 0 && len(le.Locations[0]) > 0 {
		return le.Locations[0][0].Start.Line, le.Unwrap().Error()
	}
	return 0, err.Error()
}

// keywords lists the instructions in order, once each: "FROM, COPY, RUN, CMD".
func keywords(instrs []instr) string {
	var seen []string
	for _, i := range instrs {
		if !slices.Contains(seen, i.keyword) {
			seen = append(seen, i.keyword)
		}
	}
	return strings.Join(seen, ", ")
}

// matches reports whether an instruction is what an entry like "EXPOSE 8080" names.
func matches(entry string, i instr) bool {
	want := strings.Fields(entry)
	if len(want) == 0 || !strings.EqualFold(want[0], i.keyword) || len(i.args) < len(want)-1 {
		return false
	}
	for k, w := range want[1:] {
		if i.args[k] != w {
			return false
		}
	}
	return true
}

func normalEntry(entry string) string {
	w := strings.Fields(entry)
	if len(w) == 0 {
		return ""
	}
	w[0] = strings.ToUpper(w[0])
	return strings.Join(w, " ")
}

func required(lang, name string, entries []string, instrs []instr) (bool, string, string, string) {
	var want, missing []string
	for _, e := range entries {
		want = append(want, normalEntry(e))
		found := false
		for _, i := range instrs {
			found = found || matches(e, i)
		}
		if !found {
			missing = append(missing, normalEntry(e))
		}
	}
	actual := msg(lang, vInstructions, keywords(instrs))
	if len(missing) > 0 {
		actual = msg(lang, vMissingHas, strings.Join(missing, ", "), keywords(instrs))
	}
	return len(missing) == 0, msg(lang, vInstructions, strings.Join(want, ", ")), actual,
		msg(lang, mDockerfileInstructions, name, strings.Join(missing, ", "))
}

func forbidden(lang, name string, entries []string, instrs []instr) (bool, string, string, string) {
	var want, found, names []string
	for _, e := range entries {
		want = append(want, normalEntry(e))
		for _, i := range instrs {
			if matches(e, i) {
				found = append(found, msg(lang, vLine, i.line, i.text()))
				if !slices.Contains(names, normalEntry(e)) {
					names = append(names, normalEntry(e))
				}
			}
		}
	}
	actual := msg(lang, vNone, strings.Join(want, ", "))
	if len(found) > 0 {
		actual = limitList(found)
	}
	return len(found) == 0, msg(lang, vNone, strings.Join(want, ", ")), actual,
		msg(lang, mDockerfileForbid, name, strings.Join(names, ", "))
}

func execFormCheck(lang, name string, entries []string, instrs []instr) (bool, string, string, string) {
	var want, shell []string
	example := ""
	for _, e := range entries {
		kw := strings.ToUpper(strings.TrimSpace(e))
		want = append(want, kw)
		for _, i := range instrs {
			if i.keyword != kw || i.json {
				continue
			}
			shell = append(shell, msg(lang, vLine, i.line, i.text()))
			if example == "" {
				example = jsonSuggestion(i)
			}
		}
	}
	expected := msg(lang, vJSONForm, strings.Join(want, ", "))
	if len(shell) == 0 {
		var used []string
		for _, i := range instrs {
			if slices.Contains(want, i.keyword) {
				used = append(used, msg(lang, vLine, i.line, i.text()))
			}
		}
		if len(used) == 0 {
			return true, expected, msg(lang, vNone, strings.Join(want, ", ")), ""
		}
		return true, expected, limitList(used), ""
	}
	return false, expected, limitList(shell), msg(lang, mDockerfileExecForm, name, limitList(shell), example)
}

// jsonSuggestion writes a shell-form instruction in JSON form when its words can be
// split without a shell (no quotes, variables, pipes or redirections); otherwise it
// gives the general shape.
func jsonSuggestion(i instr) string {
	args := strings.Join(i.args, " ")
	if args == "" || strings.ContainsAny(args, "\"'`$|&;<>()*?\\{}[]~#") {
		return i.keyword + ` ["executable", "param"]`
	}
	return i.keyword + " " + execForm(i.args)
}

// stage is one FROM.
type stage struct {
	image string // as written, ARGs substituted
	alias string // lower case
}

func fromCheck(lang, name, want string, instrs []instr) (bool, string, string, string) {
	args := map[string]string{}
	var stages []stage
	for _, i := range instrs {
		switch {
		case i.keyword == "ARG" && len(stages) == 0:
			for _, a := range i.args {
				k, v, _ := strings.Cut(a, "=")
				args[k] = v
			}
		case i.keyword == "FROM":
			st := stage{}
			words := withoutFlags(i.args)
			if len(words) > 0 {
				st.image = os.Expand(words[0], func(k string) string { return args[k] })
			}
			if len(words) >= 3 && strings.EqualFold(words[1], "as") {
				st.alias = strings.ToLower(words[2])
			}
			stages = append(stages, st)
		}
	}
	expected := "FROM " + want
	if len(stages) == 0 {
		return false, expected, msg(lang, vNone, "FROM"), msg(lang, mDockerfileFrom, name)
	}
	final := stages[len(stages)-1]
	base, chain := resolveStage(final.image, stages[:len(stages)-1])
	actual := "FROM " + final.image
	if chain != "" {
		actual += " (" + chain + ")"
	}
	ok := sameRef(want, final.image) || sameRef(want, base)
	return ok, expected, actual, msg(lang, mDockerfileFrom, name)
}

func withoutFlags(words []string) []string {
	for len(words) > 0 && strings.HasPrefix(words[0], "--") {
		words = words[1:]
	}
	return words
}

// resolveStage follows stage aliases back to a base image; chain shows the way, e.g.
// "build → golang:1.22".
func resolveStage(image string, earlier []stage) (string, string) {
	var chain []string
	for n := len(earlier); n > 0; {
		found := -1
		for k := n - 1; k >= 0; k-- {
			if earlier[k].alias != "" && earlier[k].alias == strings.ToLower(image) {
				found = k
				break
			}
		}
		if found < 0 {
			break
		}
		image = earlier[found].image
		chain = append(chain, image)
		n = found // a stage can only name stages before it
	}
	if len(chain) == 0 {
		return image, ""
	}
	return image, "→ " + strings.Join(chain, " → ")
}

// sameRef compares image references as the engine resolves them. A wanted reference
// without tag or digest accepts any tag of its repository.
func sameRef(want, got string) bool {
	w, err1 := reference.ParseNormalizedNamed(want)
	g, err2 := reference.ParseNormalizedNamed(got)
	if err1 != nil || err2 != nil {
		return strings.EqualFold(strings.TrimSpace(want), strings.TrimSpace(got))
	}
	if reference.IsNameOnly(w) {
		return w.Name() == g.Name()
	}
	return reference.TagNameOnly(w).String() == reference.TagNameOnly(g).String()
}
