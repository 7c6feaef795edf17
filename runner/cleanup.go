package runner

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/docker/docker/api/types/container"
	"github.com/docker/docker/api/types/image"
)

const cleanupTimeout = 30 * time.Second

// Cleanup removes what the session created: its containers, the private tags of a
// mapped session, images built without a tag, and the untagged leftovers of failed
// builds. A workspace build's tag stays: the lesson asked for it. With Keep, the
// containers and private tags stay for the learner (RemoveExercise takes them later).
// It has its own deadline and ignores any cancellation, so Ctrl-C still cleans up;
// calling it again is harmless.
func (s *Session) Cleanup() error {
	ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
	defer cancel()

	s.mu.Lock()
	containers, building := s.containers, s.building
	leftovers, untagged := s.leftovers, s.untagged
	readers := map[string]bool{}
	for _, id := range s.readers {
		readers[id] = true
	}
	var private []string
	for _, actual := range s.tags {
		private = append(private, actual)
	}
	s.containers, s.building, s.leftovers, s.untagged = nil, nil, nil, nil
	s.readers = map[string]string{}
	if !s.opts.Keep {
		s.tags = map[string]string{}
	}
	s.mu.Unlock()

	var errs []error
	note := func(err error) {
		if err != nil && !errors.Is(err, errInUse) {
			errs = append(errs, err)
		}
	}
	// Containers first: an image in use cannot go. They are independent of each
	// other, and removing a running one waits for its kill, so remove them together.
	var doomed []string
	doomed = append(doomed, building...)
	for _, id := range containers {
		if !s.opts.Keep || readers[id] {
			doomed = append(doomed, id)
		}
	}
	results := make([]error, len(doomed))
	var wg sync.WaitGroup
	for i, id := range doomed {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = s.removeContainer(ctx, id)
		}()
	}
	wg.Wait()
	for _, err := range results {
		note(err)
	}
	if !s.opts.Keep {
		for _, tag := range private {
			note(s.removeImage(ctx, tag))
		}
	}
	for _, id := range untagged {
		note(s.removeUntagged(ctx, id))
	}
	// Newest first, so that a child goes before its parent.
	for _, id := range slices.Backward(leftovers) {
		note(s.removeUntagged(ctx, id))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("could not remove everything the check created: %w", err)
	}
	return nil
}

func (s *Session) removeContainer(ctx context.Context, id string) error {
	return s.c.removeContainer(ctx, id)
}

func (s *Session) removeImage(ctx context.Context, ref string) error {
	return s.c.removeImage(ctx, ref)
}

// removeUntagged removes an image only while no tag points at it: an intermediate
// image of a failed build may have been tagged since, or be another build's cache
// that a tag now uses.
func (s *Session) removeUntagged(ctx context.Context, id string) error {
	img, err := s.c.engine.ImageInspect(ctx, id)
	if cerrdefs.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(img.RepoTags) > 0 {
		return nil
	}
	return s.c.removeImage(ctx, img.ID)
}

func (c *Client) removeContainer(ctx context.Context, id string) error {
	err := c.engine.ContainerRemove(ctx, id, container.RemoveOptions{Force: true, RemoveVolumes: true})
	if err == nil || cerrdefs.IsNotFound(err) {
		return nil
	}
	if cerrdefs.IsConflict(err) {
		return nil // removal already in progress
	}
	return fmt.Errorf("could not remove container %s: %w", shortID(id), err)
}

// removeImage removes a tag (or an image by ID) without force, with the untagged
// parents that only it used. An image that a container uses stays (errInUse).
func (c *Client) removeImage(ctx context.Context, ref string) error {
	_, err := c.engine.ImageRemove(ctx, ref, image.RemoveOptions{PruneChildren: true})
	switch {
	case err == nil, cerrdefs.IsNotFound(err):
		return nil
	case cerrdefs.IsConflict(err):
		return errInUse
	}
	return fmt.Errorf("could not remove image %s: %w", ref, err)
}
