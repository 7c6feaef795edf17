package runner

import (
	"context"
	"errors"
	"time"

	"github.com/docker/docker/api/types/events"
	"github.com/docker/docker/api/types/filters"
)

// ErrNoEvents means the engine offers no event stream; callers poll instead.
var ErrNoEvents = errors.New("the engine offers no event stream")

// eventSource is the SDK's event stream, kept out of Engine so that fakes need not
// implement it.
type eventSource interface {
	Events(ctx context.Context, options events.ListOptions) (<-chan events.Message, <-chan error)
}

// Events sends a value whenever a learner's docker command changes the engine's
// containers or images: one created, started, stopped, removed, tagged. What
// dockademy's own checks, probes and tests do is left out, so that a check does not
// trigger the next. The channel closes when ctx ends or the stream breaks (the engine
// went away). A send never blocks: changes that arrive while the last one is unread
// are merged into it.
func (c *Client) Events(ctx context.Context) (<-chan struct{}, error) {
	src, ok := c.engine.(eventSource)
	if !ok {
		return nil, ErrNoEvents
	}
	f := filters.NewArgs(
		filters.Arg("type", string(events.ContainerEventType)),
		filters.Arg("type", string(events.ImageEventType)),
	)
	for _, a := range watchedActions {
		f.Add("event", string(a))
	}
	msgs, errs := src.Events(ctx, events.ListOptions{Since: time.Now().Format(time.RFC3339Nano), Filters: f})
	out := make(chan struct{}, 1)
	go func() {
		defer close(out)
		for {
			select {
			case <-ctx.Done():
				return
			case <-errs:
				return
			case m, ok := <-msgs:
				if !ok {
					return
				}
				if ownActivity(m.Actor.Attributes) {
					continue
				}
				select {
				case out <- struct{}{}:
				default:
				}
			}
		}
	}()
	return out, nil
}

// watchedActions change what a check of a command exercise sees; exec, attach and
// the like do not.
var watchedActions = []events.Action{
	events.ActionCreate, events.ActionStart, events.ActionRestart, events.ActionStop, events.ActionUpdate, events.ActionDie,
	events.ActionDestroy, events.ActionRename, events.ActionPause, events.ActionUnPause,
	events.ActionTag, events.ActionUnTag, events.ActionDelete, events.ActionLoad,
	events.ActionImport, events.ActionPull,
}

// ownActivity tells dockademy's own objects by their role label. Containers inherit
// their image's labels, so a container the learner runs from an image that an
// exercise's setup built carries role "setup": that one counts as the learner's.
func ownActivity(attrs map[string]string) bool {
	switch attrs[LabelRole] {
	case "check", "probe", "test":
		return true
	}
	return false
}
