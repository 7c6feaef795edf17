// Package lessons parses dockademy lesson files (Markdown, see docs/lesson-format.md)
// into a typed model. It knows nothing about Docker: a check is data here, and the
// runner and checker give it meaning.
package lessons

import (
	"io/fs"
	"strconv"
	"strings"
	"time"
)

// Course is every lesson of one language, in course order.
type Course struct {
	Lang    string
	Lessons []*Lesson
}

// Lesson is one parsed lesson file.
type Lesson struct {
	ID       string
	Title    string
	Summary  string
	Images   []string // base images the lesson builds from or runs
	Requires []string // lesson ids that should be done first
	Lang     string   // "ko" or "en"
	Path     string   // the file as named in error messages
	Order    int      // the NN of NN-slug.md, or the position in the directory

	// Source is the whole file; Sections is its body cut at level-2 headings, with the
	// blocks a learner must not read in passing (check, setup, solution, mistake) and the
	// hints left out, ready to render one at a time.
	Source   []byte
	Sections []Section

	Exercises []*Exercise
	Quizzes   []*Quiz
}

// Section is a part of a lesson's body as the learner reads it.
type Section struct {
	Title    string
	Markdown string
	Unit     string // the exercise or quiz id that this section is, if any
	Line     int    // the line of its heading in the lesson file
}

// Exercise is a unit that the tool checks on the engine.
type Exercise struct {
	ID       string // unique within the lesson
	LessonID string
	Title    string
	Line     int

	Instructions string // Markdown, without check, setup, solution, mistake blocks or hints
	Files        []File // starter files
	Solution     []File
	// SolutionCommands are the shell commands that solve a command exercise.
	SolutionCommands string
	Mistakes         []Mistake
	Setup            []Step
	Check            []Step
	Hints            []string // Markdown of each > [!TIP], in order
}

// FullID names the exercise across the course: "<lesson-id>/<exercise-id>".
func (e *Exercise) FullID() string { return e.LessonID + "/" + e.ID }

// IsCommand reports whether the learner solves the exercise with docker commands in
// their own shell: its check has no build or run step of its own.
func (e *Exercise) IsCommand() bool {
	for _, s := range e.Check {
		if s.Kind == KindBuild || s.Kind == KindRun {
			return false
		}
	}
	return true
}

// File is a file that an exercise writes or that a solution supplies.
type File struct {
	Path    string // slash-separated, relative to the exercise folder
	Mode    fs.FileMode
	Content []byte
	Line    int
}

// Mistake is a typical wrong answer that the check must fail.
type Mistake struct {
	Name     string
	Commands string // sh commands run instead of the solution's, for command exercises
	Files    []File // files that replace the solution's
	Line     int
}

// Quiz is a multiple-choice question.
type Quiz struct {
	ID          string
	LessonID    string
	Title       string
	Line        int
	Question    string // Markdown
	Choices     []Choice
	Explanation string // Markdown of the > [!NOTE] after the choices
}

// FullID names the quiz across the course.
func (q *Quiz) FullID() string { return q.LessonID + "/" + q.ID }

// Choice is one answer of a quiz.
type Choice struct {
	Text    string
	Correct bool
}

// Kind is a check step's kind key.
type Kind string

// Step kinds. Actions change the engine; assertions only look.
const (
	KindBuild      Kind = "build"
	KindRun        Kind = "run"
	KindExec       Kind = "exec"
	KindStop       Kind = "stop"
	KindImage      Kind = "image"
	KindFile       Kind = "file"
	KindOutput     Kind = "output"
	KindContainer  Kind = "container"
	KindHTTP       Kind = "http"
	KindDockerfile Kind = "dockerfile"
)

// IsAction reports whether steps of this kind change the engine.
func (k Kind) IsAction() bool {
	return k == KindBuild || k == KindRun || k == KindExec || k == KindStop
}

// Step is one step of a check or setup. Exactly one of the kind-specific option
// structs is meaningful: the one that matches Kind.
type Step struct {
	Kind    Kind
	Subject string   // the kind key's value; empty where the kind takes a list
	Command []string // exec's subject
	Name    string   // as written; see DisplayName
	Index   int      // position in its list, from 1
	Points  int      // resolved: default 1 for assertions, 0 for actions (stop with within: 1)
	Timeout time.Duration
	Hint    string
	Line    int

	Build      BuildOptions
	Run        RunOptions
	Exec       ExecOptions
	Stop       StopOptions
	Image      ImageOptions
	File       FileOptions
	Output     OutputOptions
	Container  ContainerOptions
	HTTP       HTTPOptions
	Dockerfile DockerfileOptions
}

// DisplayName is the step's name, or "<kind>-<index>" for a step without one.
func (s *Step) DisplayName() string {
	if s.Name != "" {
		return s.Name
	}
	return string(s.Kind) + "-" + strconv.Itoa(s.Index)
}

// IsAssertion reports whether the step is judged and scored: every assertion kind,
// and a stop with within.
func (s *Step) IsAssertion() bool {
	return !s.Kind.IsAction() || (s.Kind == KindStop && s.Stop.Within > 0)
}

// BuildOptions are a build step's options. The subject is the context folder.
type BuildOptions struct {
	Tag  string
	File string // Dockerfile path relative to the context; default "Dockerfile"
	Pull bool
	Args map[string]string
}

// RunOptions are a run step's options. The subject is the image reference.
type RunOptions struct {
	Detach  bool
	Publish []string // "HOST:CONTAINER[/PROTO]" or "CONTAINER[/PROTO]"
	Command []string
	Env     map[string]string
}

// ExecOptions are an exec step's options. The subject is Step.Command.
type ExecOptions struct {
	In string // a run step's name; default the last detached run
}

// StopOptions are a stop step's options. The subject is a container subject.
type StopOptions struct {
	Within time.Duration // zero: not an assertion
}

// ImageOptions are an image assertion's options. The subject is an image reference.
type ImageOptions struct {
	Exists     *bool // default true
	Cmd        []string
	Entrypoint []string
	HasCmd     bool // cmd was given (an empty list asserts no CMD)
	HasEntry   bool // entrypoint was given
	Exposes    []string
	Env        map[string]string
	Workdir    *string
	User       *string
	Labels     map[string]string
	MaxSize    int64 // bytes; zero: no limit
}

// FileOptions are a file assertion's options. The subject is a path in an image.
type FileOptions struct {
	In         string // image reference; default the last built image
	Exists     *bool  // default true
	Executable *bool
	Contains   *string
}

// OutputOptions are an output assertion's options. The subject is a run or exec
// step's name, a container subject, or empty for the last run or exec.
type OutputOptions struct {
	Stdout       *string
	StdoutEquals *string
	Stderr       *string
	ExitCode     *int
}

// ContainerOptions are a container assertion's options. The subject is a container
// subject.
type ContainerOptions struct {
	Exists    *bool // default true
	Running   *bool
	Publishes []string // "9000->8080/tcp", "*->8080/tcp"
	ExitCode  *int
	Image     string // a build step's name or an image reference
	Unchanged *bool
}

// HTTPOptions are an http assertion's options. The subject is a URL.
type HTTPOptions struct {
	Status int           // default 200
	Body   *string       // substring
	Within time.Duration // default 10s
	Via    string        // a container subject
}

// DockerfileOptions are a dockerfile assertion's options. The subject is a path in the
// exercise folder; default "Dockerfile".
type DockerfileOptions struct {
	From         string
	Instructions []string
	Forbid       []string
	ExecForm     []string
}

// ContainerSubject is a parsed container subject.
type ContainerSubject struct {
	Ancestor string // ancestor:IMAGE
	Name     string // name:NAME
	Step     string // a run step's name
}

// ParseContainerSubject splits "ancestor:IMAGE", "name:NAME" or a step name.
func ParseContainerSubject(s string) ContainerSubject {
	if img, ok := strings.CutPrefix(s, "ancestor:"); ok {
		return ContainerSubject{Ancestor: img}
	}
	if name, ok := strings.CutPrefix(s, "name:"); ok {
		return ContainerSubject{Name: name}
	}
	return ContainerSubject{Step: s}
}
