package server

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"time"

	"github.com/dockademy/dockademy/internal/classroom"
	"github.com/dockademy/dockademy/internal/classroom/store"
)

// codeLength gives 29^6 ≈ 600 million codes: with ten guesses a minute per address,
// guessing one is out of reach for a workshop's length, and six characters are easy
// to read off a projector.
const codeLength = 6

// EnsureClass returns the store's latest class, or a new one when there is none or
// fresh is set. Carrying on with the latest is what lets a restarted server keep its
// join code and tokens.
func EnsureClass(ctx context.Context, st store.Store, fresh bool) (c *store.Class, created bool, err error) {
	if !fresh {
		c, err := st.LatestClass(ctx)
		if err == nil {
			return c, false, nil
		}
		if !errors.Is(err, store.ErrNotFound) {
			return nil, false, err
		}
	}
	// A code may collide with another class's in a shared database: try again.
	for range 5 {
		nc := store.Class{ID: randomToken(12), JoinCode: randomCode(), InstructorToken: randomToken(32), CreatedAt: time.Now().UTC()}
		if err = st.CreateClass(ctx, nc); err == nil {
			return &nc, true, nil
		}
	}
	return nil, false, err
}

func randomCode() string {
	const n = len(classroom.CodeAlphabet)
	b := make([]byte, 0, codeLength)
	var one [1]byte
	for len(b) < codeLength {
		_, _ = rand.Read(one[:])
		// Rejection keeps every character equally likely.
		if int(one[0]) < 256-256%n {
			b = append(b, classroom.CodeAlphabet[int(one[0])%n])
		}
	}
	return string(b)
}

// randomToken is n random bytes, URL-safe.
func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashToken is how the store knows learner tokens and session IDs: a copy of the
// database does not let anyone post as a learner or open the dashboard.
func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}
