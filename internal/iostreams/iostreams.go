// Package iostreams carries the streams a command reads and writes, so that commands
// never touch os.Stdout and tests can capture everything they print.
package iostreams

import (
	"bytes"
	"io"
	"os"

	"github.com/mattn/go-isatty"
)

// IO is a command's view of the terminal.
type IO struct {
	In     io.Reader
	Out    io.Writer // results
	ErrOut io.Writer // progress and diagnostics

	inTTY, outTTY bool
	noColor       bool
}

// System is the process's own streams.
func System() *IO {
	return &IO{
		In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		inTTY:   isTTY(os.Stdin),
		outTTY:  isTTY(os.Stdout),
		noColor: os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb",
	}
}

// Test is a set of buffers with no terminal, for tests.
func Test() (*IO, *bytes.Buffer, *bytes.Buffer) {
	out, errOut := &bytes.Buffer{}, &bytes.Buffer{}
	return &IO{In: &bytes.Buffer{}, Out: out, ErrOut: errOut}, out, errOut
}

// CanPrompt reports whether questions may be asked: only when a person is at a terminal.
func (s *IO) CanPrompt() bool { return s.inTTY && s.outTTY }

// IsTerminal reports whether results go to a terminal.
func (s *IO) IsTerminal() bool { return s.outTTY }

// Color reports whether to colour output: on a terminal, unless NO_COLOR says no.
func (s *IO) Color() bool { return s.outTTY && !s.noColor }

// SetTerminal overrides terminal detection, for tests of interactive behaviour.
func (s *IO) SetTerminal(in, out bool) { s.inTTY, s.outTTY = in, out }

func isTTY(f *os.File) bool {
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}
