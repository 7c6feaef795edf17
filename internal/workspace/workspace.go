// Package workspace manages a learner's folder: one sub-folder per exercise with its
// starter files, and a marker that says which course it belongs to.
package workspace

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/dockademy/dockademy/lessons"
)

// MarkerDir is the folder that marks a workspace's root and holds its state.
const MarkerDir = ".dockademy"

// ErrNotFound means no workspace encloses the folder.
var ErrNotFound = errors.New("no dockademy workspace here")

// Workspace is an initialised learner folder.
type Workspace struct {
	Root string
	Meta Meta
}

// Meta is what the marker records.
type Meta struct {
	Version int    `json:"version"`
	Lang    string `json:"lang"`
	Lessons string `json:"lessons,omitempty"` // a teacher's course folder, when not the built-in one
}

// ExerciseDir is where an exercise's files live.
func (w *Workspace) ExerciseDir(ex *lessons.Exercise) string {
	return filepath.Join(w.Root, ex.LessonID, ex.ID)
}

// StateDir is where progress and other state are kept.
func (w *Workspace) StateDir() string { return filepath.Join(w.Root, MarkerDir) }

// Find walks up from dir to the nearest workspace root.
func Find(dir string) (*Workspace, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, MarkerDir, "workspace.json"))
		if err == nil {
			ws := &Workspace{Root: dir}
			if err := json.Unmarshal(b, &ws.Meta); err != nil {
				return nil, fmt.Errorf("workspace %s: broken %s/workspace.json: %w", dir, MarkerDir, err)
			}
			return ws, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("could not read workspace marker in %s: %w", dir, err)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return nil, ErrNotFound
		}
		dir = parent
	}
}

// Init creates a workspace in dir with every exercise's starter files. It never
// overwrites a file that exists: a learner's work is worth more than a fresh starter.
// It returns the files it wrote, relative to dir.
func Init(dir string, course *lessons.Course, meta Meta) (*Workspace, []string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, nil, err
	}
	meta.Version = 1
	if meta.Lang == "" {
		meta.Lang = course.Lang
	}
	if err := os.MkdirAll(filepath.Join(dir, MarkerDir), 0o755); err != nil {
		return nil, nil, fmt.Errorf("could not create workspace %s: %w", dir, err)
	}
	b, _ := json.MarshalIndent(meta, "", "  ")
	if err := WriteFileAtomic(filepath.Join(dir, MarkerDir, "workspace.json"), append(b, '\n'), 0o644); err != nil {
		return nil, nil, err
	}
	ws := &Workspace{Root: dir, Meta: meta}
	var wrote []string
	for _, l := range course.Lessons {
		for _, ex := range l.Exercises {
			w, err := WriteFiles(ws.ExerciseDir(ex), ex.Files, false)
			if err != nil {
				return nil, nil, fmt.Errorf("could not write the files of %s: %w", ex.FullID(), err)
			}
			for _, f := range w {
				rel, _ := filepath.Rel(dir, f)
				wrote = append(wrote, filepath.ToSlash(rel))
			}
		}
	}
	return ws, wrote, nil
}
