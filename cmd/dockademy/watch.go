package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/spf13/cobra"

	"github.com/dockademy/dockademy/internal/i18n"
	"github.com/dockademy/dockademy/internal/workspace"
	"github.com/dockademy/dockademy/lessons"
	"github.com/dockademy/dockademy/runner"
)

// debounce lets an editor's save (write, rename, chmod) or a `docker run` (create,
// start) settle into one check.
const debounce = 300 * time.Millisecond

// pollEvery is how often the engine is looked at when it offers no event stream.
const pollEvery = 2 * time.Second

func (a *app) watchCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "watch [<lesson-id>/<exercise-id>]",
		Short: "Check an exercise again every time you save a file",
		Long: `Watch an exercise: check it now, then again every time a file in its folder
changes, and for a command exercise every time your docker commands change the
engine's containers or images. Ctrl-C stops watching. Without an id, the exercise is
the one whose folder you are in, or the one you worked on last.`,
		Example: `  dockademy watch dockerfile-basics/helloworld
  cd dockerfile-basics/helloworld && dockademy watch`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id := ""
			if len(args) == 1 {
				id = args[0]
			}
			return a.runWatch(cmd.Context(), id)
		},
	}
}

func (a *app) runWatch(ctx context.Context, id string) error {
	ws, err := a.findWorkspace()
	if err != nil {
		return err
	}
	c, lang, err := a.course(ws)
	if err != nil {
		return err
	}
	if ws == nil {
		return usageErr("%s", i18n.Pick(lang,
			"no workspace here: run 'dockademy init' to create one, then watch an exercise in it",
			"여기에는 작업 공간이 없습니다: 'dockademy init' 으로 만든 뒤 그 안의 실습을 지켜보세요"))
	}
	ex, err := watchTarget(c, ws, id, lang, func() string {
		if st, err := progressState(ws); err == nil {
			return st.Current
		}
		return ""
	})
	if err != nil {
		return err
	}
	dir := ws.ExerciseDir(ex)
	if _, err := os.Stat(dir); err != nil {
		return usageErr("%s", fmt.Sprintf(i18n.Pick(lang,
			"the folder of %s is missing (%s): 'dockademy open %s' writes it",
			"%s 의 폴더가 없습니다 (%s): 'dockademy open %s' 으로 만들 수 있습니다"), ex.FullID(), dir, ex.FullID()))
	}
	client, err := a.engine(ctx)
	if err != nil {
		return err
	}
	defer client.Close()

	files, err := fileChanges(ctx, dir)
	if err != nil {
		return err
	}
	var engine <-chan struct{}
	if ex.IsCommand() {
		engine = engineChanges(ctx, client)
	}
	check := func() error {
		if a.io.IsTerminal() {
			fmt.Fprint(a.io.Out, "\x1b[H\x1b[2J")
		}
		fmt.Fprintf(a.io.Out, "%s  %s\n", ex.FullID(), time.Now().Format("15:04:05"))
		if ex.IsCommand() {
			fmt.Fprintln(a.io.Out, i18n.Pick(lang,
				"Watching: run your docker commands in another terminal;\nthe check runs again when containers or images change. Ctrl-C stops.",
				"지켜보는 중: 다른 터미널에서 docker 명령을 실행하세요.\n컨테이너나 이미지가 바뀌면 다시 확인합니다. Ctrl-C 로 멈춥니다."))
		} else {
			fmt.Fprintf(a.io.Out, i18n.Pick(lang,
				"Watching %s:\nsave a file to check again. Ctrl-C stops.\n",
				"%s 을(를) 지켜보는 중:\n파일을 저장하면 다시 확인합니다. Ctrl-C 로 멈춥니다.\n"), dir)
		}
		fmt.Fprintln(a.io.Out)
		// What `dockademy check` does, recorded the same way; a failed check is the
		// verdict on the screen, not an error.
		if err := a.runCheck(ctx, ex.FullID(), &checkOptions{dir: dir}); err != errSilentFail {
			return err
		}
		return nil
	}
	stopped := func() error {
		fmt.Fprintln(a.io.ErrOut, i18n.Pick(lang, "Stopped watching.", "지켜보기를 멈췄습니다."))
		return nil
	}
	// wait blocks until something changed; false when the learner stopped watching.
	wait := func() bool {
		for {
			select {
			case <-ctx.Done():
				return false
			case _, ok := <-files:
				if ok {
					return true
				}
				files = nil
			case _, ok := <-engine:
				if ok {
					return true
				}
				engine = nil
			}
		}
	}
	for {
		if err := check(); err != nil {
			if ctx.Err() != nil {
				return stopped()
			}
			var unreachable *runner.UnreachableError
			if errors.As(err, &unreachable) {
				return err
			}
			fmt.Fprintln(a.io.ErrOut, "dockademy:", err)
		}
		if !wait() {
			return stopped()
		}
	}
}

// watchTarget is the exercise named by id, else the one whose folder the learner is
// in, else the one they worked on last.
func watchTarget(c *lessons.Course, ws *workspace.Workspace, id, lang string, current func() string) (*lessons.Exercise, error) {
	if id != "" {
		return findExercise(c, id)
	}
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(ws.Root, wd); err == nil {
			parts := strings.Split(filepath.ToSlash(rel), "/")
			if len(parts) >= 2 {
				if ex, err := findExercise(c, parts[0]+"/"+parts[1]); err == nil {
					return ex, nil
				}
			}
		}
	}
	if cur := current(); cur != "" {
		if ex, err := findExercise(c, cur); err == nil {
			return ex, nil
		}
	}
	return nil, usageErr("%s", i18n.Pick(lang,
		"which exercise? name it: 'dockademy watch <lesson-id>/<exercise-id>' ('dockademy list' shows them)",
		"어느 실습인가요? 'dockademy watch <장-id>/<실습-id>' 처럼 지정하세요 ('dockademy list' 로 볼 수 있습니다)"))
}

// fileChanges ticks, debounced, when a file under dir changes. Folders created later
// are watched too; editors' scratch files and dockademy's own folder are not.
func fileChanges(ctx context.Context, dir string) (<-chan struct{}, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("could not watch %s: %w", dir, err)
	}
	if err := watchTree(w, dir); err != nil {
		w.Close()
		return nil, err
	}
	raw := make(chan struct{}, 1)
	go func() {
		defer w.Close()
		defer close(raw)
		for {
			select {
			case <-ctx.Done():
				return
			case err, ok := <-w.Errors:
				if !ok {
					return
				}
				_ = err // an overflowed queue still means something changed
				tick(raw)
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				if ignoredPath(ev.Name) {
					continue
				}
				if ev.Has(fsnotify.Create) {
					if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
						_ = watchTree(w, ev.Name)
					}
				}
				tick(raw)
			}
		}
	}()
	return debounced(ctx, raw, debounce), nil
}

func watchTree(w *fsnotify.Watcher, root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // vanished meanwhile
		}
		if !d.IsDir() {
			return nil
		}
		if p != root && ignoredPath(p) {
			return filepath.SkipDir
		}
		if err := w.Add(p); err != nil {
			return fmt.Errorf("could not watch %s: %w", p, err)
		}
		return nil
	})
}

// ignoredPath tells the files that editors and tools write beside the real ones:
// vim's swap files and its 4913 probe, emacs's locks and backups, JetBrains' and
// dockademy's own temporaries, and version-control and dockademy folders.
func ignoredPath(p string) bool {
	for _, part := range strings.Split(filepath.ToSlash(p), "/") {
		if part == workspace.MarkerDir || part == ".git" {
			return true
		}
	}
	base := filepath.Base(p)
	switch {
	case base == "4913", base == ".DS_Store",
		strings.HasSuffix(base, "~"),
		strings.HasPrefix(base, ".#"),
		strings.HasPrefix(base, "#") && strings.HasSuffix(base, "#"),
		strings.HasPrefix(base, ".") && (strings.HasSuffix(base, ".swp") || strings.HasSuffix(base, ".swx") || strings.HasSuffix(base, ".swo")),
		strings.HasSuffix(base, "___jb_tmp___"), strings.HasSuffix(base, "___jb_old___"),
		strings.HasPrefix(base, ".") && strings.Contains(base, ".tmp"):
		return true
	}
	return false
}

// engineChanges ticks, debounced, when the learner's docker commands change the
// engine: from its event stream, or by looking every two seconds when it has none.
func engineChanges(ctx context.Context, c *runner.Client) <-chan struct{} {
	raw := make(chan struct{}, 1)
	go func() {
		defer close(raw)
		if evs, err := c.Events(ctx); err == nil {
			for range evs {
				tick(raw)
			}
			if ctx.Err() != nil {
				return
			}
		}
		// No stream, or it broke: poll.
		last, _ := c.TakeSnapshot(ctx)
		t := time.NewTicker(pollEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				snap, err := c.TakeSnapshot(ctx)
				if err != nil {
					continue
				}
				if !sameSnapshot(last, snap) {
					tick(raw)
				}
				last = snap
			}
		}
	}()
	return debounced(ctx, raw, debounce)
}

func sameSnapshot(a, b runner.Snapshot) bool {
	return sameKeys(a.Containers, b.Containers) && sameKeys(a.Images, b.Images)
}

func sameKeys(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

// tick sends without blocking: one pending tick stands for any number of changes.
func tick(ch chan<- struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// debounced passes a tick on once in has been quiet for wait.
func debounced(ctx context.Context, in <-chan struct{}, wait time.Duration) <-chan struct{} {
	out := make(chan struct{}, 1)
	go func() {
		defer close(out)
		var timer *time.Timer
		var fire <-chan time.Time
		for {
			select {
			case <-ctx.Done():
				return
			case _, ok := <-in:
				if !ok {
					return
				}
				if timer == nil {
					timer = time.NewTimer(wait)
				} else {
					timer.Reset(wait)
				}
				fire = timer.C
			case <-fire:
				fire = nil
				tick(out)
			}
		}
	}()
	return out
}
