package lessons

import (
	"fmt"
	"slices"
	"strings"
)

// codeInfo is a fenced code block's info string: `dockerfile {solution file=Dockerfile}`.
type codeInfo struct {
	Lang  string
	Attrs bool            // the info string has a {...} part
	Flags map[string]bool // bare words: check, setup, solution, mistake
	Vals  map[string]string
}

func (c codeInfo) has(key string) bool { _, ok := c.Vals[key]; return ok }

var (
	infoFlags   = []string{"check", "setup", "solution", "mistake"}
	infoKeys    = []string{"file", "mode", "src", "name"}
	infoExample = map[string]string{"file": "Dockerfile", "mode": "0755", "src": "app/main.go", "name": "no-chmod"}
)

// parseInfo splits an info string into its language and its attributes. Values may be
// quoted with " or ' to hold spaces. Only a trailing {...} is ours: any other info
// string is left to renderers.
func parseInfo(info string) (codeInfo, []string) {
	ci := codeInfo{Flags: map[string]bool{}, Vals: map[string]string{}}
	info = strings.TrimSpace(info)
	if !strings.HasPrefix(info, "{") {
		lang, rest, _ := strings.Cut(info, " ")
		if i := strings.IndexByte(lang, '{'); i >= 0 {
			lang, rest = lang[:i], info[i:]
		}
		ci.Lang, info = lang, strings.TrimSpace(rest)
	}
	if !strings.HasPrefix(info, "{") || !strings.HasSuffix(info, "}") {
		return ci, nil
	}
	ci.Attrs = true
	var errs []string
	s := info[1 : len(info)-1]
	for {
		s = strings.TrimLeft(s, " \t,")
		if s == "" {
			break
		}
		end := strings.IndexAny(s, " \t,=")
		if end < 0 {
			end = len(s)
		}
		key := s[:end]
		s = s[end:]
		if !strings.HasPrefix(s, "=") {
			if slices.Contains(infoKeys, key) {
				errs = append(errs, fmt.Sprintf("%s needs a value: write %s=%s", key, key, infoExample[key]))
				continue
			}
			if !slices.Contains(infoFlags, key) {
				errs = append(errs, unknownAttr(key))
			} else if ci.Flags[key] {
				errs = append(errs, fmt.Sprintf("code block attribute %s is given twice", key))
			}
			ci.Flags[key] = true
			continue
		}
		val, rest, err := infoValue(s[1:])
		s = rest
		switch {
		case err != "":
			errs = append(errs, fmt.Sprintf("%s=: %s", key, err))
		case !slices.Contains(infoKeys, key):
			errs = append(errs, unknownAttr(key+"="))
		case ci.has(key):
			errs = append(errs, fmt.Sprintf("code block attribute %s= is given twice", key))
		default:
			ci.Vals[key] = val
		}
	}
	return ci, errs
}

// infoValue reads one value, quoted or bare, and returns the rest of the string.
func infoValue(s string) (val, rest, err string) {
	if s == "" || (s[0] != '"' && s[0] != '\'') {
		end := strings.IndexAny(s, " \t,")
		if end < 0 {
			end = len(s)
		}
		return s[:end], s[end:], ""
	}
	quote := s[0]
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case c == quote:
			return b.String(), s[i+1:], ""
		case c == '\\' && quote == '"' && i+1 < len(s):
			i++
			b.WriteByte(s[i])
		default:
			b.WriteByte(c)
		}
	}
	return "", "", fmt.Sprintf("the value has no closing %c", quote)
}

func unknownAttr(key string) string {
	return fmt.Sprintf("unknown code block attribute %q; write file=PATH, mode=0755, src=PATH, name=NAME, or one of check, setup, solution, mistake", key)
}
