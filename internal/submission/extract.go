package submission

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// entry is one member of a folder or archive, in a form common to all of them.
type entry struct {
	name string // as the archive names it
	kind entryKind
	exec bool   // a regular file with an execute bit
	link string // a link's target
	open func() (io.ReadCloser, error)
}

type entryKind int

const (
	kindFile entryKind = iota
	kindDir
	kindSymlink
	kindHardlink
	kindSpecial
)

// extractor writes entries under root. Links are made last, after every file: a link
// made early could carry a later entry's write out of the folder.
type extractor struct {
	root  string
	lim   Limits
	files int
	size  int64
	seen  map[string]entryKind // cleaned relative path -> kind
	links []entry              // symlinks, name already cleaned
}

func newExtractor(root string, lim Limits) *extractor {
	return &extractor{root: root, lim: lim, seen: map[string]entryKind{}}
}

// cleanName makes an archive name a relative slash path inside the folder, or refuses
// it. Backslashes count as separators: archivers on Windows write them.
func cleanName(name string) (string, error) {
	n := strings.ReplaceAll(name, "\\", "/")
	if n == "" || strings.ContainsRune(n, 0) {
		return "", &UnsafeError{Entry: name, Reason: reasonBadName}
	}
	if strings.HasPrefix(n, "/") || (len(n) >= 2 && n[1] == ':') {
		return "", &UnsafeError{Entry: name, Reason: reasonAbsolute}
	}
	c := path.Clean(n)
	if c == ".." || strings.HasPrefix(c, "../") {
		return "", &UnsafeError{Entry: name, Reason: reasonEscapes}
	}
	if c == "." {
		return "", nil
	}
	return c, nil
}

func (x *extractor) add(e entry) error {
	rel, err := cleanName(e.name)
	if err != nil {
		return err
	}
	if rel == "" {
		return nil // the folder itself
	}
	if e.kind == kindSpecial {
		return &UnsafeError{Entry: e.name, Reason: reasonSpecial}
	}
	x.files++
	if x.files > x.lim.Files {
		return &LimitError{What: limitFiles, Limit: int64(x.lim.Files)}
	}
	if prev, ok := x.seen[rel]; ok {
		if prev == kindDir && e.kind == kindDir {
			return nil
		}
		return &UnsafeError{Entry: e.name, Reason: reasonDuplicate}
	}
	if err := x.parentsAreDirs(e.name, rel); err != nil {
		return err
	}
	x.seen[rel] = e.kind
	dst := filepath.Join(x.root, filepath.FromSlash(rel))
	switch e.kind {
	case kindDir:
		return os.MkdirAll(dst, 0o755)
	case kindSymlink:
		x.links = append(x.links, entry{name: rel, link: e.link})
		return nil
	case kindHardlink:
		return x.hardlink(e, rel, dst)
	}
	return x.write(e, dst)
}

// parentsAreDirs refuses an entry below something that is a file or a link: writing
// through a link is how an archive reaches outside its folder.
func (x *extractor) parentsAreDirs(name, rel string) error {
	for dir := path.Dir(rel); dir != "."; dir = path.Dir(dir) {
		if k, ok := x.seen[dir]; ok && k != kindDir {
			return &UnsafeError{Entry: name, Reason: reasonNotDir}
		}
	}
	// Folders made on the way count as folders: a later link of the same name is a
	// duplicate, not a link over a folder.
	for dir := path.Dir(rel); dir != "."; dir = path.Dir(dir) {
		x.seen[dir] = kindDir
	}
	return os.MkdirAll(filepath.Join(x.root, filepath.FromSlash(path.Dir(rel))), 0o755)
}

func (x *extractor) write(e entry, dst string) error {
	r, err := e.open()
	if err != nil {
		return fmt.Errorf("could not read %s: %w", e.name, err)
	}
	defer r.Close()
	mode := fs.FileMode(0o644)
	if e.exec {
		mode = 0o755
	}
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return fmt.Errorf("could not write %s: %w", e.name, err)
	}
	// The header's size is the archive's word; count what actually arrives.
	room := x.lim.ExtractedSize - x.size
	n, err := io.Copy(f, io.LimitReader(r, room+1))
	x.size += n
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	var le *LimitError
	if n > room || errors.As(err, &le) {
		return &LimitError{What: limitExtracted, Limit: x.lim.ExtractedSize}
	}
	if err != nil {
		return fmt.Errorf("could not extract %s: %w", e.name, err)
	}
	return nil
}

// hardlink links to a regular file that the archive already holds, and to nothing else.
func (x *extractor) hardlink(e entry, rel, dst string) error {
	target, err := cleanName(e.link)
	if err != nil || target == "" {
		return &UnsafeError{Entry: e.name, Target: e.link, Reason: reasonLinkOut}
	}
	switch k, ok := x.seen[target]; {
	case !ok:
		return &UnsafeError{Entry: e.name, Target: e.link, Reason: reasonLinkBroken}
	case k != kindFile:
		// A hard link to a folder or a symlink is not something an exercise needs.
		return &UnsafeError{Entry: e.name, Target: e.link, Reason: reasonSpecial}
	}
	x.seen[rel] = kindFile
	return os.Link(filepath.Join(x.root, filepath.FromSlash(target)), dst)
}

// finish makes the symlinks, then proves that each resolves, through any other link,
// to something inside the folder: a lexical check alone misses "a/b/link/..".
func (x *extractor) finish() error {
	sort.Slice(x.links, func(i, j int) bool { return x.links[i].name < x.links[j].name })
	for _, l := range x.links {
		if l.link == "" || strings.ContainsRune(l.link, 0) {
			return &UnsafeError{Entry: l.name, Target: l.link, Reason: reasonBadName}
		}
		t := strings.ReplaceAll(l.link, "\\", "/")
		if strings.HasPrefix(t, "/") || (len(t) >= 2 && t[1] == ':') {
			return &UnsafeError{Entry: l.name, Target: l.link, Reason: reasonLinkAbs}
		}
		if j := path.Join(path.Dir(l.name), t); j == ".." || strings.HasPrefix(j, "../") {
			return &UnsafeError{Entry: l.name, Target: l.link, Reason: reasonLinkOut}
		}
		dst := filepath.Join(x.root, filepath.FromSlash(l.name))
		if err := os.Symlink(filepath.FromSlash(t), dst); err != nil {
			return fmt.Errorf("could not make the link %s: %w", l.name, err)
		}
	}
	for _, l := range x.links {
		real, err := filepath.EvalSymlinks(filepath.Join(x.root, filepath.FromSlash(l.name)))
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return &UnsafeError{Entry: l.name, Target: l.link, Reason: reasonLinkBroken}
			}
			return &UnsafeError{Entry: l.name, Target: l.link, Reason: reasonLinkOut}
		}
		if !within(x.root, real) {
			return &UnsafeError{Entry: l.name, Target: l.link, Reason: reasonLinkOut}
		}
	}
	return nil
}

func within(root, p string) bool {
	r, err := filepath.Rel(root, p)
	return err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) && !filepath.IsAbs(r)
}
