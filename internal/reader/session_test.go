package reader

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dockademy/dockademy/internal/prompt"
	"github.com/dockademy/dockademy/lessons"
)

const lessonMD = `---
id: basics
title: Basics
---

# Basics

Intro text.

## The idea

Images hold programs.

## Quiz {#q .quiz}

Which one?

- [ ] wrong
- [x] right

> [!NOTE]
> Because.

## Do it {#ex .exercise}

Write a Dockerfile.

` + "```dockerfile {file=Dockerfile}\nFROM busybox:1.35\n```\n\n```yaml {check}\n- dockerfile: Dockerfile\n  from: busybox:1.35\n```\n" + `
> [!TIP]
> Use FROM.
`

func testLesson(t *testing.T) *lessons.Lesson {
	t.Helper()
	c, err := lessons.LoadCourse(fstest.MapFS{"en/01-basics.md": {Data: []byte(lessonMD)}}, "en")
	require.NoError(t, err)
	require.Len(t, c.Lessons, 1)
	return c.Lessons[0]
}

// fakeActions records what the menu asked for.
type fakeActions struct {
	calls     []string
	positions []int
	checkErr  error
	passes    bool
}

func (f *fakeActions) OpenExercise(_ context.Context, ex *lessons.Exercise) error {
	f.calls = append(f.calls, "open "+ex.ID)
	return nil
}

func (f *fakeActions) Check(_ context.Context, ex *lessons.Exercise) (bool, error) {
	f.calls = append(f.calls, "check "+ex.ID)
	return f.passes, f.checkErr
}

func (f *fakeActions) Hint(_ context.Context, ex *lessons.Exercise) error {
	f.calls = append(f.calls, "hint "+ex.ID)
	return nil
}

func (f *fakeActions) Quiz(_ context.Context, q *lessons.Quiz) (bool, error) {
	f.calls = append(f.calls, "quiz "+q.ID)
	return true, nil
}

func (f *fakeActions) SetPosition(id string, section int) error {
	f.positions = append(f.positions, section)
	return nil
}

func TestRead(t *testing.T) {
	l := testLesson(t)
	require.Len(t, l.Sections, 4)
	tests := []struct {
		name      string
		start     int
		answers   []prompt.Answer
		checkErr  error
		want      Outcome
		wantErr   error
		calls     []string
		positions []int
		out       []string
	}{
		{
			name:  "read through, answer, open, check, hint",
			start: 0,
			answers: []prompt.Answer{
				prompt.Choose("Next: The idea"), prompt.Choose("Next: Quiz"),
				prompt.Choose("Answer the quiz"), prompt.Choose("Next: Do it"),
				prompt.Choose("Open the exercise"), prompt.Choose("Check my work"),
				prompt.Choose("Show a hint"), prompt.Choose("Finish"),
			},
			want:      Finished,
			calls:     []string{"quiz q", "open ex", "check ex", "hint ex"},
			positions: []int{0, 1, 2, 3},
			out:       []string{"Intro text.", "Images hold programs.", "Which one?", "File Dockerfile:", "Basics  §4/4"},
		},
		{
			name:      "resume, go back, quit",
			start:     2,
			answers:   []prompt.Answer{prompt.Choose("Back: The idea"), prompt.Choose("Quit")},
			want:      Quit,
			positions: []int{2, 1},
		},
		{
			name:      "an out-of-range place starts at the last section",
			start:     9,
			answers:   []prompt.Answer{prompt.Choose("Lessons")},
			want:      ToMenu,
			positions: []int{3},
		},
		{
			name:      "a failing action is reported and the menu stays",
			start:     3,
			checkErr:  errors.New("engine is down"),
			answers:   []prompt.Answer{prompt.Choose("Check my work"), prompt.Choose("Show this section again"), prompt.Choose("Quit")},
			want:      Quit,
			calls:     []string{"check ex"},
			positions: []int{3, 3},
			out:       []string{"dockademy: engine is down"},
		},
		{
			name:      "Ctrl-C at the menu ends the reading",
			start:     1,
			answers:   []prompt.Answer{prompt.Interrupt()},
			want:      Quit,
			wantErr:   prompt.ErrInterrupted,
			positions: []int{1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewRenderer(60, false, "en")
			require.NoError(t, err)
			var out bytes.Buffer
			acts := &fakeActions{checkErr: tt.checkErr}
			p := prompt.NewScripted(tt.answers...)
			got, err := Read(context.Background(), Options{
				Lesson: l, Start: tt.start, Out: &out, Prompter: p, Renderer: r, Actions: acts,
			})
			if tt.wantErr != nil {
				assert.ErrorIs(t, err, tt.wantErr)
			} else {
				require.NoError(t, err, "asked:\n%s", fmt.Sprint(p.Asked))
			}
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.calls, acts.calls)
			assert.Equal(t, tt.positions, acts.positions)
			assert.Zero(t, p.Left(), "every scripted answer was used")
			for _, s := range tt.out {
				assert.Contains(t, out.String(), s)
			}
			assert.NotContains(t, out.String(), "\x1b", "no colour, no clearing without a terminal")
		})
	}
}

// The menu offers what the section allows, and suggests the likely next step.
func TestMenuItems(t *testing.T) {
	l := testLesson(t)
	r, err := NewRenderer(60, false, "ko")
	require.NoError(t, err)
	p := prompt.NewScripted(prompt.Choose("실습 열기"), prompt.Choose("끝내기"))
	_, err = Read(context.Background(), Options{
		Lesson: l, Start: 3, Out: &bytes.Buffer{}, Prompter: p, Renderer: r, Actions: &fakeActions{},
	})
	require.NoError(t, err)
	require.Len(t, p.Asked, 2)
	assert.Equal(t, "select: 다음은? [이 장 마치기|이전: Quiz|실습 열기 (파일 만들기)|내 답 확인하기|힌트 보기|이 절 다시 보기|목차|끝내기]", p.Asked[0])
}
