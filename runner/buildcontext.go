package runner

import (
	"archive/tar"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

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

// labelLine is a single LABEL instruction carrying labels, to append to the Dockerfile
// in the context. Passed as build options, the classic builder would add one step,
// a container and a commit, per label; one instruction is one step. It declines
// (false) when appending is not safe: a last line that continues, or a value that
// would need quoting rules the Dockerfile's escape directive might change.
func labelLine(dockerfile []byte, labels map[string]string) (string, bool) {
	text := strings.TrimRight(string(dockerfile), " \t\r\n")
	if strings.HasSuffix(text, "\\") || strings.HasSuffix(text, "`") || !hasInstruction(text) {
		// Left alone, the engine explains an empty Dockerfile better.
		return "", false
	}
	keys := make([]string, 0, len(labels))
	for k, v := range labels {
		if !plainLabel.MatchString(k) || (v != "" && !plainLabel.MatchString(v)) {
			return "", false
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("LABEL")
	for _, k := range keys {
		fmt.Fprintf(&b, " %s=\"%s\"", k, labels[k])
	}
	return b.String(), true
}

var plainLabel = regexp.MustCompile(`^[A-Za-z0-9._/:@+-]+$`)

// appendLine returns a tar modifier that adds line at the end of a file.
func appendLine(line string) archive.TarModifierFunc {
	return func(_ string, h *tar.Header, content io.Reader) (*tar.Header, []byte, error) {
		if h == nil {
			return nil, nil, nil
		}
		data, err := io.ReadAll(content)
		if err != nil {
			return nil, nil, err
		}
		data = append(bytes.TrimRight(data, " \t\r\n"), []byte("\n"+line+"\n")...)
		return h, data, nil
	}
}

func hasInstruction(text string) bool {
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			return true
		}
	}
	return false
}
