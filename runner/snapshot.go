package runner

import (
	"context"
	"fmt"
	"strings"

	cerrdefs "github.com/containerd/errdefs"

	"github.com/docker/docker/api/types/container"
	"github.com/docker/docker/api/types/image"
)

// TakeSnapshot records the IDs of every container and image on the engine.
func (c *Client) TakeSnapshot(ctx context.Context) (Snapshot, error) {
	snap := Snapshot{Containers: map[string]bool{}, Images: map[string]bool{}, Tags: map[string]string{}}
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
		for _, t := range realTags(img.RepoTags) {
			snap.Tags[t] = img.ID
		}
	}
	return snap, nil
}

// RemoveSince removes the containers, then the tagged images, that appeared since
// before: what a command exercise's solution made when `lessons test` ran it. Removing
// a tag also removes the untagged parent images that only it used. It leaves alone
// what it cannot tell from other activity on the engine: objects of another live
// dockademy process, the containers of classic build steps in progress, and untagged
// images (a build's newest intermediate image looks like a leftover). Anything else
// that appeared meanwhile is removed, so run it on an engine that nothing else changes.
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
		if before.Containers[ct.ID] || !eligible(ct.Labels) || buildStep(ct) {
			continue
		}
		if err := c.removeContainer(ctx, ct.ID); err != nil {
			return removed, err
		}
		removed++
	}
	images, err := c.engine.ImageList(ctx, image.ListOptions{})
	if err != nil {
		return removed, fmt.Errorf("could not list images: %w", err)
	}
	for _, img := range images {
		if !eligible(img.Labels) {
			continue
		}
		// A tag that is new, or that now names another image, was made since: remove
		// it, and give a moved tag back to the image it named before.
		n := 0
		for _, t := range realTags(img.RepoTags) {
			was, existed := before.Tags[t]
			if existed && was == img.ID {
				continue
			}
			if err := c.removeImage(ctx, t); err != nil && err != errInUse {
				return removed, err
			}
			if existed {
				if err := c.engine.ImageTag(ctx, was, t); err != nil && !cerrdefs.IsNotFound(err) {
					return removed, fmt.Errorf("could not give tag %s back to image %s: %w", t, shortID(was), err)
				}
			}
			n++
		}
		if n > 0 && !before.Images[img.ID] {
			removed++
		}
	}
	return removed, nil
}

// buildStep recognises the classic builder's container for a step: the builder names
// its image by full ID, which a person hardly types.
func buildStep(ct container.Summary) bool {
	return strings.HasPrefix(ct.Image, "sha256:") && len(ct.Image) == len("sha256:")+64
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
