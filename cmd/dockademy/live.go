package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// liveStatus shows what a long command is doing: lines that stay (a build step) and,
// on a terminal, a spinner line under them that says what it waits for. Everything
// goes to one writer (stderr) under one lock, so that the spinner never cuts a line.
type liveStatus struct {
	w       io.Writer
	spinner bool

	once    sync.Once
	mu      sync.Mutex
	text    string
	drawn   bool
	frame   int
	stop    chan struct{}
	stopped chan struct{}
}

var spinnerFrames = []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}

// newLive writes progress to w; the spinner runs only when spinner is true (a
// terminal), and plain lines are all that a log file or a pipe gets.
func newLive(w io.Writer, spinner bool) *liveStatus {
	l := &liveStatus{w: w, spinner: spinner}
	if spinner {
		l.stop, l.stopped = make(chan struct{}), make(chan struct{})
		go l.spin()
	}
	return l
}

func (l *liveStatus) spin() {
	defer close(l.stopped)
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-t.C:
			l.mu.Lock()
			l.draw()
			l.mu.Unlock()
		}
	}
}

func (l *liveStatus) draw() {
	if l.text == "" {
		l.clear()
		return
	}
	l.frame = (l.frame + 1) % len(spinnerFrames)
	fmt.Fprintf(l.w, "\r%s %s\x1b[K", spinnerFrames[l.frame], l.text)
	l.drawn = true
}

func (l *liveStatus) clear() {
	if l.drawn {
		fmt.Fprint(l.w, "\r\x1b[K")
		l.drawn = false
	}
}

// Status sets what the spinner says; "" hides it. Without a spinner it does nothing:
// a pipe gets the lasting lines only.
func (l *liveStatus) Status(text string) {
	if l == nil || !l.spinner {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.text = text
	l.draw()
}

// Do runs print with the spinner line out of the way, for output to any stream of
// the same terminal.
func (l *liveStatus) Do(print func()) {
	if l == nil {
		print()
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.clear()
	print()
	if l.spinner && l.text != "" {
		l.draw()
	}
}

// Line prints a lasting line.
func (l *liveStatus) Line(s string) {
	l.Do(func() { fmt.Fprintln(l.w, s) })
}

// Close stops the spinner and clears its line; calling it again does nothing.
func (l *liveStatus) Close() {
	if l == nil {
		return
	}
	l.once.Do(func() {
		if l.spinner {
			close(l.stop)
			<-l.stopped
		}
		l.mu.Lock()
		l.text = ""
		l.clear()
		l.mu.Unlock()
	})
}

// buildSteps is the build log writer of a check that is not verbose: of the whole
// build output it shows one line per Dockerfile step as the engine reaches it.
type buildSteps struct {
	live    *liveStatus
	prefix  string
	partial string
}

func (b *buildSteps) Write(p []byte) (int, error) {
	b.partial += string(p)
	for {
		i := strings.IndexByte(b.partial, '\n')
		if i < 0 {
			return len(p), nil
		}
		line := strings.TrimRight(b.partial[:i], "\r")
		b.partial = b.partial[i+1:]
		if strings.HasPrefix(line, "Step ") && strings.Contains(line, " : ") {
			b.live.Line(b.prefix + line)
			b.live.Status(line)
		}
	}
}
