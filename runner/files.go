package runner

import (
	"archive/tar"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/docker/docker/api/types/container"
)

const (
	fileContentLimit = 1 << 20
	maxLinkHops      = 8
)

// ReadFile reads a path in an image without running it: it copies out of a created,
// never started container (one per image and session, removed by Cleanup). Symlinks
// are followed: Link is the first link's target, Mode and Content are the final
// file's. A path that does not exist is reported with Exists false; a missing image
// is a MissingImageError.
func (s *Session) ReadFile(ctx context.Context, image, p string) (FileInfo, error) {
	info := FileInfo{Path: p}
	ref := s.ImageRef(image)
	img, err := s.c.engine.ImageInspect(ctx, ref)
	if cerrdefs.IsNotFound(err) {
		return info, &MissingImageError{Ref: image}
	}
	if err != nil {
		return info, s.ctxOr(ctx, fmt.Errorf("could not inspect image %s: %w", image, err))
	}
	id, err := s.reader(ctx, img.ID)
	if err != nil {
		return info, err
	}
	cur := path.Clean("/" + p)
	for hop := 0; ; hop++ {
		rc, stat, err := s.c.engine.CopyFromContainer(ctx, id, cur)
		if cerrdefs.IsNotFound(err) {
			return info, nil
		}
		if err != nil {
			return info, s.ctxOr(ctx, fmt.Errorf("could not read %s in image %s: %w", cur, image, err))
		}
		if stat.Mode&fs.ModeSymlink != 0 && hop < maxLinkHops {
			rc.Close()
			if info.Link == "" {
				info.Link = stat.LinkTarget
			}
			target := stat.LinkTarget
			if !path.IsAbs(target) {
				target = path.Join(path.Dir(cur), target)
			}
			cur = path.Clean(target)
			continue
		}
		info.Exists = true
		info.Mode = stat.Mode
		info.IsDir = stat.Mode.IsDir()
		if stat.Mode.IsRegular() {
			info.Content, err = firstFileContent(rc)
		}
		rc.Close()
		if err != nil {
			return info, fmt.Errorf("could not read %s in image %s: %w", cur, image, err)
		}
		return info, nil
	}
}

// reader returns this session's placeholder container of an image, creating it once.
func (s *Session) reader(ctx context.Context, imageID string) (string, error) {
	s.mu.Lock()
	id, ok := s.readers[imageID]
	s.mu.Unlock()
	if ok {
		return id, nil
	}
	cfg := &container.Config{
		Image: imageID,
		// Never run; an image without CMD or ENTRYPOINT cannot be created without one.
		Cmd:             []string{"/dockademy-never-started"},
		Labels:          s.readerLabels(),
		NetworkDisabled: true,
	}
	created, err := s.createContainer(ctx, cfg, &container.HostConfig{NetworkMode: "none"})
	if err != nil {
		return "", s.ctxOr(ctx, fmt.Errorf("could not create a container to read image %s: %w", shortID(imageID), err))
	}
	s.mu.Lock()
	s.containers = append(s.containers, created.ID)
	s.readers[imageID] = created.ID
	s.mu.Unlock()
	return created.ID, ctx.Err()
}

func firstFileContent(r io.Reader) ([]byte, error) {
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		if h.Typeflag == tar.TypeReg {
			return io.ReadAll(io.LimitReader(tr, fileContentLimit))
		}
	}
}
