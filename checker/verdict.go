package checker

import "strings"

// A step with several options is judged option by option, and a failing verdict
// reports every failing option at once: the learner fixes them together instead of
// discovering them one check at a time.

// finding is the judgement of one option.
type finding struct {
	ok       bool
	unknown  bool // the observation needed to judge it is missing
	expected string
	actual   string
	message  string // why it failed, in the learner's language; unused when ok
}

// findings collects the judgements of one step's options.
type findings []finding

func (f *findings) add(ok bool, expected, actual, message string) {
	*f = append(*f, finding{ok: ok, expected: expected, actual: actual, message: message})
}

func (f *findings) addUnknown(expected, actual, message string) {
	*f = append(*f, finding{unknown: true, expected: expected, actual: actual, message: message})
}

// failed counts the options that did not pass, unknown ones included.
func (f findings) failed() int {
	n := 0
	for _, x := range f {
		if !x.ok {
			n++
		}
	}
	return n
}

// verdict passes with passMessage when every option passed. Otherwise it lists only
// the failing options: Expected and Actual line up item by item, separated by "; ".
// It is an Error, not a failure, when the only problems are options that could not
// be judged.
func (f findings) verdict(passMessage string) Verdict {
	if f.failed() == 0 {
		var exp, act []string
		for _, x := range f {
			exp = append(exp, x.expected)
			act = append(act, x.actual)
		}
		return Verdict{Status: Passed, Expected: joinItems(exp), Actual: joinItems(act), Message: passMessage}
	}
	status := Error
	var exp, act, msgs []string
	for _, x := range f {
		if x.ok {
			continue
		}
		if !x.unknown {
			status = Failed
		}
		exp = append(exp, x.expected)
		act = append(act, x.actual)
		msgs = append(msgs, x.message)
	}
	return Verdict{Status: status, Expected: joinItems(exp), Actual: joinItems(act), Message: strings.Join(msgs, " ")}
}

func joinItems(items []string) string { return strings.Join(items, "; ") }

func passed(expected, actual, message string) Verdict {
	return Verdict{Status: Passed, Expected: expected, Actual: actual, Message: message}
}

func failed(expected, actual, message string) Verdict {
	return Verdict{Status: Failed, Expected: expected, Actual: actual, Message: message}
}
