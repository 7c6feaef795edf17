package runner

import (
	"context"
	"testing"
	"time"

	"github.com/docker/docker/api/types/container"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOwnActivity(t *testing.T) {
	tests := []struct {
		role string
		own  bool
	}{{"", false}, {"setup", false}, {"check", true}, {"probe", true}, {"test", true}}
	for _, tt := range tests {
		t.Run("role="+tt.role, func(t *testing.T) {
			attrs := map[string]string{"name": "x"}
			if tt.role != "" {
				attrs[LabelRole] = tt.role
			}
			assert.Equal(t, tt.own, ownActivity(attrs))
		})
	}
}

// TestEventsSeesLearnerContainers creates a container as a learner's `docker run`
// would (no dockademy labels) and waits for the tick.
func TestEventsSeesLearnerContainers(t *testing.T) {
	c := connect(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ch, err := c.Events(ctx)
	require.NoError(t, err)

	name := "dockademy-events-test-" + token()
	created, err := c.engine.ContainerCreate(ctx, &container.Config{Image: busybox, Cmd: []string{"true"}}, nil, nil, nil, name)
	require.NoError(t, err)
	t.Cleanup(func() {
		_ = c.engine.ContainerRemove(context.Background(), created.ID, container.RemoveOptions{Force: true})
	})
	select {
	case _, ok := <-ch:
		assert.True(t, ok, "the stream ended instead of reporting the change")
	case <-ctx.Done():
		t.Fatal("no event for a created container")
	}

	cancel()
	for range ch { // the channel closes once ctx ends
	}
}
