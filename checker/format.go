package checker

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Short renderings of observed values for Expected and Actual. They are read in a
// terminal next to each other, so they stay on one line and say the same thing the
// same way on both sides.

// excerptLen is how much of a body, a file or an output a verdict quotes.
const excerptLen = 120

// listLimit is how many items of a long list (changes, containers) a verdict names.
const listLimit = 5

// shortID is an image or container ID as docker prints it: 12 hex digits.
func shortID(id string) string {
	id = strings.TrimPrefix(id, "sha256:")
	if len(id) > 12 {
		return id[:12]
	}
	return id
}

// execForm renders a list as a Dockerfile's JSON form does: ["helloworld", "-v"].
func execForm(args []string) string {
	quoted := make([]string, len(args))
	for i, a := range args {
		quoted[i] = strconv.Quote(a)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

// excerpt quotes the start of s on one line, cut after n runes with an ellipsis.
func excerpt(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return strconv.Quote(s)
	}
	runes := []rune(s)
	return strconv.Quote(string(runes[:n])) + "…"
}

// humanSize renders bytes in decimal units, as docker images does: 1.9MB, 20MB,
// 123MB. One decimal below 100 units keeps "20.4MB" apart from "20MB".
func humanSize(n int64) string {
	units := []string{"B", "kB", "MB", "GB", "TB"}
	v := float64(n)
	i := 0
	for v >= 1000 && i < len(units)-1 {
		v /= 1000
		i++
	}
	if i == 0 || v >= 100 {
		return fmt.Sprintf("%.0f%s", v, units[i])
	}
	s := strconv.FormatFloat(v, 'f', 1, 64)
	return strings.TrimSuffix(s, ".0") + units[i]
}

// sizePair renders an actual size and a limit so that the reader sees they differ,
// adding exact bytes when the rounded sizes read the same.
func sizePair(actual, limit int64) (string, string) {
	a, l := humanSize(actual), humanSize(limit)
	if a == l && actual != limit {
		a = fmt.Sprintf("%s (%d bytes)", a, actual)
		l = fmt.Sprintf("%s (%d bytes)", l, limit)
	}
	return a, l
}

// limitList joins at most listLimit items and says how many more there are.
func limitList(items []string) string {
	if len(items) <= listLimit {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:listLimit], ", ") + fmt.Sprintf(", … (+%d)", len(items)-listLimit)
}

// code wraps a value in backticks, as the messages show commands, paths and values.
func code(s string) string { return "`" + s + "`" }

func itoa(n int) string { return strconv.Itoa(n) }

// duration renders a duration for a learner: 2.3s, 150ms, 1m30s.
func duration(d time.Duration) string {
	if d < time.Second {
		return d.Round(time.Millisecond).String()
	}
	return d.Round(100 * time.Millisecond).String()
}
