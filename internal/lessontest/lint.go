package lessontest

import (
	"fmt"
	"reflect"

	"github.com/dockademy/dockademy/lessons"
)

// Compare reports where two languages of one course differ in what the tool runs: the
// lessons, their exercises and quizzes, and the checks. Prose and hints may differ;
// ids, steps, points and correct answers may not.
func Compare(a, b *lessons.Course) []string {
	var diffs []string
	say := func(format string, args ...any) { diffs = append(diffs, fmt.Sprintf(format, args...)) }
	byID := func(c *lessons.Course) map[string]*lessons.Lesson {
		m := map[string]*lessons.Lesson{}
		for _, l := range c.Lessons {
			m[l.ID] = l
		}
		return m
	}
	am, bm := byID(a), byID(b)
	for i, l := range a.Lessons {
		other, ok := bm[l.ID]
		if !ok {
			say("lesson %s is in %s but not in %s", l.ID, a.Lang, b.Lang)
			continue
		}
		if i < len(b.Lessons) && b.Lessons[i].ID != l.ID {
			say("lesson %s is number %d in %s but %s is number %d in %s", l.ID, i+1, a.Lang, b.Lessons[i].ID, i+1, b.Lang)
		}
		diffs = append(diffs, compareLesson(l, other, a.Lang, b.Lang)...)
	}
	for _, l := range b.Lessons {
		if _, ok := am[l.ID]; !ok {
			say("lesson %s is in %s but not in %s", l.ID, b.Lang, a.Lang)
		}
	}
	return diffs
}

func compareLesson(a, b *lessons.Lesson, la, lb string) []string {
	var diffs []string
	say := func(format string, args ...any) { diffs = append(diffs, fmt.Sprintf(format, args...)) }
	if !reflect.DeepEqual(nonNil(a.Images), nonNil(b.Images)) {
		say("%s: images differ: %s %v, %s %v", a.ID, la, a.Images, lb, b.Images)
	}
	if !reflect.DeepEqual(nonNil(a.Requires), nonNil(b.Requires)) {
		say("%s: requires differ: %s %v, %s %v", a.ID, la, a.Requires, lb, b.Requires)
	}
	if len(a.Exercises) != len(b.Exercises) {
		say("%s: %s has %d exercises, %s has %d", a.ID, la, len(a.Exercises), lb, len(b.Exercises))
	}
	for i := 0; i < min(len(a.Exercises), len(b.Exercises)); i++ {
		ea, eb := a.Exercises[i], b.Exercises[i]
		if ea.ID != eb.ID {
			say("%s: exercise %d is %s in %s but %s in %s", a.ID, i+1, ea.ID, la, eb.ID, lb)
			continue
		}
		if !reflect.DeepEqual(comparable(ea.Check), comparable(eb.Check)) {
			say("%s: the checks differ between %s (%s:%d) and %s (%s:%d)", ea.FullID(), la, a.Path, ea.Line, lb, b.Path, eb.Line)
		}
		if !reflect.DeepEqual(comparable(ea.Setup), comparable(eb.Setup)) {
			say("%s: the setups differ between %s and %s", ea.FullID(), la, lb)
		}
		if len(ea.Mistakes) != len(eb.Mistakes) {
			say("%s: %s has %d mistakes, %s has %d", ea.FullID(), la, len(ea.Mistakes), lb, len(eb.Mistakes))
		}
	}
	if len(a.Quizzes) != len(b.Quizzes) {
		say("%s: %s has %d quizzes, %s has %d", a.ID, la, len(a.Quizzes), lb, len(b.Quizzes))
	}
	for i := 0; i < min(len(a.Quizzes), len(b.Quizzes)); i++ {
		qa, qb := a.Quizzes[i], b.Quizzes[i]
		if qa.ID != qb.ID {
			say("%s: quiz %d is %s in %s but %s in %s", a.ID, i+1, qa.ID, la, qb.ID, lb)
			continue
		}
		if !reflect.DeepEqual(answers(qa), answers(qb)) {
			say("%s: the correct answers differ: %s %v, %s %v", qa.FullID(), la, answers(qa), lb, answers(qb))
		}
	}
	return diffs
}

// comparable drops what may differ between languages: hints and source lines.
// Expected output text (stdout, body) is compared too: an English course that greets
// in English is a different check.
func comparable(steps []lessons.Step) []lessons.Step {
	out := make([]lessons.Step, len(steps))
	for i, s := range steps {
		s.Hint, s.Line = "", 0
		out[i] = s
	}
	return out
}

func answers(q *lessons.Quiz) []bool {
	out := make([]bool, len(q.Choices))
	for i, c := range q.Choices {
		out[i] = c.Correct
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
