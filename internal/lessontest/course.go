package lessontest

import (
	"context"
	"sync"

	"github.com/dockademy/dockademy/lessons"
	"github.com/dockademy/dockademy/runner"
)

// isolated reports whether an exercise's test cleans up after itself and shares
// nothing with other tests: a file exercise without setup runs in a private namespace.
// The others act in the learner's namespace and clean up by comparing the engine's
// state before and after, which only works while nothing else runs.
func isolated(ex *lessons.Exercise) bool {
	return !ex.IsCommand() && len(ex.Setup) == 0
}

// Course tests exercises and returns their results in the order given. Isolated
// exercises run up to jobs at a time (builds on this engine are bound by its storage,
// so overlapping them pays); the others run one by one afterwards.
func Course(ctx context.Context, client *runner.Client, exercises []*lessons.Exercise, opts Options, jobs int) []Result {
	results := make([]Result, len(exercises))
	if opts.Progress != nil {
		var mu sync.Mutex
		progress := opts.Progress
		opts.Progress = func(ex, phase string) {
			mu.Lock()
			defer mu.Unlock()
			progress(ex, phase)
		}
	}
	work := make(chan int)
	var wg sync.WaitGroup
	for range max(jobs, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				results[i] = Exercise(ctx, client, exercises[i], opts)
			}
		}()
	}
	for i, ex := range exercises {
		if isolated(ex) && ctx.Err() == nil {
			work <- i
		}
	}
	close(work)
	wg.Wait()
	for i, ex := range exercises {
		if !isolated(ex) && ctx.Err() == nil {
			results[i] = Exercise(ctx, client, ex, opts)
		}
	}
	return results
}
