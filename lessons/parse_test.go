package lessons

import (
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func ptr[T any](v T) *T { return &v }

func parseFull(t testing.TB) *Lesson {
	t.Helper()
	l, err := ParseFile(os.DirFS("testdata/course"), "en/01-full.md", "")
	require.NoError(t, err)
	return l
}

func TestParseFullLesson(t *testing.T) {
	l := parseFull(t)

	assert.Equal(t, "dockerfile-basics", l.ID)
	assert.Equal(t, "Dockerfile 기본 명령", l.Title)
	assert.Equal(t, "The first Dockerfile.", l.Summary)
	assert.Equal(t, []string{"busybox:1.35"}, l.Images)
	assert.Equal(t, []string{"why-docker"}, l.Requires)
	assert.Equal(t, "en", l.Lang)
	assert.Equal(t, "en/01-full.md", l.Path)
	assert.Equal(t, 1, l.Order)

	t.Run("sections", func(t *testing.T) {
		want := []Section{
			{Title: "Dockerfile 기본 명령", Markdown: "Intro text.", Line: 9},
			{Title: "실습: helloworld 이미지", Unit: "helloworld", Line: 13, Markdown: "`helloworld` 스크립트(실행 권한 없이 주어집니다)를 이미지에 넣고, 컨테이너가 시작되면 실행되게 하세요.\n\n" +
				"```dockerfile {file=Dockerfile}\nFROM busybox:1.35\n# TODO\n```\n\n" +
				"```sh {file=helloworld}\n#!/bin/sh\necho \"Hello, World!\"\n```"},
			{Title: "Every step", Unit: "every-step", Line: 55, Markdown: "Serve a page.\n\n> [!NOTE]\n> This note stays in the instructions.\n\n" +
				"```sh {file=server.sh mode=0755 src=01-full/server.sh}\n```"},
			{Title: "확인 문제", Unit: "immutable", Line: 138, Markdown: "불변 인프라의 가장 큰 장점은 무엇일까요?"},
			{Title: "Recap", Markdown: "Done.", Line: 148},
		}
		assert.Equal(t, want, l.Sections)
	})

	t.Run("spec example exercise", func(t *testing.T) {
		require.Len(t, l.Exercises, 2)
		e := l.Exercises[0]
		assert.Equal(t, "helloworld", e.ID)
		assert.Equal(t, "dockerfile-basics/helloworld", e.FullID())
		assert.Equal(t, "실습: helloworld 이미지", e.Title)
		assert.Equal(t, 13, e.Line)
		assert.Equal(t, l.Sections[1].Markdown, e.Instructions)
		assert.Equal(t, []File{
			{Path: "Dockerfile", Mode: 0o644, Content: []byte("FROM busybox:1.35\n# TODO\n"), Line: 17},
			{Path: "helloworld", Mode: 0o644, Content: []byte("#!/bin/sh\necho \"Hello, World!\"\n"), Line: 22},
		}, e.Files)
		assert.Equal(t, []File{{Path: "Dockerfile", Mode: 0o644, Line: 42,
			Content: []byte("FROM busybox:1.35\nCOPY helloworld /usr/local/bin/\nRUN chmod +x /usr/local/bin/helloworld\nCMD [\"helloworld\"]\n")}}, e.Solution)
		assert.Equal(t, []Mistake{{Name: "no-chmod", Line: 49, Files: []File{{Path: "Dockerfile", Mode: 0o644, Line: 49,
			Content: []byte("FROM busybox:1.35\nCOPY helloworld /usr/local/bin/\nCMD [\"helloworld\"]\n")}}}}, e.Mistakes)
		assert.Equal(t, []string{"`COPY helloworld /usr/local/bin/` 으로 파일을 복사할 수 있습니다."}, e.Hints)
		assert.False(t, e.IsCommand())
		assert.Equal(t, []Step{
			{Kind: KindBuild, Subject: ".", Index: 1, Line: 28, Build: BuildOptions{Tag: "example/helloworld:latest", File: "Dockerfile"}},
			{Kind: KindFile, Subject: "/usr/local/bin/helloworld", Index: 2, Points: 1, Line: 30, Hint: "COPY로 옮긴 뒤 RUN chmod +x 로 실행 권한을 주세요.",
				File: FileOptions{Exists: ptr(true), Executable: ptr(true)}},
			{Kind: KindRun, Subject: "example/helloworld:latest", Name: "hello", Index: 3, Line: 33},
			{Kind: KindOutput, Subject: "hello", Index: 4, Points: 1, Line: 35, Output: OutputOptions{Stdout: ptr("Hello, World!")}},
		}, e.Check)
	})

	t.Run("every step kind and option", func(t *testing.T) {
		e := l.Exercises[1]
		assert.Equal(t, []File{{Path: "server.sh", Mode: 0o755, Line: 62, Content: []byte("#!/bin/sh\nexec httpd -f -p 8080 -h /www\n")}}, e.Files)
		assert.Equal(t, []Step{{Kind: KindBuild, Subject: "base", Index: 1, Line: 66, Build: BuildOptions{Tag: "example/base:latest", File: "Dockerfile"}}}, e.Setup)
		assert.Equal(t, []Mistake{{Name: "no-detach", Commands: "docker run example/web:latest\n", Line: 134}}, e.Mistakes)
		assert.Empty(t, e.Hints)
		want := []Step{
			{Kind: KindDockerfile, Subject: "Dockerfile", Index: 1, Points: 1, Line: 71, Dockerfile: DockerfileOptions{
				From: "busybox:1.35", Instructions: []string{"COPY", "EXPOSE"}, Forbid: []string{"ADD"}, ExecForm: []string{"CMD"}}},
			{Kind: KindBuild, Subject: ".", Name: "img", Index: 2, Line: 76, Timeout: 2 * time.Minute, Build: BuildOptions{
				Tag: "example/web:latest", File: "docker/Dockerfile.web", Args: map[string]string{"VERSION": "1.2", "DEBUG": ""}}},
			{Kind: KindImage, Subject: "example/web:latest", Index: 3, Points: 3, Line: 83, Image: ImageOptions{
				Exists: ptr(true), Cmd: []string{}, HasCmd: true, Entrypoint: []string{"server.sh"}, HasEntry: true,
				Exposes: []string{"8080/tcp", "53/udp"}, Env: map[string]string{"MODE": "prod"}, Workdir: ptr("/www"), User: ptr("1000"),
				Labels: map[string]string{"org.example.course": "1"}, MaxSize: 20_000_000}},
			{Kind: KindFile, Subject: "/www/index.html", Index: 4, Points: 1, Line: 94, File: FileOptions{
				In: "example/web:latest", Exists: ptr(true), Executable: ptr(false), Contains: ptr("Hello")}},
			{Kind: KindRun, Subject: "example/web:latest", Name: "web", Index: 5, Line: 99, Run: RunOptions{
				Detach: true, Publish: []string{"9000:8080", "8081", "53/udp"}, Command: []string{"server.sh", "--verbose"}, Env: map[string]string{"PORT": "8080"}}},
			{Kind: KindExec, Command: []string{"cat", "/etc/hostname"}, Name: "host", Index: 6, Line: 105, Exec: ExecOptions{In: "web"}},
			{Kind: KindOutput, Subject: "host", Index: 7, Points: 1, Line: 108, Output: OutputOptions{
				StdoutEquals: ptr("web\n"), Stderr: ptr(""), ExitCode: ptr(0)}},
			{Kind: KindOutput, Subject: "name:web", Index: 8, Points: 1, Line: 112, Output: OutputOptions{Stdout: ptr("started")}},
			{Kind: KindContainer, Subject: "web", Index: 9, Points: 1, Line: 114, Container: ContainerOptions{
				Exists: ptr(true), Running: ptr(true), Publishes: []string{"9000->8080/tcp", "*->8081/tcp"}, Image: "img", Unchanged: ptr(true)}},
			{Kind: KindContainer, Subject: "ancestor:example/web:latest", Index: 10, Points: 1, Line: 119, Container: ContainerOptions{
				Exists: ptr(false), ExitCode: ptr(0)}},
			{Kind: KindHTTP, Subject: "http://localhost:9000/", Index: 11, Points: 1, Line: 122, HTTP: HTTPOptions{
				Status: 404, Body: ptr("Not Found"), Within: 30 * time.Second, Via: "web"}},
			{Kind: KindStop, Subject: "web", Index: 12, Points: 1, Line: 127, Stop: StopOptions{Within: 5 * time.Second}},
			{Kind: KindRun, Subject: "example/web:latest", Index: 13, Line: 129, Run: RunOptions{Command: []string{"true"}}},
			{Kind: KindStop, Subject: "name:other", Index: 14, Line: 131},
		}
		require.Len(t, e.Check, len(want))
		for i := range want {
			assert.Equal(t, want[i], e.Check[i], "step %d", i+1)
		}
		assert.Equal(t, "run-13", e.Check[12].DisplayName())
		assert.True(t, e.Check[11].IsAssertion(), "a stop with within is judged")
		assert.False(t, e.Check[13].IsAssertion())
	})

	t.Run("quiz", func(t *testing.T) {
		require.Len(t, l.Quizzes, 1)
		assert.Equal(t, &Quiz{
			ID: "immutable", LessonID: "dockerfile-basics", Title: "확인 문제", Line: 138,
			Question: "불변 인프라의 가장 큰 장점은 무엇일까요?",
			Choices: []Choice{
				{Text: "운영 중인 서버에 직접 접속해 설정을 고칠 수 있다"},
				{Text: "제대로 설정된 상태의 서버를 언제든 다시 만들어 쓸 수 있다", Correct: true},
			},
			Explanation: "어떤 시점의 서버 상태를 이미지로 저장해 두면 그대로 복제할 수 있습니다.",
		}, l.Quizzes[0])
	})
}

func TestParseDetails(t *testing.T) {
	const head = "---\nid: t\ntitle: T\n---\n"
	tests := []struct {
		name  string
		src   string
		check func(t *testing.T, l *Lesson)
	}{
		{
			name: "no level-1 heading: the first section takes the lesson title",
			src:  head + "Some prose.\n\n## Next\n\nMore.\n",
			check: func(t *testing.T, l *Lesson) {
				assert.Equal(t, []Section{{Title: "T", Markdown: "Some prose.", Line: 5}, {Title: "Next", Markdown: "More.", Line: 7}}, l.Sections)
			},
		},
		{
			name: "body opening with a unit has no intro section",
			src:  head + "## Q {#q .quiz}\nWhy?\n- [x] yes\n",
			check: func(t *testing.T, l *Lesson) {
				require.Len(t, l.Sections, 1)
				assert.Equal(t, "q", l.Sections[0].Unit)
				assert.Equal(t, "Why?", l.Quizzes[0].Question)
			},
		},
		{
			name: "command exercise with solution commands, quoted attributes and a fence that interrupts a paragraph",
			src: head + "## Run it {#run-it .exercise}\nRun a container named web.\n```yaml {check}\n- container: name:web\n  running: true\n```\nThen look.\n\n" +
				"```sh {solution}\ndocker run -d --name web busybox:1.35 sleep 60\n```\n\n```console {mistake name=\"not running\"}\n$ docker create --name web busybox:1.35\n```\n",
			check: func(t *testing.T, l *Lesson) {
				e := l.Exercises[0]
				assert.True(t, e.IsCommand())
				assert.Equal(t, "docker run -d --name web busybox:1.35 sleep 60\n", e.SolutionCommands)
				assert.Equal(t, "not running", e.Mistakes[0].Name)
				assert.Equal(t, "Run a container named web.\n\nThen look.", e.Instructions)
			},
		},
		{
			name: "unnamed mistakes are numbered; same-named mistake files merge",
			src: head + "## E {#e .exercise}\n```yaml {check}\n- build: .\n```\n```sh {mistake}\nx\n```\n" +
				"```text {mistake file=a name=two}\na\n```\n```text {mistake file=b name=two}\nb\n```\n",
			check: func(t *testing.T, l *Lesson) {
				ms := l.Exercises[0].Mistakes
				require.Len(t, ms, 2)
				assert.Equal(t, "mistake-1", ms[0].Name)
				assert.Equal(t, "two", ms[1].Name)
				assert.Len(t, ms[1].Files, 2)
			},
		},
		{
			name: "a tip outside an exercise stays prose; hint text keeps later paragraphs",
			src:  head + "> [!TIP]\n> read on\n\n## E {#e .exercise}\n```yaml {check}\n- build: .\n```\n> [!TIP]\n> one\n>\n> two\n",
			check: func(t *testing.T, l *Lesson) {
				assert.Equal(t, "> [!TIP]\n> read on", l.Sections[0].Markdown)
				assert.Equal(t, []string{"one\n\ntwo"}, l.Exercises[0].Hints)
			},
		},
		{
			name: "points on an action, numbers as strings, and max_size in binary units",
			src: head + "## E {#e .exercise}\n```yaml {check}\n- build: .\n  points: 2\n  tag: 1.0\n- image: \"1.0\"\n  max_size: 1MiB\n" +
				"- run: x\n  name: r\n- output:\n  stdout: 42\n  points: 0\n```\n",
			check: func(t *testing.T, l *Lesson) {
				c := l.Exercises[0].Check
				assert.Equal(t, 2, c[0].Points)
				assert.Equal(t, "1.0", c[0].Build.Tag)
				assert.Equal(t, int64(1<<20), c[1].Image.MaxSize)
				assert.Equal(t, "", c[3].Subject)
				assert.Equal(t, ptr("42"), c[3].Output.Stdout)
				assert.Equal(t, 0, c[3].Points)
			},
		},
		{
			name: "output names its subject with of:",
			src:  head + "## E {#e .exercise}\n```yaml {check}\n- run: x\n  name: r\n- output:\n  of: r\n  stdout: a\n```\n",
			check: func(t *testing.T, l *Lesson) {
				assert.Equal(t, "r", l.Exercises[0].Check[1].Subject)
			},
		},
		{
			name: "lang from front matter; BOM and CRLF tolerated",
			src:  "\uFEFF---\r\nid: t\r\ntitle: T\r\nlang: ko\r\n---\r\n## Q {#q .quiz}\r\n- [ ] a\r\n- [X] b\r\n",
			check: func(t *testing.T, l *Lesson) {
				assert.Equal(t, "ko", l.Lang)
				assert.Equal(t, []Choice{{Text: "a"}, {Text: "b", Correct: true}}, l.Quizzes[0].Choices)
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := Parse("t.md", []byte(tt.src), "", nil, ".")
			require.NoError(t, err)
			tt.check(t, l)
		})
	}
}

func BenchmarkParse(b *testing.B) {
	fsys := os.DirFS("testdata/course")
	src, err := os.ReadFile("testdata/course/en/01-full.md")
	require.NoError(b, err)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("en/01-full.md", src, "en", fsys, "en"); err != nil {
			b.Fatal(err)
		}
	}
}
