package checker

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dockademy/dockademy/lessons"
	"github.com/dockademy/dockademy/runner"
)

func TestEveryMessageHasBothLanguages(t *testing.T) {
	for id, tx := range catalogue {
		assert.NotEmpty(t, tx.en, "%s has no English text", id)
		assert.NotEmpty(t, tx.ko, "%s has no Korean text", id)
	}
}

// Every msgID constant declared in the package must be in the catalogue: a constant
// without texts would print its id to the learner.
func TestEveryDeclaredIDIsCatalogued(t *testing.T) {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	var declared []msgID
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		require.NoError(t, err)
		ast.Inspect(f, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok || vs.Type == nil || fmt.Sprint(vs.Type) != "msgID" {
				return true
			}
			for _, v := range vs.Values {
				if lit, ok := v.(*ast.BasicLit); ok {
					s, _ := strconv.Unquote(lit.Value)
					declared = append(declared, msgID(s))
				}
			}
			return true
		})
	}
	require.NotEmpty(t, declared)
	for _, id := range declared {
		assert.Contains(t, catalogue, id)
	}
	assert.Len(t, catalogue, len(declared), "every catalogue entry has its own constant")
}

// The two languages take the same arguments: formatting both with the number of
// arguments that the English text uses leaves no fmt error and drops no argument.
func TestMessagesTakeTheSameArguments(t *testing.T) {
	for id, tx := range catalogue {
		n := argCount(tx.en)
		require.GreaterOrEqual(t, n, 0, "%s: cannot find the argument count of %q", id, tx.en)
		args := make([]any, n)
		for i := range args {
			args[i] = fmt.Sprintf("ARG%d", i+1)
		}
		ko := fmt.Sprintf(strings.ReplaceAll(tx.ko, "%d", "%v"), args...)
		assert.NotContains(t, ko, "%!", "%s: Korean text takes other arguments", id)
		for _, a := range args {
			assert.Contains(t, ko, a, "%s: Korean text drops %s", id, a)
		}
	}
}

// argCount finds how many arguments a format uses (strings stand in for numbers).
func argCount(format string) int {
	f := strings.ReplaceAll(format, "%d", "%v")
	for n := 0; n <= 6; n++ {
		args := make([]any, n)
		for i := range args {
			args[i] = "x"
		}
		if !strings.Contains(fmt.Sprintf(f, args...), "%!") {
			return n
		}
	}
	return -1
}

// A Korean particle's form depends on the last sound of the word before it, which an
// argument does not know; the copula (이어야, 이고, 입니다) is fine.
func TestKoreanHasNoParticleRightAfterAnArgument(t *testing.T) {
	particle := regexp.MustCompile("(%(\\[\\d\\])?[sd]|`)(가|을|를|은|는|과|와|으로|로|이([^어고]|$))")
	for id, tx := range catalogue {
		assert.False(t, particle.MatchString(tx.ko), "%s: %q", id, tx.ko)
	}
}

func TestKoreanSentencesArePolite(t *testing.T) {
	for id, tx := range catalogue {
		if !strings.HasPrefix(string(id), "m.") {
			continue
		}
		// Requests take -세요, as friendly 합니다체 writing does; 해요체 endings do not belong.
		assert.NotRegexp(t, `(어요|아요|에요|예요|해요|죠)\.`, tx.ko, "%s: 합니다체, please", id)
		assert.Regexp(t, `(다|세요|%s)(\([^)]*\))?\.$|[.:] %s$`, tx.ko, "%s ends a sentence", id)
	}
}

func TestLanguage(t *testing.T) {
	for in, want := range map[string]string{"ko": "ko", "ko-KR": "ko", "ko_KR": "ko", "KO": "ko",
		"en": "en", "": "en", "fr": "en", "kok": "en"} {
		assert.Equal(t, want, language(in), in)
	}
}

func TestMsg(t *testing.T) {
	assert.Equal(t, "m.nope", msg("en", "m.nope"), "an unknown id shows itself")
	assert.Equal(t, "The last run did not finish within its time limit and was stopped; its output may be cut short.",
		msg("en", mOutputTimedOut, msg("en", vLastRun)), "a sentence starts with a capital")
	assert.Equal(t, "no CMD", msg("en", vNone, "CMD"), "a value does not")
	assert.Equal(t, "example/app (1) 이미지를 빌드했습니다.", msg("ko", mBuildOK, "example/app (1)"), "nor Korean")
	assert.Equal(t, msg("en", mImageOK, "x"), msg("de", mImageOK, "x"), "unknown languages fall back to English")
}

// The catalogue as a whole, for reading the texts side by side in review.
func TestCatalogueGolden(t *testing.T) {
	ids := make([]string, 0, len(catalogue))
	for id := range catalogue {
		ids = append(ids, string(id))
	}
	slices.Sort(ids)
	var b strings.Builder
	for _, id := range ids {
		tx := catalogue[msgID(id)]
		fmt.Fprintf(&b, "%s\n  en: %s\n  ko: %s\n", id, tx.en, tx.ko)
	}
	golden(t, "catalogue.golden", b.String())
}

// A representative set of verdicts, rendered in both languages.
func TestVerdictsGolden(t *testing.T) {
	for _, lang := range []string{"en", "ko"} {
		var b strings.Builder
		for _, c := range representative(lang) {
			fmt.Fprintf(&b, "## %s\nstatus:   %s\nexpected: %s\nactual:   %s\nmessage:  %s\n\n",
				c.name, c.v.Status, c.v.Expected, c.v.Actual, c.v.Message)
		}
		golden(t, "verdicts."+lang+".golden", b.String())
	}
}

type namedVerdict struct {
	name string
	v    Verdict
}

func representative(lang string) []namedVerdict {
	img := helloImage()
	img.Cmd = []string{"sh"}
	img.Size = 74_800_000
	up := web("1111111111112222", "web", 0, true, bind("9000", "8080/tcp"))
	return []namedVerdict{
		{"image: cmd, exposes and size", Image(imageStep(lessons.ImageOptions{HasCmd: true, Cmd: []string{"helloworld"},
			Exposes: []string{"9000"}, MaxSize: 20_000_000}), img, lang)},
		{"image: missing", Image(imageStep(lessons.ImageOptions{}), runner.ImageInfo{}, lang)},
		{"image: passed", Image(imageStep(lessons.ImageOptions{Env: map[string]string{"MODE": "prod"}}), helloImage(), lang)},
		{"file: not executable", File(fileStep(lessons.FileOptions{Executable: ptr(true)}), script(0o644), lang)},
		{"file: missing", File(fileStep(lessons.FileOptions{In: "example/app:1"}), runner.FileInfo{}, lang)},
		{"file: symlink", File(fileStep(lessons.FileOptions{Contains: ptr("Hello")}),
			runner.FileInfo{Exists: true, Mode: fs.ModeSymlink | 0o777, Link: "/app/hello"}, lang)},
		{"output: stdout and exit code", Output(outputStep("hello", lessons.OutputOptions{Stdout: ptr("Hello, World!"),
			ExitCode: ptr(0)}), runner.RunResult{Exited: true, ExitCode: 127, Stderr: "sh: helloworld: not found\n"}, lang)},
		{"output: stdout_equals", Output(outputStep("", lessons.OutputOptions{StdoutEquals: ptr("3")}),
			runner.RunResult{Exited: true, Stdout: "3 \n"}, lang)},
		{"container: none from the image", Container(containerStep("ancestor:example/web", lessons.ContainerOptions{}),
			nil, ContainerEnv{}, lang)},
		{"container: publishes and image", Container(containerStep("name:web", lessons.ContainerOptions{
			Publishes: []string{"8000->8080/tcp"}, Image: "example/web:latest"}), []ContainerObservation{up},
			ContainerEnv{WantImageID: "sha256:bbbbbbbbbbbb2222"}, lang)},
		{"container: changed", Container(containerStep("name:web", lessons.ContainerOptions{Unchanged: ptr(true)}),
			[]ContainerObservation{{Info: up.Info, DiffKnown: true, Changes: []runner.Change{{Kind: "A", Path: "/tmp/x"}}}},
			ContainerEnv{}, lang)},
		{"http: refused", HTTP(httpStep(lessons.HTTPOptions{}), runner.HTTPResult{URL: "http://127.0.0.1:9000/",
			Err: "dial tcp 127.0.0.1:9000: connect: connection refused"}, lang)},
		{"http: reset", HTTP(httpStep(lessons.HTTPOptions{}), runner.HTTPResult{URL: "http://127.0.0.1:9000/",
			Err: "read: connection reset by peer"}, lang)},
		{"http: gave up", HTTP(httpStep(lessons.HTTPOptions{}), runner.HTTPResult{URL: "http://127.0.0.1:9000/",
			GaveUpEarly: "the container exited with code 1"}, lang)},
		{"http: status", HTTP(httpStep(lessons.HTTPOptions{}), runner.HTTPResult{URL: "http://127.0.0.1:9000/",
			Answered: true, Status: 404, Body: "<h1>Not Found</h1>"}, lang)},
		{"http: body", HTTP(httpStep(lessons.HTTPOptions{Body: ptr("Hello")}), runner.HTTPResult{URL: "http://127.0.0.1:9000/",
			Answered: true, Status: 200, Body: "<html><body>It works!</body></html>"}, lang)},
		{"dockerfile: from and exec form", Dockerfile(dockerfileStep(lessons.DockerfileOptions{From: "busybox:1.35",
			ExecForm: []string{"CMD"}}), []byte("FROM debian:bookworm-slim\nCMD helloworld\n"), true, lang)},
		{"dockerfile: parse error", Dockerfile(dockerfileStep(lessons.DockerfileOptions{}),
			[]byte("FROM busybox:1.35\nCMD [\"a\", 1]\n"), true, lang)},
		{"dockerfile: instructions and forbid", Dockerfile(dockerfileStep(lessons.DockerfileOptions{
			Instructions: []string{"COPY", "RUN chmod"}, Forbid: []string{"ADD"}}),
			[]byte("FROM busybox:1.35\nADD helloworld /usr/local/bin/\n"), true, lang)},
		{"stop: killed", Stop(stopStep(2*time.Second), runner.StopResult{ContainerID: "9999999999990000",
			Took: 10 * time.Second, Killed: true, WasRunning: true}, lang)},
		{"stop: in time", Stop(stopStep(2*time.Second), runner.StopResult{ContainerID: "9999999999990000",
			Took: 300 * time.Millisecond, WasRunning: true}, lang)},
		{"build: run failed", Build(buildStep(), runner.BuildResult{Failure: &runner.BuildFailure{
			Step:    "Step 3/4 : RUN chmod +x /usr/local/bin/hello",
			Message: "The command '/bin/sh -c chmod +x /usr/local/bin/hello' returned a non-zero code: 1", ExitCode: 1}}, lang)},
		{"build: missing base", Build(buildStep(), runner.BuildResult{Failure: &runner.BuildFailure{MissingBase: "busybox:1.35"}}, lang)},
		{"build: passed", Build(buildStep(), runner.BuildResult{ImageID: "sha256:feedfacecafe0000"}, lang)},
		{"run: could not start", Run(&lessons.Step{Kind: lessons.KindRun, Subject: "example/helloworld:latest"},
			runner.RunResult{}, errors.New(`exec: "helloworld": executable file not found in $PATH`), lang)},
		{"skipped", Skip(outputStep("hello", lessons.OutputOptions{}), "build-1", lang)},
		{"errored", Errored(outputStep("hello", lessons.OutputOptions{}), errors.New("engine went away"), lang)},
	}
}
