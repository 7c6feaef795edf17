package runner

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/docker/docker/api/types/image"
)

// EnsureImages pulls each of refs that is not on this machine, writing progress. Every
// image that is still missing afterwards is a MissingImageError in the result.
func (c *Client) EnsureImages(ctx context.Context, refs []string, progress io.Writer) error {
	var errs []error
	for _, ref := range refs {
		_, err := c.engine.ImageInspect(ctx, ref)
		if err == nil {
			continue
		}
		if !cerrdefs.IsNotFound(err) {
			return fmt.Errorf("could not inspect image %s: %w", ref, err)
		}
		if err := c.pull(ctx, ref, progress); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			errs = append(errs, &MissingImageError{Ref: ref, Err: err})
		}
	}
	return errors.Join(errs...)
}

// pull pulls one image; an error in the progress stream is an error too.
func (c *Client) pull(ctx context.Context, ref string, progress io.Writer) error {
	rc, err := c.engine.ImagePull(ctx, ref, image.PullOptions{})
	if err != nil {
		return err
	}
	defer rc.Close()
	if progress != nil {
		fmt.Fprintf(progress, "pulling %s\n", ref)
	}
	dec := json.NewDecoder(rc)
	for {
		var m buildMessage
		if err := dec.Decode(&m); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		if m.ErrorDetail != nil && m.ErrorDetail.Message != "" {
			return errors.New(m.ErrorDetail.Message)
		}
		if m.Error != "" {
			return errors.New(m.Error)
		}
		if progress == nil || m.Status == "" || (m.Progress != nil && m.Progress.Total > 0) {
			continue
		}
		if m.ID != "" {
			fmt.Fprintf(progress, "%s: %s\n", m.ID, m.Status)
		} else {
			fmt.Fprintln(progress, m.Status)
		}
	}
}
