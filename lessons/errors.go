package lessons

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Error is one authoring mistake in a lesson file.
type Error struct {
	File string
	Line int // 1-based; zero when the mistake has no single line (a missing file, say)
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return e.File + ":" + strconv.Itoa(e.Line) + ": " + e.Msg
	}
	return e.File + ": " + e.Msg
}

// Errors is every authoring mistake found, so that an author fixes them in one pass
// instead of one per run. It is sorted by file and line.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// sort orders the errors by file, then line, keeping the order of discovery within a
// line so that a report reads like the file.
func (es Errors) sort() {
	slices.SortStableFunc(es, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
	})
}

// err returns nil for no errors: a nil Errors stored in an error interface would not
// compare equal to nil.
func (es Errors) err() error {
	if len(es) == 0 {
		return nil
	}
	es.sort()
	return es
}

// errorList collects the mistakes of one file.
type errorList struct {
	file string
	errs Errors
}

func (l *errorList) add(line int, format string, args ...any) {
	l.errs = append(l.errs, &Error{File: l.file, Line: line, Msg: fmt.Sprintf(format, args...)})
}
