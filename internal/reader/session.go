package reader

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/dockademy/dockademy/internal/i18n"
	"github.com/dockademy/dockademy/internal/prompt"
	"github.com/dockademy/dockademy/lessons"
)

// Actions are what the menu after a section does besides moving; the command layer
// supplies them, with the engine and the progress record behind them.
type Actions interface {
	// OpenExercise writes the exercise's files, runs its setup and says what to do.
	OpenExercise(ctx context.Context, ex *lessons.Exercise) error
	// Check runs the exercise's check, prints the verdict, and reports whether it passed.
	Check(ctx context.Context, ex *lessons.Exercise) (bool, error)
	// Hint shows the next hint.
	Hint(ctx context.Context, ex *lessons.Exercise) error
	// Quiz asks the quiz and reports whether the answer was right.
	Quiz(ctx context.Context, q *lessons.Quiz) (bool, error)
	// SetPosition remembers where the learner is reading.
	SetPosition(lessonID string, section int) error
}

// Outcome is how the learner left the lesson.
type Outcome int

// Outcomes.
const (
	ToMenu   Outcome = iota // back to the list of lessons
	Finished                // read to the end: on to the next lesson
	Quit
)

// Options are one reading of a lesson.
type Options struct {
	Lesson   *lessons.Lesson
	Start    int // the section to open at, from 0
	Out      io.Writer
	Prompter prompt.Prompter
	Renderer *Renderer
	Actions  Actions
	// Clear clears the screen before each section, on a terminal.
	Clear bool
}

// menu items, in the order shown.
type item int

const (
	itemNext item = iota
	itemBack
	itemOpen
	itemCheck
	itemHint
	itemQuiz
	itemReread
	itemMenu
	itemQuit
)

// Read shows the lesson from opts.Start, one section at a time, with a menu after
// each, until the learner goes back to the lessons or quits.
func Read(ctx context.Context, opts Options) (Outcome, error) {
	l := opts.Lesson
	if len(l.Sections) == 0 {
		return ToMenu, nil
	}
	lang := opts.Renderer.Lang
	i := min(max(opts.Start, 0), len(l.Sections)-1)
	for {
		if err := opts.Actions.SetPosition(l.ID, i); err != nil {
			fmt.Fprintf(opts.Out, "%s %v\n", i18n.Pick(lang, "Could not save your place:", "읽던 곳을 저장하지 못했습니다:"), err)
		}
		if err := show(opts, i); err != nil {
			return Quit, err
		}
		next, out, err := sectionMenu(ctx, opts, i)
		if err != nil || out != nil {
			if out == nil {
				return Quit, err
			}
			return *out, err
		}
		i = next
	}
}

func show(opts Options, i int) error {
	l, sec := opts.Lesson, opts.Lesson.Sections[i]
	text, err := opts.Renderer.Render(sec.Title, sec.Markdown)
	if err != nil {
		return fmt.Errorf("could not render %s section %d: %w", l.ID, i+1, err)
	}
	if opts.Clear {
		// Home the cursor and clear the screen; the scrollback keeps the sections read.
		fmt.Fprint(opts.Out, "\x1b[H\x1b[2J")
	}
	if sec.Title != l.Title {
		fmt.Fprintf(opts.Out, "%s  §%d/%d\n\n", l.Title, i+1, len(l.Sections))
	} else {
		fmt.Fprintf(opts.Out, "§%d/%d\n\n", i+1, len(l.Sections))
	}
	fmt.Fprintln(opts.Out, text)
	return nil
}

// sectionMenu asks what to do after section i until the learner moves: it returns
// the next section, or an outcome when they leave the lesson.
func sectionMenu(ctx context.Context, opts Options, i int) (int, *Outcome, error) {
	l, sec := opts.Lesson, opts.Lesson.Sections[i]
	lang := opts.Renderer.Lang
	ex, quiz := UnitOf(l, sec)
	opened, answered := false, false
	for {
		items := []item{itemNext}
		if i > 0 {
			items = append(items, itemBack)
		}
		def := itemNext
		if ex != nil {
			items = append(items, itemOpen, itemCheck, itemHint)
			def = itemOpen
			if opened {
				def = itemCheck
			}
		}
		if quiz != nil {
			items = append(items, itemQuiz)
			if !answered {
				def = itemQuiz
			}
		}
		items = append(items, itemReread, itemMenu, itemQuit)
		labels := make([]string, len(items))
		defIndex := 0
		for k, it := range items {
			labels[k] = label(it, l, i, lang)
			if it == def {
				defIndex = k
			}
		}
		k, err := opts.Prompter.Select(ctx, i18n.Pick(lang, "What next?", "다음은?"), labels, defIndex)
		if err != nil {
			return 0, nil, err
		}
		switch items[k] {
		case itemNext:
			if i == len(l.Sections)-1 {
				return 0, ptr(Finished), nil
			}
			return i + 1, nil, nil
		case itemBack:
			return i - 1, nil, nil
		case itemReread:
			return i, nil, nil
		case itemMenu:
			return 0, ptr(ToMenu), nil
		case itemQuit:
			return 0, ptr(Quit), nil
		case itemOpen:
			err = opts.Actions.OpenExercise(ctx, ex)
			opened = opened || err == nil
		case itemCheck:
			var passed bool
			passed, err = opts.Actions.Check(ctx, ex)
			opened = true
			if passed {
				fmt.Fprintln(opts.Out, i18n.Pick(lang, "Well done! Choose next to go on.", "잘했습니다! 다음을 골라 계속하세요."))
			}
		case itemHint:
			err = opts.Actions.Hint(ctx, ex)
		case itemQuiz:
			_, err = opts.Actions.Quiz(ctx, quiz)
			answered = answered || err == nil
		}
		if err != nil {
			if errors.Is(err, context.Canceled) || ctx.Err() != nil {
				return 0, nil, err
			}
			// The learner can fix what went wrong (start the engine, say) and try again.
			fmt.Fprintln(opts.Out, "dockademy:", err)
		}
	}
}

func ptr(o Outcome) *Outcome { return &o }

// UnitOf is the exercise or quiz that a section is, if any.
func UnitOf(l *lessons.Lesson, sec lessons.Section) (*lessons.Exercise, *lessons.Quiz) {
	if sec.Unit == "" {
		return nil, nil
	}
	for _, ex := range l.Exercises {
		if ex.ID == sec.Unit {
			return ex, nil
		}
	}
	for _, q := range l.Quizzes {
		if q.ID == sec.Unit {
			return nil, q
		}
	}
	return nil, nil
}

func label(it item, l *lessons.Lesson, i int, lang string) string {
	switch it {
	case itemNext:
		if i == len(l.Sections)-1 {
			return i18n.Pick(lang, "Finish the lesson", "이 장 마치기")
		}
		return i18n.Pick(lang, "Next: ", "다음: ") + l.Sections[i+1].Title
	case itemBack:
		return i18n.Pick(lang, "Back: ", "이전: ") + l.Sections[i-1].Title
	case itemOpen:
		return i18n.Pick(lang, "Open the exercise (write its files)", "실습 열기 (파일 만들기)")
	case itemCheck:
		return i18n.Pick(lang, "Check my work", "내 답 확인하기")
	case itemHint:
		return i18n.Pick(lang, "Show a hint", "힌트 보기")
	case itemQuiz:
		return i18n.Pick(lang, "Answer the quiz", "문제 풀기")
	case itemReread:
		return i18n.Pick(lang, "Show this section again", "이 절 다시 보기")
	case itemMenu:
		return i18n.Pick(lang, "Lessons", "목차")
	}
	return i18n.Pick(lang, "Quit", "끝내기")
}
