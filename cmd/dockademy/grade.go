package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	units "github.com/docker/go-units"
	"github.com/spf13/cobra"

	"github.com/dockademy/dockademy/internal/grade"
	"github.com/dockademy/dockademy/internal/i18n"
	"github.com/dockademy/dockademy/internal/submission"
	"github.com/dockademy/dockademy/lessons"
	"github.com/dockademy/dockademy/runner"
)

type gradeOptions struct {
	exercise    string
	jobs        int
	format      string
	out         string
	engines     []string
	failUnder   int
	timeout     time.Duration
	stepTimeout time.Duration
	memory      string
	cpus        float64
	pids        int64
	network     string
	maxArchive  string
	maxFiles    int
	maxExtract  string
	maxContext  string
}

func (a *app) gradeCmd() *cobra.Command {
	opts := &gradeOptions{}
	def := grade.DefaultLimits()
	cmd := &cobra.Command{
		Use:   "grade --exercise <lesson-id>/<exercise-id> [flags] <submission>...",
		Short: "Grade many submissions of an exercise, side by side and safely",
		Long: `Grade submissions of a file exercise with the check that learners run. A
submission is a folder, a .zip, a .tar or a .tar.gz. Each is graded in its own
namespace: its image tags get a private suffix, its ports are ephemeral and bound
to 127.0.0.1, and everything it creates is removed afterwards, so that several
gradings can share one Docker Engine. Submissions are untrusted: archives may not
escape their folder, sizes are capped, containers and builds run with memory, CPU
and process limits, and every step and submission has a time limit. A submission
that breaks a rule or a limit gets zero points and an error; the others go on.

Results come in the order given. Exit status: 0 when every submission was graded,
whatever the scores; 1 with --fail-under when one scored below it; 2 for usage
errors; 3 when a Docker Engine cannot be reached; 4 when grading itself failed for
a submission.`,
		Example: `  dockademy grade --exercise dockerfile-basics/echo submissions/*.zip
  dockademy grade --exercise web/serve --lessons ./course --jobs 4 --format csv alice/ bob.tar.gz
  dockademy grade --exercise web/serve --lessons ./course --format github . >> "$GITHUB_OUTPUT"
  dockademy grade --exercise web/serve --engine unix:///var/run/docker.sock --engine tcp://grader2:2375 subs/*`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("fail-under") {
				opts.failUnder = -1
			}
			return a.runGrade(cmd.Context(), args, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.exercise, "exercise", "", "`<lesson-id>/<exercise-id>` of the exercise to grade (required)")
	f.IntVar(&opts.jobs, "jobs", 0, fmt.Sprintf("submissions graded at a time (default %d here: two per CPU, 2 to 8, per engine)", grade.DefaultJobs(1)))
	f.StringVar(&opts.format, "format", grade.FormatText, "output `<format>`: "+strings.Join(grade.Formats, ", "))
	f.StringVar(&opts.out, "out", "", "also write every format and each submission's build output into `<dir>`")
	f.StringArrayVar(&opts.engines, "engine", nil, "grade on this Docker Engine `<address>` (DOCKER_HOST form); repeat to spread over several")
	f.IntVar(&opts.failUnder, "fail-under", 0, "exit with status 1 when a submission scored below `<score>`")
	f.DurationVar(&opts.timeout, "timeout", grade.DefaultTimeout, "time limit for one submission")
	f.DurationVar(&opts.stepTimeout, "step-timeout", grade.DefaultStepTimeout, "time limit for one step (a lesson's shorter timeout still applies)")
	f.StringVar(&opts.memory, "memory", units.BytesSize(float64(def.Memory)), "memory limit (`<size>`) of each container and build")
	f.Float64Var(&opts.cpus, "cpus", float64(def.NanoCPUs)/1e9, "CPU limit of each container and build")
	f.Int64Var(&opts.pids, "pids-limit", def.PidsLimit, "process limit of each container and build step")
	f.StringVar(&opts.network, "build-network", def.BuildNetwork, "network of build steps: `none` (no network at all) or default (the engine's bridge, e.g. for a package mirror)")
	f.StringVar(&opts.maxArchive, "max-archive", units.BytesSize(submission.DefaultArchiveSize), "largest archive (`<size>`) accepted")
	f.IntVar(&opts.maxFiles, "max-files", submission.DefaultFiles, "most files, folders and links in a submission")
	f.StringVar(&opts.maxExtract, "max-extracted", units.BytesSize(submission.DefaultExtractedSize), "largest total `<size>` of a submission's files")
	f.StringVar(&opts.maxContext, "max-context", units.BytesSize(submission.DefaultContextSize), "largest build context (`<size>`, after .dockerignore)")
	return cmd
}

func (a *app) runGrade(ctx context.Context, subs []string, opts *gradeOptions) error {
	ws, err := a.findWorkspace()
	if err != nil {
		return err
	}
	lang, err := a.language(ws)
	if err != nil {
		return err
	}
	gopts, err := opts.gradeOptions()
	if err != nil {
		return err
	}
	if opts.exercise == "" {
		return usageErr("%s", i18n.Pick(lang, "which exercise? give --exercise <lesson-id>/<exercise-id>",
			"어떤 실습인가요? --exercise <레슨-id>/<실습-id> 로 지정하세요"))
	}
	c, _, err := a.course(ws)
	if err != nil {
		return err
	}
	ex, err := findExercise(c, opts.exercise)
	if err != nil {
		return err
	}
	if ex.IsCommand() || len(ex.Setup) > 0 {
		return usageErr("%s", fmt.Sprintf(i18n.Pick(lang,
			"%s cannot be graded from submitted files: learners solve it with docker commands on their own engine",
			"%s 는 제출한 파일로 채점할 수 없습니다: 자기 엔진에서 docker 명령으로 푸는 실습입니다"), ex.FullID()))
	}
	for _, s := range subs {
		if _, err := os.Stat(s); err != nil {
			return usageErr("%s", fmt.Sprintf(i18n.Pick(lang, "no submission at %s", "%s 에 제출물이 없습니다"), s))
		}
	}
	gopts.Exercise, gopts.Lang, gopts.Images = ex, lang, lessonImages(c, ex)

	engines, err := a.gradeEngines(ctx, opts.engines)
	if err != nil {
		return err
	}
	defer func() {
		for _, e := range engines {
			e.Client.Close()
		}
	}()
	gopts.Engines = engines
	gopts.Progress = func(done, total int, r *grade.Result) {
		fmt.Fprintf(a.io.ErrOut, "[%d/%d] %s %d/%d (%.1fs)\n", done, total, r.Submission, r.Score, r.MaxScore, r.Took.Seconds())
	}
	g, err := grade.Run(ctx, gopts, subs)
	if err != nil {
		return err
	}
	if err := grade.Write(a.io.Out, opts.format, g, lang, a.io.Color() && opts.format == grade.FormatText); err != nil {
		return err
	}
	if opts.out != "" {
		if err := grade.WriteDir(opts.out, g, lang); err != nil {
			return fmt.Errorf("could not write the results into %s: %w", opts.out, err)
		}
	}
	if g.Failed() {
		return &codeError{exitError, errors.New(i18n.Pick(lang,
			"grading failed for some submissions: see their errors, then grade them again",
			"일부 제출물의 채점이 실패했습니다: 오류를 확인한 뒤 다시 채점하세요"))}
	}
	if opts.failUnder >= 0 {
		for _, r := range g.Results {
			if r.Score < opts.failUnder {
				return errSilentFail
			}
		}
	}
	return nil
}

// gradeOptions turns the flags into grading options.
func (o *gradeOptions) gradeOptions() (grade.Options, error) {
	var g grade.Options
	if !slices.Contains(grade.Formats, o.format) {
		return g, usageErr("unknown --format %q: use one of %s", o.format, strings.Join(grade.Formats, ", "))
	}
	if o.timeout <= 0 || o.stepTimeout <= 0 {
		return g, usageErr("--timeout and --step-timeout must be positive")
	}
	if o.cpus <= 0 || o.pids <= 0 || o.maxFiles <= 0 || o.jobs < 0 {
		return g, usageErr("--cpus, --pids-limit and --max-files must be positive, --jobs not negative")
	}
	sizes := map[string]*int64{}
	var mem, archive, extracted, ctxSize int64
	sizes["--memory "+o.memory] = &mem
	sizes["--max-archive "+o.maxArchive] = &archive
	sizes["--max-extracted "+o.maxExtract] = &extracted
	sizes["--max-context "+o.maxContext] = &ctxSize
	for flag, dst := range sizes {
		name, val, _ := strings.Cut(flag, " ")
		n, err := units.RAMInBytes(val)
		if err != nil || n <= 0 {
			return g, usageErr("%s %q is not a size such as 256MiB", name, val)
		}
		*dst = n
	}
	g.Jobs = o.jobs
	g.Timeout, g.StepTimeout = o.timeout, o.stepTimeout
	if o.network != "none" && o.network != "default" {
		// host or a user network would let an untrusted RUN reach what the machine can.
		return g, usageErr("--build-network %q: use none or default", o.network)
	}
	g.Limits = runner.Limits{Memory: mem, NanoCPUs: int64(o.cpus * 1e9), PidsLimit: o.pids, BuildNetwork: o.network, Confined: true}
	g.Files = submission.Limits{ArchiveSize: archive, Files: o.maxFiles, ExtractedSize: extracted, ContextSize: ctxSize}
	return g, nil
}

// gradeEngines connects to every --engine, or to the usual engine when none is given,
// and sweeps what crashed runs left on each.
func (a *app) gradeEngines(ctx context.Context, hosts []string) ([]grade.Engine, error) {
	if len(hosts) == 0 {
		c, err := a.engine(ctx)
		if err != nil {
			return nil, err
		}
		return []grade.Engine{{Name: c.Host(), Client: c}}, nil
	}
	var out []grade.Engine
	for _, h := range hosts {
		c, err := a.connect(ctx, h)
		if err != nil {
			for _, e := range out {
				e.Client.Close()
			}
			return nil, err
		}
		if _, err := c.Sweep(ctx); err != nil {
			fmt.Fprintf(a.io.ErrOut, "dockademy: warning: could not remove leftovers of earlier runs on %s: %v\n", h, err)
		}
		out = append(out, grade.Engine{Name: h, Client: c})
	}
	return out, nil
}

// lessonImages are the base images of the exercise's lesson.
func lessonImages(c *lessons.Course, ex *lessons.Exercise) []string {
	for _, l := range c.Lessons {
		if l.ID == ex.LessonID {
			return l.Images
		}
	}
	return nil
}
