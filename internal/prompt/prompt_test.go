package prompt

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInterruptedIsCancellation(t *testing.T) {
	assert.ErrorIs(t, ErrInterrupted, context.Canceled)
	assert.True(t, IsInterrupted(ErrInterrupted))
	assert.False(t, IsInterrupted(context.Canceled), "a cancelled context is not a Ctrl-C at a question")
	assert.False(t, IsInterrupted(errors.New("interrupt")))
}

func TestSurveyNeedsFiles(t *testing.T) {
	_, ok := NewSurvey(&bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}, false)
	assert.False(t, ok, "buffers are no terminal")
}

func TestScripted(t *testing.T) {
	ctx := context.Background()
	opts := []string{"next", "back", "check now", "quit"}
	tests := []struct {
		name    string
		answer  Answer
		ask     func(p Prompter) (any, error)
		want    any
		wantErr string
	}{
		{"select by substring", Choose("check"),
			func(p Prompter) (any, error) { return p.Select(ctx, "What now?", opts, 0) }, 2, ""},
		{"multiselect sorted", ChooseAll("quit", "back"),
			func(p Prompter) (any, error) { return p.MultiSelect(ctx, "Which?", opts) }, []int{1, 3}, ""},
		{"confirm", Answer{Kind: "confirm", Yes: true},
			func(p Prompter) (any, error) { return p.Confirm(ctx, "Sure?", false) }, true, ""},
		{"input default", Answer{Kind: "input"},
			func(p Prompter) (any, error) { return p.Input(ctx, "Folder?", "~/dockademy") }, "~/dockademy", ""},
		{"wrong kind", Choose("next"),
			func(p Prompter) (any, error) { return p.Confirm(ctx, "Sure?", false) }, false, "answers a select"},
		{"no such option", Choose("menu"),
			func(p Prompter) (any, error) { return p.Select(ctx, "What now?", opts, 0) }, 0, `no option contains "menu"`},
		{"interrupt", Interrupt(),
			func(p Prompter) (any, error) { return p.Select(ctx, "What now?", opts, 0) }, 0, "interrupted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := NewScripted(tt.answer)
			got, err := tt.ask(p)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Zero(t, p.Left())
			assert.Len(t, p.Asked, 1)
		})
	}

	t.Run("runs out", func(t *testing.T) {
		p := NewScripted()
		_, err := p.Select(ctx, "What now?", opts, 0)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "What now? [next|back|check now|quit]")
	})
	t.Run("cancelled context", func(t *testing.T) {
		c, cancel := context.WithCancel(ctx)
		cancel()
		p := NewScripted(Choose("next"))
		_, err := p.Select(c, "What now?", opts, 0)
		assert.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, 1, p.Left(), "no answer is used up")
	})
}
