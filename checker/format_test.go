package checker

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestHumanSize(t *testing.T) {
	tests := []struct {
		in   int64
		want string
	}{
		{0, "0B"},
		{999, "999B"},
		{1_945_000, "1.9MB"},
		{20_000_000, "20MB"},
		{20_400_000, "20.4MB"},
		{123_456_789, "123MB"},
		{74_800_000_000, "74.8GB"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, humanSize(tt.in), "%d bytes", tt.in)
	}
}

func TestSizePairShowsBytesWhenRoundedSizesLookEqual(t *testing.T) {
	a, l := sizePair(20_040_000, 20_000_000)
	assert.Equal(t, "20MB (20040000 bytes)", a)
	assert.Equal(t, "20MB (20000000 bytes)", l)
	a, l = sizePair(1_945_000, 20_000_000)
	assert.Equal(t, "1.9MB", a)
	assert.Equal(t, "20MB", l)
}

func TestExcerpt(t *testing.T) {
	assert.Equal(t, `"hi\n"`, excerpt("hi\n", 10))
	assert.Equal(t, `"안녕하"…`, excerpt("안녕하세요", 3))
}

func TestShortIDAndExecForm(t *testing.T) {
	assert.Equal(t, "0123456789ab", shortID("sha256:0123456789abcdef"))
	assert.Equal(t, "abc", shortID("abc"))
	assert.Equal(t, `["helloworld", "-v"]`, execForm([]string{"helloworld", "-v"}))
	assert.Equal(t, `[]`, execForm(nil))
}

func TestDuration(t *testing.T) {
	assert.Equal(t, "150ms", duration(150*time.Millisecond))
	assert.Equal(t, "2.3s", duration(2345*time.Millisecond))
	assert.Equal(t, "10s", duration(10*time.Second))
}

func TestLimitList(t *testing.T) {
	assert.Equal(t, "a, b", limitList([]string{"a", "b"}))
	assert.Equal(t, "1, 2, 3, 4, 5, … (+2)", limitList([]string{"1", "2", "3", "4", "5", "6", "7"}))
}
