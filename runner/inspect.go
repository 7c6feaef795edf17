package runner

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/docker/docker/api/types/container"
	"github.com/docker/docker/api/types/filters"
)

// InspectImage looks at an image by its logical reference. An image that does not
// exist is reported with Exists false, not as an error.
func (s *Session) InspectImage(ctx context.Context, ref string) (ImageInfo, error) {
	img, err := s.c.engine.ImageInspect(ctx, s.ImageRef(ref))
	if cerrdefs.IsNotFound(err) {
		return ImageInfo{}, nil
	}
	if err != nil {
		return ImageInfo{}, s.ctxOr(ctx, fmt.Errorf("could not inspect image %s: %w", ref, err))
	}
	info := ImageInfo{Exists: true, ID: img.ID, Size: img.Size}
	for _, t := range img.RepoTags {
		info.Tags = append(info.Tags, s.logicalRef(t))
	}
	info.Created, _ = time.Parse(time.RFC3339Nano, img.Created)
	if cfg := img.Config; cfg != nil {
		info.Cmd, info.Entrypoint = cfg.Cmd, cfg.Entrypoint
		info.Workdir, info.User = cfg.WorkingDir, cfg.User
		for p := range cfg.ExposedPorts {
			info.Exposes = append(info.Exposes, p)
		}
		sort.Strings(info.Exposes)
		info.Env = map[string]string{}
		for _, kv := range cfg.Env {
			k, v, _ := strings.Cut(kv, "=")
			info.Env[k] = v
		}
		info.Labels = map[string]string{}
		for k, v := range cfg.Labels {
			if !strings.HasPrefix(k, labelPrefix) {
				info.Labels[k] = v
			}
		}
	}
	return info, nil
}

const labelPrefix = "dev.dockademy."

// InspectContainer looks at one container; a missing one wraps ErrContainerNotFound.
func (s *Session) InspectContainer(ctx context.Context, id string) (ContainerInfo, error) {
	ins, err := s.c.engine.ContainerInspect(ctx, id)
	if cerrdefs.IsNotFound(err) {
		return ContainerInfo{}, fmt.Errorf("%w: %s", ErrContainerNotFound, id)
	}
	if err != nil {
		return ContainerInfo{}, s.ctxOr(ctx, fmt.Errorf("could not inspect container %s: %w", shortID(id), err))
	}
	info := ContainerInfo{
		ID:      ins.ID,
		Name:    strings.TrimPrefix(ins.Name, "/"),
		ImageID: ins.Image,
	}
	info.Created, _ = time.Parse(time.RFC3339Nano, ins.Created)
	if ins.Config != nil {
		info.Image = s.logicalRef(ins.Config.Image)
		info.Labels = ins.Config.Labels
	}
	if st := ins.State; st != nil {
		info.Running = st.Running
		info.ExitCode = st.ExitCode
		info.Started, _ = time.Parse(time.RFC3339Nano, st.StartedAt)
	}
	if ins.NetworkSettings != nil {
		info.Ports = portBindings(ins.NetworkSettings.Ports)
	}
	return info, nil
}

// FindContainers lists the containers, running or not, that match every field set in
// f, newest first. Ancestor compares image IDs: a container matches when its image is
// the one the reference names now; an image that does not exist matches nothing.
func (s *Session) FindContainers(ctx context.Context, f ContainerFilter) ([]ContainerInfo, error) {
	args := filters.NewArgs()
	if f.Name != "" {
		args.Add("name", "^/"+regexp.QuoteMeta(strings.TrimPrefix(f.Name, "/"))+"$")
	}
	if f.ID != "" {
		args.Add("id", f.ID)
	}
	imageID := ""
	if f.Ancestor != "" {
		img, err := s.c.engine.ImageInspect(ctx, s.ImageRef(f.Ancestor))
		if cerrdefs.IsNotFound(err) {
			return nil, nil
		}
		if err != nil {
			return nil, s.ctxOr(ctx, fmt.Errorf("could not inspect image %s: %w", f.Ancestor, err))
		}
		imageID = img.ID
	}
	list, err := s.c.engine.ContainerList(ctx, container.ListOptions{All: true, Filters: args})
	if err != nil {
		return nil, s.ctxOr(ctx, fmt.Errorf("could not list containers: %w", err))
	}
	var out []ContainerInfo
	for _, c := range list {
		if imageID != "" && c.ImageID != imageID {
			continue
		}
		info, err := s.InspectContainer(ctx, c.ID)
		if err != nil {
			if cerrdefs.IsNotFound(err) || isNotFound(err) {
				continue // removed since the list
			}
			return nil, err
		}
		if f.Name != "" && info.Name != strings.TrimPrefix(f.Name, "/") {
			continue
		}
		out = append(out, info)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Created.After(out[j].Created) })
	return out, nil
}

// Diff lists the changes to a container's filesystem since it was created.
func (s *Session) Diff(ctx context.Context, id string) ([]Change, error) {
	changes, err := s.c.engine.ContainerDiff(ctx, id)
	if cerrdefs.IsNotFound(err) {
		return nil, fmt.Errorf("%w: %s", ErrContainerNotFound, id)
	}
	if err != nil {
		return nil, s.ctxOr(ctx, fmt.Errorf("could not diff container %s: %w", shortID(id), err))
	}
	out := make([]Change, 0, len(changes))
	for _, c := range changes {
		out = append(out, Change{Kind: c.Kind.String(), Path: c.Path})
	}
	return out, nil
}
