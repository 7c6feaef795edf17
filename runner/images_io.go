package runner

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/docker/docker/api/types/image"
	"github.com/docker/docker/api/types/registry"
	"github.com/docker/docker/api/types/system"
	"github.com/docker/docker/client"
)

// imageFiles and engineInfo are parts of the SDK client kept out of Engine, so that
// fakes need not implement them.
type imageFiles interface {
	ImageSave(ctx context.Context, imageIDs []string, opts ...client.ImageSaveOption) (io.ReadCloser, error)
	ImageLoad(ctx context.Context, input io.Reader, opts ...client.ImageLoadOption) (image.LoadResponse, error)
}

type engineInfo interface {
	Info(ctx context.Context) (system.Info, error)
	DistributionInspect(ctx context.Context, image, encodedRegistryAuth string) (registry.DistributionInspect, error)
}

// ErrUnsupported means the engine client cannot do what was asked (a test fake).
var ErrUnsupported = errors.New("the engine client does not support this")

// SaveImages writes refs, which must all be on this machine, into one tar archive on
// w, as `docker image save` does: a classroom without internet loads it with
// LoadImages.
func (c *Client) SaveImages(ctx context.Context, refs []string, w io.Writer) error {
	saver, ok := c.engine.(imageFiles)
	if !ok {
		return ErrUnsupported
	}
	for _, ref := range refs {
		if _, err := c.engine.ImageInspect(ctx, ref); err != nil {
			if cerrdefs.IsNotFound(err) {
				return &MissingImageError{Ref: ref}
			}
			return fmt.Errorf("could not inspect image %s: %w", ref, err)
		}
	}
	rc, err := saver.ImageSave(ctx, refs)
	if err != nil {
		return fmt.Errorf("could not save images: %w", err)
	}
	defer rc.Close()
	if _, err := io.Copy(w, rc); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("could not save images: %w", err)
	}
	return nil
}

// LoadImages loads a tar archive that SaveImages (or `docker image save`) wrote,
// writing the engine's messages ("Loaded image: busybox:1.35") to progress.
func (c *Client) LoadImages(ctx context.Context, r io.Reader, progress io.Writer) error {
	loader, ok := c.engine.(imageFiles)
	if !ok {
		return ErrUnsupported
	}
	resp, err := loader.ImageLoad(ctx, r, client.ImageLoadWithQuiet(true))
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("could not load images: %w", err)
	}
	defer resp.Body.Close()
	dec := json.NewDecoder(resp.Body)
	for {
		var m buildMessage
		if err := dec.Decode(&m); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("could not load images: %w", err)
		}
		if m.ErrorDetail != nil && m.ErrorDetail.Message != "" {
			return fmt.Errorf("could not load images: %s", m.ErrorDetail.Message)
		}
		if m.Error != "" {
			return fmt.Errorf("could not load images: %s", m.Error)
		}
		if progress != nil && m.Stream != "" {
			_, _ = io.WriteString(progress, stripANSI(m.Stream))
		}
	}
}

// HasImage reports whether ref is on this machine.
func (c *Client) HasImage(ctx context.Context, ref string) (bool, error) {
	_, err := c.engine.ImageInspect(ctx, ref)
	switch {
	case err == nil:
		return true, nil
	case cerrdefs.IsNotFound(err):
		return false, nil
	}
	return false, fmt.Errorf("could not inspect image %s: %w", ref, err)
}

// CanPull asks the engine whether its registry knows ref, without pulling it.
func (c *Client) CanPull(ctx context.Context, ref string) error {
	info, ok := c.engine.(engineInfo)
	if !ok {
		return ErrUnsupported
	}
	_, err := info.DistributionInspect(ctx, ref, "")
	return err
}

// DataRoot is the folder where the engine keeps images and containers, as the engine
// sees it (on Docker Desktop, inside its virtual machine).
func (c *Client) DataRoot(ctx context.Context) (string, error) {
	info, ok := c.engine.(engineInfo)
	if !ok {
		return "", ErrUnsupported
	}
	i, err := info.Info(ctx)
	if err != nil {
		return "", fmt.Errorf("could not ask the engine for its details: %w", err)
	}
	return i.DockerRootDir, nil
}
