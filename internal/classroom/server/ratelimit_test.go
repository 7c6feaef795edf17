package server

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestLimiter(t *testing.T) {
	now := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	l := newLimiter(3, 10*time.Second, 2, func() time.Time { return now })
	for range 3 {
		assert.True(t, l.Allow("a"))
		l.Fail("a")
	}
	assert.False(t, l.Allow("a"), "three failures spend the burst")
	assert.True(t, l.Allow("b"), "another address is not affected")

	now = now.Add(10 * time.Second)
	assert.True(t, l.Allow("a"), "one try back after the refill interval")
	l.Fail("a")
	assert.False(t, l.Allow("a"))

	l.Fail("b")
	assert.False(t, l.Allow("c"), "the table is full of limited addresses: fail closed")
	now = now.Add(time.Minute)
	assert.True(t, l.Allow("c"), "refilled buckets are forgotten to make room")
}
