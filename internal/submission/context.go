package submission

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
)

// ContextSize is how many bytes of regular files a build of dir sends to the engine:
// what .dockerignore leaves in, as the runner packs it.
func ContextSize(dir string) (int64, error) {
	var pm *patternmatcher.PatternMatcher
	if f, err := os.Open(filepath.Join(dir, ".dockerignore")); err == nil {
		patterns, err := ignorefile.ReadAll(f)
		f.Close()
		if err != nil {
			return 0, fmt.Errorf("could not read .dockerignore: %w", err)
		}
		if pm, err = patternmatcher.New(patterns); err != nil {
			// The build will say what is wrong with the patterns; count everything.
			pm = nil
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return 0, err
	}
	var total int64
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		if pm != nil {
			if skip, _ := pm.MatchesOrParentMatches(filepath.ToSlash(rel)); skip {
				return nil
			}
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		total += info.Size()
		return nil
	})
	return total, err
}
