package grade

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/dockademy/dockademy/checker"
	"github.com/dockademy/dockademy/internal/attempt"
	"github.com/dockademy/dockademy/internal/i18n"
	"github.com/dockademy/dockademy/internal/submission"
	"github.com/dockademy/dockademy/lessons"
)

// grader grades submissions on one engine, one at a time.
type grader struct {
	opts   Options
	ex     *lessons.Exercise // with the grader's step limits
	bound  []bool            // steps that the grader's limit bounds
	eng    Engine
	gate   *cacheGate
	keeper *keeper
}

func (gr *grader) one(ctx context.Context, sub string) (r Result) {
	lang := gr.opts.Lang
	start := time.Now()
	r = Result{Submission: sub, MaxScore: MaxScore(gr.ex), Steps: []checker.StepResult{}, Engine: gr.eng.Name}
	defer func() { r.Took = time.Since(start) }()

	prep, err := submission.Prepare(sub, gr.opts.Scratch, gr.opts.Files)
	if err != nil {
		var le *submission.LimitError
		var ue *submission.UnsafeError
		switch {
		case errors.As(err, &le):
			r.fail(FailSubmission, le.Localized(lang))
		case errors.As(err, &ue):
			r.fail(FailSubmission, ue.Localized(lang))
		default:
			r.fail(FailInfra, fmt.Sprintf(i18n.Pick(lang, "could not unpack the submission: %v", "제출물을 풀 수 없습니다: %v"), err))
		}
		return r
	}
	defer prep.Close()

	sctx, cancel := context.WithTimeout(ctx, gr.opts.Timeout)
	defer cancel()
	t := &tracker{ex: gr.ex, hold: &hold{g: gr.gate}, took: make([]time.Duration, len(gr.ex.Check))}
	t.log = &capLog{limit: gr.opts.LogLimit, onLine: t.buildLine}
	t.built = func(s *lessons.Step) *keeping { return gr.keeper.keep(sctx, prep.Dir, s) }
	t.first = func(s *lessons.Step) func() { return gr.keeper.firsts.begin(sctx, contextKey(prep.Dir, s)) }
	rep, err := attempt.Check(sctx, gr.eng.Client, gr.ex, attempt.Options{
		Dir: prep.Dir, Lang: lang, Mapped: true, Log: t.log, Limits: gr.opts.Limits, Progress: t.event,
	})
	t.hold.release()
	t.firstDone()
	for _, k := range t.keepings {
		<-k.finished // the keeper reads the submission's folder
	}
	r.BuildLog = t.log.String()
	switch {
	case ctx.Err() != nil:
		r.fail(FailInfra, ctx.Err().Error())
	case err != nil && errors.Is(sctx.Err(), context.DeadlineExceeded):
		r.Steps = t.results()
		r.fail(FailLimit, fmt.Sprintf(i18n.Pick(lang,
			"grading did not finish within %s, the time limit for a submission",
			"채점이 제출물 하나의 제한 시간 %s 안에 끝나지 않았습니다"), gr.opts.Timeout))
	case err != nil:
		r.Steps = t.results()
		r.fail(FailInfra, fmt.Sprintf(i18n.Pick(lang, "could not grade: %v", "채점할 수 없습니다: %v"), err))
	default:
		r.Steps, r.Score, r.MaxScore, r.Passed = rep.Steps, rep.Score, rep.MaxScore, rep.Passed
		r.Limits = rep.Limits
		if len(rep.Limits) > 0 {
			// What reached a limit is the cause; a step that timed out is its effect.
			msgs := make([]string, len(rep.Limits))
			for k, h := range rep.Limits {
				msgs[k] = h.Message
			}
			r.fail(FailLimit, strings.Join(msgs, " "))
		} else if i := t.breach(gr.bound, gr.opts.StepTimeout); i >= 0 {
			r.fail(FailLimit, fmt.Sprintf(i18n.Pick(lang,
				"step %s did not finish within %s, the time limit for a step",
				"%s 단계가 한 단계의 제한 시간 %s 안에 끝나지 않았습니다"), gr.ex.Check[i].DisplayName(), gr.opts.StepTimeout))
		} else if s := unjudged(rep.Steps); s != nil {
			// The engine or the tool failed on a step: the score would not be fair.
			r.Failure = FailInfra
			r.Passed = false
			r.Error = fmt.Sprintf(i18n.Pick(lang, "step %s could not be judged: %s", "%s 단계를 판정할 수 없었습니다: %s"),
				s.Name, strings.TrimSpace(s.Message+" "+s.Actual))
		}
	}
	return r
}

// fail gives the result an error; a submission that breaks a rule or a limit earns
// nothing, whatever its steps did before.
func (r *Result) fail(kind Failure, msg string) {
	r.Failure, r.Error, r.Passed = kind, msg, false
	if kind == FailInfra {
		return
	}
	r.Score = 0
	for i := range r.Steps {
		r.Steps[i].Points = 0
	}
}

func unjudged(steps []checker.StepResult) *checker.StepResult {
	for i := range steps {
		if steps[i].Status == checker.Error {
			return &steps[i]
		}
	}
	return nil
}

// tracker follows one check: how long each step took, the results so far (a check
// that runs out of time returns none), and the cache gate's windows.
type tracker struct {
	ex    *lessons.Exercise
	hold  *hold
	log   *capLog
	built func(*lessons.Step) *keeping // a build step passed and made layers of its own
	first func(*lessons.Step) func()   // waits while the same context builds elsewhere
	count buildCount                   // of the build in progress
	done  func()                       // ends the build's turn among same contexts

	keepings    []*keeping // the keeper's builds of this submission's contexts
	strayLayers bool       // a build left layers (failed, or earlier stages): they may be another build's cache
	mu          sync.Mutex
	steps       []checker.StepResult
	order       []int // the step index of each result
	took        []time.Duration
	start       time.Time
}

func (t *tracker) index(s *lessons.Step) int {
	for i := range t.ex.Check {
		if &t.ex.Check[i] == s {
			return i
		}
	}
	return -1
}

func (t *tracker) event(e attempt.Event) {
	i := t.index(e.Step)
	if i < 0 {
		return
	}
	if !e.Done {
		// The step's own clock starts when this returns: waiting for another build of
		// the same files is not the step's time.
		defer func() {
			t.mu.Lock()
			t.start = time.Now()
			t.mu.Unlock()
		}()
		if e.Step.Kind == lessons.KindBuild {
			var done func()
			if t.first != nil {
				done = t.first(e.Step)
			}
			t.mu.Lock()
			t.count = buildCount{}
			t.done = done
			t.mu.Unlock()
			t.hold.startBuild()
		}
		return
	}
	t.mu.Lock()
	t.took[i] = time.Since(t.start)
	t.steps = append(t.steps, e.Result)
	t.order = append(t.order, i)
	made := e.Step.Kind == lessons.KindBuild && e.Result.Status == checker.Passed && t.count.made()
	if e.Step.Kind == lessons.KindBuild && (e.Leftovers || e.Result.Status == checker.Failed || e.Result.Status == checker.Error) {
		t.strayLayers = true
	}
	t.mu.Unlock()
	// Out of its own window first: a second shared hold on the gate while a cleanup
	// waits for it would deadlock.
	t.hold.endBuild()
	if made && t.built != nil {
		k := t.built(e.Step)
		t.mu.Lock()
		t.keepings = append(t.keepings, k)
		t.mu.Unlock()
	}
	t.firstDone()
	if i == len(t.ex.Check)-1 {
		// The check removes what it made right after its last step: not before the
		// keeper holds the layers, nor while a build may be finding stray layers (of a
		// failed build, or a multi-stage build's earlier stages) in the cache.
		t.mu.Lock()
		keepings, exclusive := t.keepings, t.strayLayers
		t.mu.Unlock()
		for _, k := range keepings {
			<-k.window
			exclusive = exclusive || k.failed.Load()
		}
		t.hold.startCleanup(exclusive)
	}
}

// buildLine ends a build's cache window: once the builder runs a container (or is
// done), the layers it found in the cache have a user and cannot be pruned.
func (t *tracker) buildLine(line string) {
	t.mu.Lock()
	t.count.line(line)
	t.mu.Unlock()
	if endsCacheWindow(line) {
		t.hold.endBuild()
	}
}

// firstDone lets the builds of the same context that waited go ahead.
func (t *tracker) firstDone() {
	t.mu.Lock()
	done := t.done
	t.done = nil
	t.mu.Unlock()
	if done != nil {
		done()
	}
}

func (t *tracker) results() []checker.StepResult {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]checker.StepResult{}, t.steps...)
}

// breach is the first step that did not pass and ran for the grader's whole limit.
func (t *tracker) breach(bound []bool, limit time.Duration) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	for k, i := range t.order {
		if bound[i] && t.steps[k].Status != checker.Passed && t.took[i] >= limit {
			return i
		}
	}
	return -1
}

// capLog keeps the start and the end of a build's output, up to limit bytes, and
// hands each line to onLine.
type capLog struct {
	limit   int
	onLine  func(string)
	mu      sync.Mutex
	head    []byte
	tail    []byte
	lost    int64
	partial string
}

func (c *capLog) Write(p []byte) (int, error) {
	written := len(p)
	c.mu.Lock()
	c.partial += string(p)
	var lines []string
	for {
		i := strings.IndexByte(c.partial, '\n')
		if i < 0 {
			break
		}
		lines = append(lines, c.partial[:i])
		c.partial = c.partial[i+1:]
	}
	if len(c.partial) > 4096 {
		c.partial = c.partial[len(c.partial)-4096:]
	}
	headCap := c.limit / 4
	if room := headCap - len(c.head); room > 0 {
		n := min(room, len(p))
		c.head = append(c.head, p[:n]...)
		p = p[n:]
	}
	tailCap := c.limit - headCap
	c.tail = append(c.tail, p...)
	if len(c.tail) > 2*tailCap {
		drop := len(c.tail) - tailCap
		c.lost += int64(drop)
		c.tail = append([]byte(nil), c.tail[drop:]...)
	}
	c.mu.Unlock()
	for _, l := range lines {
		c.onLine(l)
	}
	return written, nil
}

// String is what was kept, with a note where output was left out.
func (c *capLog) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	tail := c.tail
	lost := c.lost
	if tailCap := c.limit - c.limit/4; len(tail) > tailCap {
		lost += int64(len(tail) - tailCap)
		tail = tail[len(tail)-tailCap:]
	}
	if lost == 0 {
		return string(c.head) + string(tail)
	}
	return string(c.head) + fmt.Sprintf("\n[... %d bytes of build output not kept ...]\n", lost) + string(tail)
}
