package server

import (
	"sync"
	"time"
)

// limiter is a token bucket per client address for failed join attempts: a learner
// who mistypes the code a few times is not blocked, and a script guessing codes gets
// `burst` tries and then one per `every`. Successful joins cost nothing, so a whole
// class joining from behind one NAT address is never limited.
type limiter struct {
	mu      sync.Mutex
	burst   float64
	every   time.Duration
	max     int // addresses remembered at once: memory stays bounded under a flood
	now     func() time.Time
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newLimiter(burst int, every time.Duration, max int, now func() time.Time) *limiter {
	return &limiter{burst: float64(burst), every: every, max: max, now: now, buckets: map[string]*bucket{}}
}

// Allow reports whether addr may try a join now.
func (l *limiter) Allow(addr string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[addr]
	if b == nil {
		// An address never seen: allowed, unless the table is full of addresses that
		// are all still being limited, in which case failing closed is the safe side.
		return len(l.buckets) < l.max || l.prune()
	}
	l.refill(b)
	return b.tokens >= 1
}

// Fail charges addr for a failed attempt.
func (l *limiter) Fail(addr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[addr]
	if b == nil {
		if len(l.buckets) >= l.max && !l.prune() {
			return
		}
		b = &bucket{tokens: l.burst, at: l.now()}
		l.buckets[addr] = b
	}
	l.refill(b)
	b.tokens--
}

func (l *limiter) refill(b *bucket) {
	now := l.now()
	b.tokens = min(l.burst, b.tokens+float64(now.Sub(b.at))/float64(l.every))
	b.at = now
}

// prune forgets addresses whose buckets are full again (they would behave as new
// ones) and reports whether that made room.
func (l *limiter) prune() bool {
	for a, b := range l.buckets {
		l.refill(b)
		if b.tokens >= l.burst {
			delete(l.buckets, a)
		}
	}
	return len(l.buckets) < l.max
}
