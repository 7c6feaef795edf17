package classroom

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/dockademy/dockademy/internal/workspace"
)

// Files in the workspace's state folder (.dockademy/).
const (
	configFile  = "classroom.json"         // the class joined, with the learner's token
	currentFile = "classroom-current.json" // the instructor's current exercise, as last fetched
	outboxDir   = "outbox"                 // events not yet acknowledged, one file each
)

// ErrNotJoined means the workspace has not joined a class.
var ErrNotJoined = errors.New("this workspace has not joined a class: run 'dockademy join <url> <code> --name <name>'")

// Config is a workspace's membership of a class.
type Config struct {
	URL       string    `json:"url"`
	LearnerID string    `json:"learner_id"`
	Name      string    `json:"name"`
	Token     string    `json:"token"`
	JoinedAt  time.Time `json:"joined_at"`
}

// Joined reports whether the workspace whose state folder is stateDir has joined a
// class.
func Joined(stateDir string) bool {
	_, err := os.Stat(filepath.Join(stateDir, configFile))
	return err == nil
}

// Load reads the workspace's membership, or ErrNotJoined.
func Load(stateDir string) (*Config, error) {
	b, err := os.ReadFile(filepath.Join(stateDir, configFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotJoined
	}
	if err != nil {
		return nil, fmt.Errorf("could not read the class membership: %w", err)
	}
	var c Config
	if err := json.Unmarshal(b, &c); err != nil || c.URL == "" || c.Token == "" || c.LearnerID == "" {
		return nil, fmt.Errorf("%s is broken: run 'dockademy leave', then 'dockademy join' again", filepath.Join(stateDir, configFile))
	}
	return &c, nil
}

// Save records a membership. The file holds the learner's token, so only its owner
// may read it.
func Save(stateDir string, c *Config) error {
	if err := os.MkdirAll(stateDir, 0o755); err != nil {
		return err
	}
	b, _ := json.MarshalIndent(c, "", "  ")
	return workspace.WriteFileAtomic(filepath.Join(stateDir, configFile), append(b, '\n'), 0o600)
}

// Forget removes the membership and the cached current exercise. The outbox is the
// caller's to drop (see Leave).
func Forget(stateDir string) error {
	var errs []error
	for _, f := range []string{configFile, currentFile} {
		if err := os.Remove(filepath.Join(stateDir, f)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

type current struct {
	Exercise  string    `json:"exercise"`
	FetchedAt time.Time `json:"fetched_at"`
}

// CurrentExercise is the exercise the instructor says the class is on, as last
// fetched from the server (at each delivery), or "" when there is none or the
// workspace has not joined a class. It never touches the network.
func CurrentExercise(stateDir string) string {
	if !Joined(stateDir) {
		return ""
	}
	b, err := os.ReadFile(filepath.Join(stateDir, currentFile))
	if err != nil {
		return ""
	}
	var c current
	if json.Unmarshal(b, &c) != nil {
		return ""
	}
	return strings.TrimSpace(c.Exercise)
}

func setCurrentExercise(stateDir, ex string) error {
	if CurrentExercise(stateDir) == ex && ex != "" {
		return nil
	}
	b, _ := json.Marshal(current{Exercise: ex, FetchedAt: time.Now().UTC()})
	return workspace.WriteFileAtomic(filepath.Join(stateDir, currentFile), append(b, '\n'), 0o644)
}
