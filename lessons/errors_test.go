package lessons

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// head is a valid front matter; a body after it starts on line 5.
const head = "---\nid: t\ntitle: T\n---\n"

// ex wraps a check in an exercise whose check YAML starts on line 7.
func ex(check string) string {
	return head + "## E {#e .exercise}\n```yaml {check}\n" + check + "```\n"
}

// want is one expected error: its line and a part of its message.
type want struct {
	line int
	msg  string
}

func TestParseErrors(t *testing.T) {
	srcFS := fstest.MapFS{"en/app/main.go": {Data: []byte("package main\n")}}
	tests := []struct {
		name string
		src  string
		want []want
	}{
		// front matter
		{"no front matter", "# T\n", []want{{1, "a lesson starts with front matter"}}},
		{"front matter not closed", "---\nid: t\ntitle: T\n", []want{{1, "not closed"}}},
		{"empty front matter", "---\n---\n", []want{{1, "front matter is empty"}}},
		{"missing id", "---\ntitle: T\n---\n", []want{{2, "has no id; add a line like id: my-lesson"}}},
		{"missing title", "---\nid: t\n---\n", []want{{2, "has no title"}}},
		{"invalid id", "---\nid: My_Lesson\ntitle: T\n---\n", []want{{2, `like my-lesson`}}},
		{"unknown front matter key", "---\nid: t\ntitle: T\nauthor: me\n---\n", []want{{4, `unknown front matter key "author"`}}},
		{"front matter YAML syntax", "---\nid: t\ntitle: T\nimages: [a\n---\n", []want{{4, "invalid YAML in the front matter: did not find expected ',' or ']'"}}},
		{"front matter scanner error", "---\nid: t\ntitle: T\nsummary: a: b\n---\n", []want{{4, "invalid YAML in the front matter: mapping values are not allowed"}}},
		{"front matter wrong type", "---\nid: t\ntitle: T\nimages: busybox:1.35\n---\n", []want{{4, "images takes a list, not a string; write it like images: [busybox:1.35]"}}},
		{"requires itself", "---\nid: t\ntitle: T\nrequires: [t]\n---\n", []want{{4, "requires itself"}}},

		// units
		{"exercise without id", head + "## E {.exercise}\n```yaml {check}\n- build: .\n```\n", []want{{5, "has no id; add one to the heading: ## E {#e .exercise}"}}},
		{"invalid unit id", head + "## Q {#Q_1 .quiz}\n- [x] a\n", []want{{5, `quiz id "Q_1" may hold only`}}},
		{"duplicate unit ids", head + "## A {#a .quiz}\n- [x] y\n\n## B {#a .quiz}\n- [x] y\n", []want{{8, `unit id "a" is already used at line 5`}}},
		{"exercise heading at level 3", head + "### E {#e .exercise}\n", []want{{5, "exercise headings are level 2: write ## E {#e .exercise}"}}},
		{"exercise and quiz at once", head + "## E {#e .exercise .quiz}\n", []want{{5, "either .exercise or .quiz"}}},
		{"missing check", head + "## E {#e .exercise}\nText.\n", []want{{5, "exercise e has no check; add a code block with info string yaml {check}"}}},
		{"two checks", ex("- build: .\n") + "```yaml {check}\n- build: .\n```\n", []want{{9, "a second check block (the first is at line 6)"}}},
		{"two setups", ex("- build: .\n") + "```yaml {setup}\n- build: .\n```\n```yaml {setup}\n- build: .\n```\n", []want{{12, "a second setup block (the first is at line 9)"}}},
		{"quiz without choices", head + "## Q {#q .quiz}\nWhy?\n\n- a\n- b\n", []want{{5, "quiz q has no choices; list them as a task list"}}},
		{"quiz without a correct choice", head + "## Q {#q .quiz}\nWhy?\n\n- [ ] a\n- [ ] b\n", []want{{8, "no choice is checked"}}},
		{"choice without a box", head + "## Q {#q .quiz}\n- [x] a\n- b\n", []want{{7, `choice "b" has no box`}}},
		{"two choice lists", head + "## Q {#q .quiz}\n- [x] a\n\ntext\n\n- [x] b\n", []want{{10, "a second list of choices"}}},
		{"two explanations", head + "## Q {#q .quiz}\n- [x] a\n\n> [!NOTE]\n> x\n\n> [!NOTE]\n> y\n", []want{{11, "a quiz has one explanation"}}},
		{"check outside an exercise", head + "## Prose\n```yaml {check}\n- build: .\n```\n", []want{{6, "a {check} block belongs in an exercise"}}},
		{"starter file in a quiz", head + "## Q {#q .quiz}\n- [x] a\n\n```sh {file=x}\n```\n", []want{{8, "a {file=...} block belongs in an exercise"}}},

		// code blocks
		{"file without a value", ex("- build: .\n") + "```sh {file}\n```\n", []want{{9, "file needs a value: write file=Dockerfile"}}},
		{"solution file without a path", ex("- build: .\n") + "```sh {solution file=}\n```\n", []want{{9, "file=: needs a path, like file=Dockerfile"}}},
		{"path leaving the folder", ex("- build: .\n") + "```sh {file=../x}\n```\n", []want{{9, "file=../x: the path must name a file inside the exercise folder"}}},
		{"absolute path", ex("- build: .\n") + "```sh {file=/etc/x}\n```\n", []want{{9, "without the leading /"}}},
		{"duplicate starter files", ex("- build: .\n") + "```sh {file=a}\n```\n```sh {file=./a}\n```\n", []want{{11, "starter file a is already given at line 9"}}},
		{"duplicate solution files", ex("- build: .\n") + "```sh {solution file=a}\n```\n```sh {solution file=a}\n```\n", []want{{11, "solution file a is already given at line 9"}}},
		{"bad mode digits", ex("- build: .\n") + "```sh {file=a mode=0999}\n```\n", []want{{9, "mode=0999 is not a file mode"}}},
		{"bad mode letters", ex("- build: .\n") + "```sh {file=a mode=rwx}\n```\n", []want{{9, "mode=rwx is not a file mode"}}},
		{"src file missing", ex("- build: .\n") + "```go {file=main.go src=app/nope.go}\n```\n", []want{{9, "src=app/nope.go: there is no file en/app/nope.go"}}},
		{"src leaving the fs", ex("- build: .\n") + "```go {file=main.go src=../../x}\n```\n", []want{{9, "src=../../x leaves the lessons folder"}}},
		{"unknown attribute", ex("- build: .\n") + "```sh {file=a chmod=x}\n```\n", []want{{9, `unknown code block attribute "chmod="`}}},
		{"attributes without a role", ex("- build: .\n") + "```sh {mode=0755}\n```\n", []want{{9, "needs file=PATH (a starter file) or one of check"}}},
		{"two roles", ex("- build: .\n") + "```sh {solution mistake}\n```\n", []want{{9, "not solution and mistake"}}},
		{"solution without file in another language", ex("- build: .\n") + "```dockerfile {solution}\nFROM x\n```\n", []want{{9, "a dockerfile {solution} block without file= must hold sh commands"}}},
		{"check with a file attribute", head + "## E {#e .exercise}\n```yaml {check file=x}\n- build: .\n```\n", []want{{6, "a {check} block takes no file="}}},
		{"unclosed quote", ex("- build: .\n") + "```sh {file=\"a b}\n```\n", []want{{9, "the value has no closing \""}}},

		// checks
		{"YAML syntax error", ex("- build: .\n  tag: [x\n"), []want{{8, "invalid YAML in the check: did not find expected ',' or ']'"}}},
		{"YAML tab", ex("- build: .\n\ttag: x\n"), []want{{8, "invalid YAML in the check: found a tab character that violates indentation; indent YAML with spaces, not tabs"}}},
		{"YAML bad indentation", ex("- build: .\n  tag: x\n - run: y\n"), []want{{9, "invalid YAML in the check: did not find expected '-' indicator"}}},
		{"hint with a colon", ex("- build: .\n  hint: Is it there: no\n"), []want{{8, "invalid YAML in the check: mapping values are not allowed"}}},
		{"empty check", ex(""), []want{{6, "the check has no steps"}}},
		{"check not a list", ex("build: .\n"), []want{{7, "the check is a list of steps"}}},
		{"step not a map", ex("- build\n"), []want{{7, "step 1 is a string; a step is a map"}}},
		{"unknown step kind", ex("- bulid: .\n  tag: x\n"), []want{{7, `unknown step kind "bulid"`}}},
		{"no kind key", ex("- name: x\n  tag: y\n"), []want{{7, "step 1 has no kind key; start it with one of build, run, exec"}}},
		{"two kind keys", ex("- build: .\n  run: x\n"), []want{{8, "has build and run; split it into one step per kind"}}},
		{"unknown option", ex("- run: x\n  detached: true\n"), []want{{8, `unknown option "detached" for a run step; it takes command, detach, env, publish, name, points, timeout, hint`}}},
		{"option of another kind", ex("- run: x\n  tag: y\n"), []want{{8, "tag is not an option of a run step (it belongs to build steps)"}}},
		{"key twice", ex("- run: x\n  detach: true\n  detach: false\n"), []want{{9, "detach is given twice"}}},
		{"bool expected", ex("- run: x\n  detach: yes please\n"), []want{{8, "detach takes true or false, not a string"}}},
		{"list expected", ex("- run: x\n  publish: \"9000:8080\"\n"), []want{{8, `publish takes a list, not a string; write it like publish: ["9000:8080"]`}}},
		{"map expected", ex("- run: x\n  env: [A=1]\n"), []want{{8, "env takes a map, not a list"}}},
		{"string expected", ex("- build: .\n  tag: [a, b]\n"), []want{{8, "tag takes a string, not a list"}}},
		{"number expected", ex("- run: x\n  name: r\n- output: r\n  exit_code: zero\n"), []want{{10, "exit_code takes a whole number, not a string"}}},
		{"duration without unit", ex("- build: .\n  timeout: 30\n"), []want{{8, `timeout takes a duration with a unit, like 30s or 1m30s, not "30"`}}},
		{"bad size", ex("- image: x\n  max_size: big\n"), []want{{8, `max_size takes a size like 20MB`}}},
		{"negative points", ex("- image: x\n  points: -1\n"), []want{{8, "points must not be negative"}}},
		{"missing subject", ex("- run:\n"), []want{{7, "run needs an image reference"}}},
		{"exec as a string", ex("- run: x\n  detach: true\n- exec: cat /etc/hostname\n"), []want{{9, "exec takes a list, not a string"}}},
		{"relative file path", ex("- build: .\n- file: usr/bin/x\n"), []want{{8, `write it from the root, like /usr/bin/x`}}},
		{"bad URL", ex("- http: localhost:9000\n"), []want{{7, `http "localhost:9000" is not a URL`}}},
		{"bad status", ex("- http: http://localhost/\n  status: 42\n"), []want{{8, "status 42 is not an HTTP status"}}},
		{"empty ancestor", ex("- container: \"ancestor:\"\n"), []want{{7, "ancestor: needs an image"}}},
		{"name with a colon", ex("- run: x\n  name: a:b\n"), []want{{8, "must not contain ':'"}}},
		{"publish with a host address", ex("- run: x\n  publish: [\"127.0.0.1:9000:8080\"]\n"), []want{{8, "binds a host address"}}},
		{"publish not a port", ex("- run: x\n  publish: [\"9000:http\"]\n"), []want{{8, `"http" is not a port`}}},
		{"publish protocol", ex("- run: x\n  publish: [\"8080/quic\"]\n"), []want{{8, "the protocol is tcp, udp or sctp"}}},
		{"publishes format", ex("- container: name:web\n  publishes: [\"9000:8080\"]\n"), []want{{8, "write it like 9000->8080/tcp"}}},
		{"publishes with address", ex("- container: name:web\n  publishes: [\"0.0.0.0:9000->8080/tcp\"]\n"), []want{{8, "leave out the host address"}}},
		{"exposes format", ex("- image: x\n  exposes: [http]\n"), []want{{8, `exposes "http" is not a port`}}},
		{"setup with an assertion", head + "## E {#e .exercise}\n```yaml {setup}\n- image: x\n```\n```yaml {check}\n- image: x\n```\n", []want{{7, "setup steps are actions"}}},

		// references
		{"duplicate step names", ex("- run: x\n  name: a\n- run: y\n  name: a\n"), []want{{9, `step name "a" is already used by step 1 (line 7)`}}},
		{"output of an unknown step", ex("- output: hello\n"), []want{{7, `output "hello" names no step; add name: hello to the run or exec step it means, or, for a container the learner made, write name:hello or ancestor:IMAGE`}}},
		{"output of a later step", ex("- output: r\n- run: x\n  name: r\n"), []want{{7, `output "r" names a later step (line 8)`}}},
		{"output of a build", ex("- build: .\n  name: b\n- output: b\n"), []want{{9, `output "b" names a build step, but it must name a run or exec step`}}},
		{"output with subject and of", ex("- run: x\n  name: r\n- output: r\n  of: r\n"), []want{{10, "output: NAME or of: NAME, not both"}}},
		{"output with nothing before", ex("- output:\n  stdout: x\n"), []want{{7, "output has no run or exec step before it"}}},
		{"exec in a step that is not detached", ex("- run: x\n  name: r\n- exec: [ls]\n  in: r\n"), []want{{9, `run step "r" is not detached`}}},
		{"exec without a detached run", ex("- run: x\n- exec: [ls]\n"), []want{{8, "exec needs a running container"}}},
		{"exec in names an exec", ex("- run: x\n  name: r\n  detach: true\n- exec: [ls]\n  name: e\n- exec: [ls]\n  in: e\n"), []want{{12, `in "e" names an exec step, but it must name a run step`}}},
		{"container of an unknown step", ex("- container: web\n"), []want{{7, "write name:web or ancestor:IMAGE"}}},
		{"stop of an unknown step", ex("- stop: web\n"), []want{{7, `stop "web" names no step`}}},
		{"via an unknown step", ex("- http: http://localhost:8080/\n  via: web\n"), []want{{7, `via "web" names no step`}}},
		{"file without a build", ex("- file: /x\n"), []want{{7, "file has no build step before it"}}},
		{"container image names a run", ex("- run: x\n  name: r\n  detach: true\n- container: r\n  image: r\n"), []want{{10, `image "r" names a run step`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("en/t.md", []byte(tt.src), "", srcFS, "en")
			var errs Errors
			require.ErrorAs(t, err, &errs)
			for _, w := range tt.want {
				assert.True(t, hasError(errs, "en/t.md", w), "want en/t.md:%d: ...%s...\ngot:\n%v", w.line, w.msg, err)
			}
			assert.Len(t, errs, len(tt.want), "got:\n%v", err)
		})
	}
}

func hasError(errs Errors, file string, w want) bool {
	for _, e := range errs {
		if e.File == file && e.Line == w.line && strings.Contains(e.Msg, w.msg) {
			return true
		}
	}
	return false
}

func TestParseReportsEveryError(t *testing.T) {
	src := "---\nid: Bad Id\ntitle: T\ncolor: red\n---\n" + // 2: id, 4: key
		"## E {#e .exercise}\n" + // 6
		"```sh {file=}\n```\n" + // 7
		"```yaml {check}\n- bulid: .\n- run: x\n  detached: true\n```\n" + // 9; 10: kind, 12: option
		"## Q {#q .quiz}\n- [ ] a\n" // 14, 15
	_, err := Parse("t.md", []byte(src), "", nil, ".")
	var errs Errors
	require.ErrorAs(t, err, &errs)
	lines := make([]int, len(errs))
	for i, e := range errs {
		lines[i] = e.Line
	}
	assert.Equal(t, []int{2, 4, 7, 10, 12, 15}, lines, "every mistake, sorted by line:\n%v", err)
	assert.True(t, strings.HasPrefix(err.Error(), "t.md:2: id \"Bad Id\""), err.Error())
}

func TestErrorReportGolden(t *testing.T) {
	_, err := ParseFile(os.DirFS("testdata"), "broken.md", "en")
	require.Error(t, err)
	got := err.Error() + "\n"
	golden := filepath.Join("testdata", "broken.golden")
	if *update {
		require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
	}
	wantReport, err := os.ReadFile(golden)
	require.NoError(t, err, "run go test ./lessons -run Golden -update to create it")
	assert.Equal(t, string(wantReport), got)
}

func TestErrorFormat(t *testing.T) {
	errs := Errors{{File: "a.md", Line: 3, Msg: "x"}, {File: "b.md", Msg: "y"}}
	assert.Equal(t, "a.md:3: x\nb.md: y", errs.Error())
	var target Errors
	assert.True(t, errors.As(error(errs), &target))
}
