package grade

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/dockademy/dockademy/lessons"
)

// firsts lets the first build of each distinct context run alone on an engine.
//
// The classic builder does not share work between builds in flight: two builds of the
// same files started together both make every layer. Submissions are often the same
// (learners share the starter files, and many write the solution), so the first
// build of a context goes ahead and the others wait for it to finish, then find every
// layer in the cache. Different contexts build side by side.
type firsts struct {
	mu   sync.Mutex
	seen map[string]chan struct{} // closed once the first build of the key is done
}

func newFirsts() *firsts { return &firsts{seen: map[string]chan struct{}{}} }

// begin returns at once for the first build of key, and otherwise once that one is
// done (or ctx ends). done marks this build finished; calling it again is harmless.
func (f *firsts) begin(ctx context.Context, key string) (done func()) {
	if key == "" {
		return func() {}
	}
	f.mu.Lock()
	ch, ok := f.seen[key]
	if !ok {
		ch = make(chan struct{})
		f.seen[key] = ch
		f.mu.Unlock()
		return sync.OnceFunc(func() { close(ch) })
	}
	f.mu.Unlock()
	select {
	case <-ch:
	case <-ctx.Done():
	}
	return func() {}
}

// contextKey names what a build step would send and ask: the files of its context
// (paths, execute bits, link targets, contents), its Dockerfile and its arguments.
// "" when the folder cannot be read; such a build just does not wait.
func contextKey(dir string, s *lessons.Step) string {
	sub := filepath.Clean(filepath.FromSlash(s.Subject))
	if filepath.IsAbs(sub) {
		return ""
	}
	root := filepath.Join(dir, sub)
	if !within(dir, root) {
		return ""
	}
	h := sha256.New()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", filepath.ToSlash(rel), d.Type())
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			io.WriteString(h, target)
		case d.Type().IsRegular():
			info, err := d.Info()
			if err != nil {
				return err
			}
			fmt.Fprintf(h, "%t\x00%d\x00", info.Mode()&0o111 != 0, info.Size())
			f, err := os.Open(p)
			if err != nil {
				return err
			}
			_, err = io.Copy(h, f)
			f.Close()
			if err != nil {
				return err
			}
		}
		_, err = h.Write([]byte{0})
		return err
	})
	if err != nil {
		return ""
	}
	keys := make([]string, 0, len(s.Build.Args))
	for k := range s.Build.Args {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Fprintf(h, "\x01%s\x00%s\x00", sub, s.Build.File)
	for _, k := range keys {
		fmt.Fprintf(h, "%s=%s\x00", k, s.Build.Args[k])
	}
	return hex.EncodeToString(h.Sum(nil))
}

func within(root, p string) bool {
	r, err := filepath.Rel(root, p)
	return err == nil && r != ".." && (len(r) < 3 || r[:3] != ".."+string(filepath.Separator))
}
