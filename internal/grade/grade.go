// Package grade grades many submissions of one exercise on one or more Docker Engines:
// each in its own mapped namespace (private tags, ephemeral ports on 127.0.0.1), with
// the check the learner used, under time and resource limits, several at a time, with
// the results in the order the submissions were given.
package grade

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"time"

	"github.com/dockademy/dockademy/checker"
	"github.com/dockademy/dockademy/internal/submission"
	"github.com/dockademy/dockademy/lessons"
	"github.com/dockademy/dockademy/runner"
)

// Engine is one Docker Engine that grades submissions.
type Engine struct {
	Name   string // as the user gave it, for reports
	Client *runner.Client
}

// Options configure a grading run. Zero values take the defaults below.
type Options struct {
	Exercise *lessons.Exercise
	Images   []string // base images the lesson names; made present on every engine first
	Lang     string
	Engines  []Engine
	Jobs     int
	Limits   runner.Limits
	// StepTimeout caps each step; a step's own timeout in the lesson still applies
	// when it is shorter. Timeout caps a whole submission.
	StepTimeout time.Duration
	Timeout     time.Duration
	Files       submission.Limits
	Scratch     string // where submissions are unpacked; default os.TempDir()
	LogLimit    int    // bytes of build output kept per submission
	// Progress, when set, hears about each submission when it is graded; calls do not
	// overlap.
	Progress func(done, total int, r *Result)
}

// Defaults for untrusted submissions: enough for the course's exercises, small enough
// that a hostile one cannot hurt the machine or the others.
const (
	DefaultStepTimeout = 2 * time.Minute
	DefaultTimeout     = 5 * time.Minute
	DefaultLogLimit    = 256 << 10
)

// DefaultLimits bound every container and build of a submission.
func DefaultLimits() runner.Limits {
	return runner.Limits{Memory: 256 << 20, NanoCPUs: 1e9, PidsLimit: 256, BuildNetwork: "none", Confined: true}
}

// DefaultJobs suits this machine: grading mostly waits on the engine (builds, container
// starts, probes), so two submissions per CPU keep it busy, within bounds.
func DefaultJobs(engines int) int {
	per := min(max(2*runtime.NumCPU(), 2), 8)
	return per * max(engines, 1)
}

// Failure says why a result has an error.
type Failure string

// Kinds of failure. A submission or limit failure is a grade (zero points); an
// infrastructure failure means the grading itself did not work.
const (
	NoFailure      Failure = ""
	FailSubmission Failure = "submission"     // refused: unsafe archive, too big
	FailLimit      Failure = "limit"          // a time limit ended it
	FailInfra      Failure = "infrastructure" // the engine or the grader failed
)

// Result is the grade of one submission. Its JSON form is part of `grade --format json`.
type Result struct {
	Submission string               `json:"submission"`
	Score      int                  `json:"score"`
	MaxScore   int                  `json:"max_score"`
	Passed     bool                 `json:"passed"`
	Error      string               `json:"error"`
	Steps      []checker.StepResult `json:"steps"`
	// Limits are the resource limits that the submission reached (it then scores 0).
	Limits []checker.LimitHit `json:"limits,omitempty"`

	Failure  Failure       `json:"-"`
	Engine   string        `json:"-"`
	Took     time.Duration `json:"-"`
	BuildLog string        `json:"-"`
}

// Summary sums up a run.
type Summary struct {
	Submissions int     `json:"submissions"`
	Passed      int     `json:"passed"`
	MeanScore   float64 `json:"mean_score"`
}

// Grades is a whole run: `grade --format json` prints it.
type Grades struct {
	Exercise string   `json:"exercise"`
	Results  []Result `json:"results"`
	Summary  Summary  `json:"summary"`
}

// Failed reports whether grading itself failed for some submission.
func (g *Grades) Failed() bool {
	for _, r := range g.Results {
		if r.Failure == FailInfra {
			return true
		}
	}
	return false
}

// Run grades subs (folders or archives) and returns their results in the same order.
// It returns an error only when grading could not start or ctx ended; a submission that
// breaks a rule or a limit, or that the engine failed on, is a result with an error.
func Run(ctx context.Context, opts Options, subs []string) (*Grades, error) {
	opts = opts.withDefaults()
	if len(opts.Engines) == 0 {
		return nil, errors.New("no Docker Engine to grade on")
	}
	for _, e := range opts.Engines {
		// Once per engine, not once per submission: sixty concurrent pulls of one
		// base image help nobody.
		if err := e.Client.EnsureImages(ctx, opts.Images, nil); err != nil {
			return nil, fmt.Errorf("engine %s: %w", e.Name, err)
		}
	}
	keepers := make([]*keeper, len(opts.Engines))
	for i, e := range opts.Engines {
		keepers[i] = &keeper{eng: e, ex: opts.Exercise, opts: opts, gate: gateFor(e.Client.Host()), firsts: newFirsts()}
	}
	defer func() {
		for _, k := range keepers {
			k.release()
		}
	}()
	ex, bound := limitSteps(opts.Exercise, opts.StepTimeout)
	g := &Grades{Exercise: ex.FullID(), Results: make([]Result, len(subs))}

	queue := make(chan int)
	var wg sync.WaitGroup
	var pmu sync.Mutex
	done := 0
	workers := min(opts.Jobs, len(subs))
	for w := range workers {
		e := w % len(opts.Engines)
		eng := opts.Engines[e]
		gr := &grader{opts: opts, ex: ex, bound: bound, eng: eng, gate: keepers[e].gate, keeper: keepers[e]}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range queue {
				r := gr.one(ctx, subs[i])
				g.Results[i] = r
				if ctx.Err() != nil {
					continue
				}
				pmu.Lock()
				done++
				if opts.Progress != nil {
					opts.Progress(done, len(subs), &g.Results[i])
				}
				pmu.Unlock()
			}
		}()
	}
feed:
	for i := range subs {
		select {
		case queue <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(queue)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	g.Summary = summarize(g.Results)
	return g, nil
}

func (o Options) withDefaults() Options {
	if o.Jobs <= 0 {
		o.Jobs = DefaultJobs(len(o.Engines))
	}
	if o.StepTimeout <= 0 {
		o.StepTimeout = DefaultStepTimeout
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.LogLimit <= 0 {
		o.LogLimit = DefaultLogLimit
	}
	if o.Limits == (runner.Limits{}) {
		o.Limits = DefaultLimits()
	}
	o.Files = o.Files.WithDefaults()
	return o
}

// limitSteps copies the exercise with every step's timeout capped at limit, and notes
// which steps the grader's limit (not the lesson's own timeout) bounds: running into
// the lesson's timeout is a wrong answer, running into the grader's is a broken limit.
func limitSteps(ex *lessons.Exercise, limit time.Duration) (*lessons.Exercise, []bool) {
	c := *ex
	c.Check = append([]lessons.Step(nil), ex.Check...)
	bound := make([]bool, len(c.Check))
	for i := range c.Check {
		s := &c.Check[i]
		if s.Timeout == 0 || s.Timeout > limit {
			s.Timeout = limit
			bound[i] = true
		}
	}
	return &c, bound
}

// MaxScore is what a perfect submission of ex scores.
func MaxScore(ex *lessons.Exercise) int {
	n := 0
	for _, s := range ex.Check {
		n += s.Points
	}
	return n
}

func summarize(rs []Result) Summary {
	s := Summary{Submissions: len(rs)}
	total := 0
	for _, r := range rs {
		total += r.Score
		if r.Passed {
			s.Passed++
		}
	}
	if len(rs) > 0 {
		s.MeanScore = math.Round(float64(total)/float64(len(rs))*100) / 100
	}
	return s
}
