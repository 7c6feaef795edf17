package runner

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/docker/docker/api/types/container"
	"github.com/docker/docker/api/types/filters"
	"github.com/docker/docker/api/types/image"
)

// Sweep removes what earlier dockademy processes on this host created and could not
// clean up because they died: their containers and private images. Objects labelled
// keep, objects of live processes (this one included), objects made on other hosts
// and unlabelled objects are never touched.
func (c *Client) Sweep(ctx context.Context) (removed int, err error) {
	return c.removeLabelled(ctx, func(labels map[string]string) bool {
		return labels[LabelKeep] != "true" && c.orphaned(labels)
	})
}

// RemoveExercise removes the containers that dockademy made for an exercise, kept ones
// included, and the private images of its sessions, unless a live process other than
// this one owns them (a check running at the same time).
func (c *Client) RemoveExercise(ctx context.Context, exercise string) (int, error) {
	return c.removeLabelled(ctx, func(labels map[string]string) bool {
		return labels[LabelExercise] == exercise && !c.ownedByOtherLiveProcess(labels)
	})
}

// removeLabelled removes the dockademy containers, then the session-private images,
// whose labels pick accepts. Workspace tags carry no run label and are never chosen.
func (c *Client) removeLabelled(ctx context.Context, pick func(map[string]string) bool) (int, error) {
	owned := filters.NewArgs(filters.Arg("label", LabelOwner+"="+ownerValue))
	containers, err := c.engine.ContainerList(ctx, container.ListOptions{All: true, Filters: owned})
	if err != nil {
		return 0, fmt.Errorf("could not list dockademy's containers: %w", err)
	}
	removed := 0
	for _, ct := range containers {
		// A container inherits its image's labels: one without a run label was made by
		// the learner from a workspace image (a setup's), not by a dockademy session.
		if ct.Labels[LabelRun] == "" || !pick(ct.Labels) {
			continue
		}
		if err := c.removeContainer(ctx, ct.ID); err != nil {
			return removed, err
		}
		removed++
	}
	images, err := c.engine.ImageList(ctx, image.ListOptions{Filters: owned})
	if err != nil {
		return removed, fmt.Errorf("could not list dockademy's images: %w", err)
	}
	for _, img := range images {
		run := img.Labels[LabelRun]
		if run == "" || !pick(img.Labels) {
			continue
		}
		n, err := c.removePrivateImage(ctx, img, run)
		removed += n
		if err != nil {
			return removed, err
		}
	}
	return removed, nil
}

// removePrivateImage removes a session's private tags of an image (a tag the learner
// added stays), or the image itself when it has no tag at all.
func (c *Client) removePrivateImage(ctx context.Context, img image.Summary, run string) (int, error) {
	refs := []string{}
	for _, t := range img.RepoTags {
		if strings.HasSuffix(t, privateSuffix+run) {
			refs = append(refs, t)
		}
	}
	if len(img.RepoTags) == 0 || (len(img.RepoTags) == 1 && img.RepoTags[0] == "<none>:<none>") {
		refs = append(refs, img.ID)
	}
	n := 0
	for _, ref := range refs {
		err := c.removeImage(ctx, ref)
		if err == errInUse {
			continue
		}
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// orphaned reports whether the process that created an object is known to be dead:
// it ran on this host and its pid is not alive. Another host's objects are not ours
// to judge.
func (c *Client) orphaned(labels map[string]string) bool {
	pid, err := strconv.Atoi(labels[LabelPID])
	if err != nil || labels[LabelHost] != c.hostname || pid == c.pid {
		return false
	}
	return !processAlive(pid)
}

func (c *Client) ownedByOtherLiveProcess(labels map[string]string) bool {
	pid, err := strconv.Atoi(labels[LabelPID])
	if err != nil || labels[LabelHost] != c.hostname || pid == c.pid {
		return false
	}
	return processAlive(pid)
}
