package runner

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/docker/docker/api/types/container"
	"github.com/docker/docker/api/types/image"
)

// TakeSnapshot records the IDs of every container and image on the engine.
func (c *Client) TakeSnapshot(ctx context.Context) (Snapshot, error) {
	snap := Snapshot{Containers: map[string]bool{}, Images: map[string]bool{}}
	containers, err := c.engine.ContainerList(ctx, container.ListOptions{All: true})
	if err != nil {
		return snap, fmt.Errorf("could not list containers: %w", err)
	}
	for _, ct := range containers {
		snap.Containers[ct.ID] = true
	}
	images, err := c.engine.ImageList(ctx, image.ListOptions{All: true})
	if err != nil {
		return snap, fmt.Errorf("could not list images: %w", err)
	}
	for _, img := range images {
		snap.Images[img.ID] = true
	}
	return snap, nil
}

// RemoveSince removes the containers, then the images, that appeared since before:
// what a command exercise's solution made when `lessons test` ran it. Objects of
// another live dockademy process (a check running at the same time) are left alone;
// anything else that appeared meanwhile cannot be told apart, so run it on an engine
// that nothing else changes.
func (c *Client) RemoveSince(ctx context.Context, before Snapshot) (int, error) {
	return c.removeSince(ctx, before, func(map[string]string) bool { return true })
}

func (c *Client) removeSince(ctx context.Context, before Snapshot, pick func(labels map[string]string) bool) (int, error) {
	eligible := func(labels map[string]string) bool {
		if labels[LabelOwner] == ownerValue && c.ownedByOtherLiveProcess(labels) {
			return false
		}
		return pick(labels)
	}
	removed := 0
	containers, err := c.engine.ContainerList(ctx, container.ListOptions{All: true})
	if err != nil {
		return 0, fmt.Errorf("could not list containers: %w", err)
	}
	for _, ct := range containers {
		if before.Containers[ct.ID] || !eligible(ct.Labels) {
			continue
		}
		if err := c.removeContainer(ctx, ct.ID); err != nil {
			return removed, err
		}
		removed++
	}
	// Tagged images first (each tag by name, which also prunes the untagged parents they
	// alone used), then whatever untagged images remain, newest first.
	images, err := c.engine.ImageList(ctx, image.ListOptions{All: true})
	if err != nil {
		return removed, fmt.Errorf("could not list images: %w", err)
	}
	var untagged []image.Summary
	for _, img := range images {
		if before.Images[img.ID] || !eligible(img.Labels) {
			continue
		}
		tags := realTags(img.RepoTags)
		if len(tags) == 0 {
			untagged = append(untagged, img)
			continue
		}
		for _, t := range tags {
			if err := c.removeImage(ctx, t); err != nil && err != errInUse {
				return removed, err
			}
		}
		removed++
	}
	sortNewestFirst(untagged)
	for _, img := range untagged {
		if _, err := c.engine.ImageInspect(ctx, img.ID); err != nil {
			continue // pruned with a child
		}
		switch err := c.removeImage(ctx, img.ID); {
		case err == nil:
			removed++
		case err != errInUse:
			return removed, err
		}
	}
	return removed, nil
}

func realTags(tags []string) []string {
	var out []string
	for _, t := range tags {
		if t != "<none>:<none>" {
			out = append(out, t)
		}
	}
	return out
}

func sortNewestFirst(imgs []image.Summary) {
	slices.SortStableFunc(imgs, func(a, b image.Summary) int { return cmp.Compare(b.Created, a.Created) })
}
