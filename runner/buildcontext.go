package runner

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	archive "github.com/moby/go-archive"
	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
)

// contextTar packs dir as docker/cli does: the engine does not read .dockerignore, so
// the client leaves out what it excludes, except the Dockerfile and .dockerignore
// themselves, which the builder needs.
func contextTar(dir, dockerfile string) (io.ReadCloser, error) {
	excludes, err := readDockerignore(dir)
	if err != nil {
		return nil, err
	}
	excludes = keepBuildFiles(excludes, filepath.ToSlash(dockerfile))
	return archive.TarWithOptions(dir, &archive.TarOptions{ExcludePatterns: excludes})
}

func readDockerignore(dir string) ([]string, error) {
	f, err := os.Open(filepath.Join(dir, ".dockerignore"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	patterns, err := ignorefile.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("could not read .dockerignore: %w", err)
	}
	return patterns, nil
}

func keepBuildFiles(excludes []string, dockerfile string) []string {
	if len(excludes) == 0 {
		return excludes
	}
	if ok, _ := patternmatcher.Matches(".dockerignore", excludes); ok {
		excludes = append(excludes, "!.dockerignore")
	}
	if ok, _ := patternmatcher.MatchesOrParentMatches(dockerfile, excludes); ok {
		excludes = append(excludes, "!"+dockerfile)
	}
	return excludes
}
